import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { transcriptEdits, type TranscriptEdit } from './transcript-edits.ts';

/** Applies `change` to a Y.Text holding `text` and returns the edits its event reports. */
function editsOf(text: string, change: (t: Y.Text) => void): TranscriptEdit[] {
  const doc = new Y.Doc();
  const ytext = doc.getText('t');
  ytext.insert(0, text);
  let edits: TranscriptEdit[] = [];
  ytext.observe((event) => (edits = transcriptEdits(event.delta as never, text)));
  doc.transact(() => change(ytext));
  return edits;
}

/** Replays edits (offsets in the old text) onto it. */
function replay(before: string, edits: readonly TranscriptEdit[]): string {
  let out = '';
  let at = 0;
  for (const edit of edits) {
    out += before.slice(at, edit.at) + edit.inserted;
    at = edit.at + edit.removed.length;
  }
  return out + before.slice(at);
}

describe('transcript edits', () => {
  it('joins a replaced word into one edit, with the removed text', () => {
    const edits = editsOf('We asked for help.', (t) => {
      t.delete(13, 4);
      t.insert(13, 'support');
    });
    expect(edits).toEqual([{ at: 13, removed: 'help', inserted: 'support' }]);
  });

  it('reports separate edits in one transaction at their offsets in the old text, and replays to the new text', () => {
    const before = 'Interviewer: How did it start? Participant: We asked.';
    const doc = new Y.Doc();
    const ytext = doc.getText('t');
    ytext.insert(0, before);
    let edits: TranscriptEdit[] = [];
    ytext.observe((event) => (edits = transcriptEdits(event.delta as never, before)));
    doc.transact(() => {
      ytext.insert(0, '[00:01] ');
      ytext.delete(ytext.toString().indexOf(' it'), 3);
      ytext.insert(ytext.length - 1, ' for help');
    });
    expect(edits.map((e) => e.at)).toEqual([0, before.indexOf(' it'), before.length - 1]);
    expect(replay(before, edits)).toBe(ytext.toString());
  });

  it('reports nothing for a transaction that changed nothing', () => {
    expect(transcriptEdits([{ retain: 5 }], 'abcde')).toEqual([]);
  });
});
