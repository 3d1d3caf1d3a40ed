import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { IndexWork, SearchIndex } from './search-index.ts';
import { parseSearchQuery } from './search-query.ts';
import { createSqliteSearchIndex, dropLegacySearchTables, markedSpans, rowEdit } from './sqlite-search-index.ts';
import { transcriptChunks } from './transcript-chunks.ts';

const open: SearchIndex[] = [];
afterEach(async () => {
  for (const index of open.splice(0)) await index.close();
});

function tempIndex(): { index: SearchIndex; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-search-'));
  const file = path.join(dir, 'accord.sqlite');
  const index = createSqliteSearchIndex(file);
  open.push(index);
  return { index, file };
}

const work: IndexWork = { yieldIfDue: async () => {}, cancelled: () => false };

/** Indexes `text` as turns split at line breaks, like an imported transcript. */
async function put(index: SearchIndex, projectId: string, documentId: string, text: string, fingerprint = 'v1'): Promise<void> {
  const units = [];
  let at = 0;
  for (const line of text.split('\n')) {
    if (line) units.push({ start: at, end: at + line.length, kind: 'turn' as const });
    at += line.length + 1;
  }
  expect(await index.replaceDocument(projectId, documentId, fingerprint, transcriptChunks(text, units), work)).toBe(true);
}

/** The text of every hit, checked against the transcript at its offsets. */
async function found(index: SearchIndex, projectId: string, q: string, texts: Record<string, string>): Promise<string[]> {
  const hits = await index.search(projectId, parseSearchQuery(q), work);
  hits.sort((a, b) => a.documentId.localeCompare(b.documentId) || a.start - b.start);
  return hits.map((h) => `${h.documentId}:${texts[h.documentId]!.slice(h.start, h.end)}`);
}

const p01 = [
  'Interviewer: How was the café?',
  'Participant: The CAFE was naïve, really. Naive people, naive plans. The support team helped.',
  'Participant: We found the team that supports us; support teams change. Leadership and leaders lead.',
  "Participant: I don't think self-care is selfish.",
].join('\n');
const p02 = 'Participant: Je suis alle\u0301 au cafe\u0301 — support, team.';
const texts = { p01, p02 };

describe('rowEdit', () => {
  const stored = (...bodies: string[]) => {
    let at = 0;
    return bodies.map((body, i) => {
      const row = { id: i + 1, start: at, body };
      at += body.length + 1;
      return row;
    });
  };
  const chunks = (...texts: string[]) => stored(...texts).map(({ start, body }) => ({ start, text: body }));

  it('touches nothing when the text is the same', () => {
    expect(rowEdit(stored('a', 'b', 'c'), chunks('a', 'b', 'c'))).toEqual({ deleted: [], characters: 0, inserted: [], moved: [] });
  });

  it('replaces the rows whose text changed and moves the rows after them', () => {
    expect(rowEdit(stored('a', 'b', 'c', 'd'), chunks('a', 'B!', 'c', 'd'))).toEqual({ deleted: [2], characters: 3, inserted: [{ start: 2, text: 'B!' }], moved: [{ id: 3, start: 5 }, { id: 4, start: 7 }] });
    expect(rowEdit(stored('a', 'b'), chunks('new', 'a', 'b'))).toEqual({ deleted: [], characters: 3, inserted: [{ start: 0, text: 'new' }], moved: [{ id: 1, start: 4 }, { id: 2, start: 6 }] });
    expect(rowEdit(stored('a', 'b', 'c', 'd', 'e'), chunks('a', 'B', 'c', 'd', 'E'))).toEqual({ deleted: [2, 5], characters: 4, inserted: [{ start: 2, text: 'B' }, { start: 8, text: 'E' }], moved: [] });
    expect(rowEdit(stored('a', 'b', 'c'), chunks('a', 'c'))).toEqual({ deleted: [2], characters: 1, inserted: [], moved: [{ id: 3, start: 2 }] });
  });

  it('never matches a row twice when the same turn repeats', () => {
    expect(rowEdit(stored('yes', 'yes'), chunks('yes', 'yes', 'yes'))).toEqual({ deleted: [], characters: 3, inserted: [{ start: 8, text: 'yes' }], moved: [] });
    expect(rowEdit(stored('yes', 'no', 'yes'), chunks('no', 'yes', 'yes'))).toEqual({ deleted: [], characters: 0, inserted: [], moved: [{ id: 2, start: 0 }, { id: 1, start: 3 }] });
    expect(rowEdit(stored('yes', 'yes', 'yes'), chunks('yes'))).toEqual({ deleted: [2, 3], characters: 6, inserted: [], moved: [] });
  });
});

describe('markedSpans', () => {
  it('reads the spans highlight() marked as offsets into the unmarked text', () => {
    expect(markedSpans('a \u0001bc\u0002 d \u0001e\u0002')).toEqual([
      [2, 4],
      [7, 8],
    ]);
    expect(markedSpans('\u0001x\u0002\u0001y\u0002')).toEqual([
      [0, 1],
      [1, 2],
    ]);
    expect(markedSpans('no hit')).toEqual([]);
  });
});

describe('the SQLite search index', () => {
  it('finds words whatever their case and accents, at their exact offsets', async () => {
    const { index } = tempIndex();
    await put(index, 'project', 'p01', p01);
    await put(index, 'project', 'p02', p02);
    expect(await found(index, 'project', 'cafe', texts)).toEqual(['p01:café', 'p01:CAFE', 'p02:cafe\u0301']);
    expect(await found(index, 'project', 'CAFÉ', texts)).toEqual(['p01:café', 'p01:CAFE', 'p02:cafe\u0301']);
    expect(await found(index, 'project', 'NAÏVE', texts)).toEqual(['p01:naïve', 'p01:Naive', 'p01:naive']);
    expect(await found(index, 'project', 'allé', texts)).toEqual(['p02:alle\u0301']);
  });

  it('finds a phrase only as its words in order, next to each other, in one turn', async () => {
    const { index } = tempIndex();
    await put(index, 'project', 'p01', p01);
    await put(index, 'project', 'p02', p02);
    expect(await found(index, 'project', '"support team"', texts)).toEqual(['p01:support team', 'p02:support, team']);
    expect(await found(index, 'project', '"team support"', texts)).toEqual([]);
    expect(await found(index, 'project', "don't", texts)).toEqual(["p01:don't"]);
    expect(await found(index, 'project', 'self-care', texts)).toEqual(['p01:self-care']);
    // Both words in one turn: every occurrence of each is a hit.
    expect(await found(index, 'project', 'naive helped', texts)).toEqual(['p01:naïve', 'p01:Naive', 'p01:naive', 'p01:helped']);
    expect(await found(index, 'project', 'naive leadership', texts)).toEqual([]);
  });

  it('finds words by their start, alone or at the end of a phrase, and either side of OR', async () => {
    const { index } = tempIndex();
    await put(index, 'project', 'p01', p01);
    expect(await found(index, 'project', 'lead*', texts)).toEqual(['p01:Leadership', 'p01:leaders', 'p01:lead']);
    expect(await found(index, 'project', 'support*', texts)).toEqual(['p01:support', 'p01:supports', 'p01:support']);
    expect(await found(index, 'project', '"support tea"*', texts)).toEqual(['p01:support team', 'p01:support teams']);
    expect(await found(index, 'project', 'selfish OR leaders', texts)).toEqual(['p01:leaders', 'p01:selfish']);
  });

  it('searches one project only', async () => {
    const { index } = tempIndex();
    await put(index, 'first', 'p01', p01);
    await put(index, 'second', 'p02', p02);
    expect(await found(index, 'second', 'cafe', texts)).toEqual(['p02:cafe\u0301']);
    expect(await found(index, 'first', 'allé', texts)).toEqual([]);
  });

  it('replaces a document’s text as a whole, and keeps the old text when a replacement is cancelled', async () => {
    const { index } = tempIndex();
    await put(index, 'project', 'p01', 'Participant: the old words.');
    await put(index, 'project', 'p01', 'Participant: brand new words.', 'v2');
    const now = { p01: 'Participant: brand new words.' };
    expect(await found(index, 'project', 'old', now)).toEqual([]);
    expect(await found(index, 'project', 'words', now)).toEqual(['p01:words']);
    expect(await index.fingerprintOf('project', 'p01')).toBe('v2');

    let steps = 0;
    const cancelling: IndexWork = { yieldIfDue: async () => void steps++, cancelled: () => steps > 0 };
    // Longer than an edit made in place, so it takes the sliced (cancellable) path.
    const long = Array.from({ length: 2000 }, (_, i) => `Participant: replacement turn ${i} about zebras.`).join('\n');
    const units = long.split('\n').map((line, i, lines) => {
      const start = lines.slice(0, i).reduce((n, l) => n + l.length + 1, 0);
      return { start, end: start + line.length, kind: 'turn' as const };
    });
    expect(await index.replaceDocument('project', 'p01', 'v3', transcriptChunks(long, units), cancelling)).toBe(false);
    expect(await found(index, 'project', 'zebras', now)).toEqual([]);
    expect(await found(index, 'project', 'words', now)).toEqual(['p01:words']);
    expect(await index.fingerprintOf('project', 'p01')).toBe('v2');
  });

  it('re-indexes an edit of a long transcript by rewriting only the turns it touched, the rest keeping their rows at their new offsets', async () => {
    const { index } = tempIndex();
    const lines = Array.from({ length: 300 }, (_, i) => `Participant: turn ${i} mentions marker${i} and the support team.`);
    const before = lines.join('\n');
    await put(index, 'project', 'long', before);
    const rowOf = async (word: string, text: string) => {
      const hits = await index.search('project', parseSearchQuery(word), work);
      expect(hits).toHaveLength(1);
      expect(text.slice(hits[0]!.start, hits[0]!.end)).toBe(word);
      return hits[0]!.rowId;
    };
    const row250 = await rowOf('marker250', before);
    const row3 = await rowOf('marker3', before);

    // A question added near the top (every later offset moves), and one word corrected lower down.
    const edited = [...lines.slice(0, 5), 'Interviewer: what about the zebras?', ...lines.slice(5)];
    edited[201] = edited[201]!.replace('support', 'coaching');
    const after = edited.join('\n');
    await put(index, 'project', 'long', after, 'v2');

    expect(await rowOf('zebras', after)).toBeGreaterThan(row250);
    expect(await rowOf('marker250', after)).toBe(row250);
    expect(await rowOf('marker3', after)).toBe(row3);
    expect(await found(index, 'project', 'coaching', { long: after })).toEqual(['long:coaching']);
    expect(await found(index, 'project', '"support team"', { long: after })).toHaveLength(299);
    expect(await index.fingerprintOf('project', 'long')).toBe('v2');
  });

  it('is tidied in steps that give way when asked to, and finds the same afterwards', async () => {
    const { index } = tempIndex();
    const texts: Record<string, string> = {};
    for (let d = 0; d < 12; d++) {
      texts[`d${d}`] = `Participant: document ${d} talks about the support team and the café.`;
      await put(index, 'project', `d${d}`, texts[`d${d}`]!);
    }
    const before = await found(index, 'project', '"support team"', texts);
    expect(before).toHaveLength(12);
    expect(await index.tidy({ yieldIfDue: async () => {}, cancelled: () => true })).toBe(false);
    expect(await index.tidy(work)).toBe(true);
    await index.removeDocument('project', 'd3');
    delete texts.d3;
    expect(await index.tidy(work)).toBe(true);
    expect(await found(index, 'project', '"support team"', texts)).toEqual(before.filter((hit) => !hit.startsWith('d3:')));
  });

  it('re-indexes a 60,000-character transcript in slices, letting other work run in between', async () => {
    const { index } = tempIndex();
    const words = 'support team plan toolkit implementation asked help built together manager coach training meeting staff'.split(' ');
    const lines: string[] = [];
    let length = 0;
    for (let i = 0; length < 60_000; i++) {
      const line = `Participant: ${Array.from({ length: 80 }, (_, j) => words[(i * 7 + j * 3) % words.length]).join(' ')}.`;
      lines.push(line);
      length += line.length + 1;
    }
    const text = lines.join('\n');
    let otherWork = 0;
    let yields = 0;
    const sliced: IndexWork = {
      yieldIfDue: async () => {
        yields++;
        await new Promise<void>((resolve) => setImmediate(resolve));
      },
      cancelled: () => false,
    };
    const ticker = setInterval(() => otherWork++, 0);
    try {
      const units = [];
      let at = 0;
      for (const line of lines) {
        units.push({ start: at, end: at + line.length, kind: 'turn' as const });
        at += line.length + 1;
      }
      // The first version of the text, whose rows the re-index deletes (the slow part: every word leaves the index).
      await put(index, 'project', 'big', text.replaceAll('toolkit', 'kitbag'));
      const before = otherWork;
      expect(await index.replaceDocument('project', 'big', 'v2', transcriptChunks(text, units), sliced)).toBe(true);
      expect(yields).toBeGreaterThan(1);
      expect(otherWork).toBeGreaterThan(before);
    } finally {
      clearInterval(ticker);
    }
    const hits = await index.search('project', parseSearchQuery('toolkit'), work);
    expect(hits.length).toBeGreaterThan(100);
    for (const hit of hits) expect(text.slice(hit.start, hit.end)).toBe('toolkit');
  });

  it('removes a document’s words and text from the database files', async () => {
    const { index, file } = tempIndex();
    await put(index, 'project', 'doomed', 'Participant: the quokkaword and WOMBATTEXT-77 are here.');
    await put(index, 'project', 'kept', 'Participant: the numbatword stays.');
    await put(index, 'other', 'doomed2', 'Participant: the bilbyword goes with its project.');
    const holding = (marker: string) => [file, `${file}-wal`].filter((f) => fs.existsSync(f) && fs.readFileSync(f).includes(Buffer.from(marker)));
    expect(holding('quokkaword')).not.toEqual([]);
    expect(holding('WOMBATTEXT')).not.toEqual([]);

    await index.removeDocument('project', 'doomed');
    await index.removeProject('other');
    // The removals emptied the write-ahead log themselves (the index has a file of its own: no other checkpoint comes).
    expect(fs.statSync(`${file}-wal`).size).toBe(0);
    for (const marker of ['quokkaword', 'WOMBATTEXT', 'wombattext', 'bilbyword']) expect(holding(marker), marker).toEqual([]);
    // Merging the segments that are left brings nothing back.
    expect(await index.tidy(work)).toBe(true);
    expect(await index.search('project', parseSearchQuery('quokkaword'), work)).toEqual([]);
    expect(await index.fingerprintOf('project', 'doomed')).toBeNull();
    expect(await index.indexedDocuments()).toEqual([{ projectId: 'project', documentId: 'kept', fingerprint: 'v1' }]);
    for (const marker of ['quokkaword', 'WOMBATTEXT', 'wombattext', 'bilbyword']) expect(holding(marker), marker).toEqual([]);
    expect(holding('numbatword')).not.toEqual([]);
  });

  it('drops the tables an earlier version kept in accord.sqlite, and their text with them, once', async () => {
    // The old layout: the index's tables inside the main database file, beside its other tables.
    const { index, file } = tempIndex();
    await put(index, 'project', 'old', 'Participant: the echidnaword was indexed in accord.sqlite.');
    await index.close();
    const other = new Database(file);
    other.exec("CREATE TABLE IF NOT EXISTS users (id TEXT PRIMARY KEY); INSERT INTO users VALUES ('ana')");
    other.pragma('wal_checkpoint(TRUNCATE)');
    other.close();
    const holding = (marker: string) => [file, `${file}-wal`].filter((f) => fs.existsSync(f) && fs.readFileSync(f).includes(Buffer.from(marker)));
    expect(holding('echidnaword')).not.toEqual([]);

    expect(dropLegacySearchTables(file)).toBe(true);
    expect(holding('echidnaword')).toEqual([]);
    const after = new Database(file, { readonly: true });
    expect(after.prepare("SELECT name FROM sqlite_master WHERE name LIKE 'search%'").all()).toEqual([]);
    expect(after.prepare('SELECT id FROM users').all()).toEqual([{ id: 'ana' }]);
    after.close();
    expect(dropLegacySearchTables(file)).toBe(false);
    expect(dropLegacySearchTables(path.join(path.dirname(file), 'absent.sqlite'))).toBe(false);
    expect(fs.existsSync(path.join(path.dirname(file), 'absent.sqlite'))).toBe(false);
  });
});
