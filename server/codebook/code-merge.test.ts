import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Code } from '../../shared/model/codebook.ts';
import { addCode, readCodes } from '../../shared/ydoc/codebook-doc.ts';
import { codingsMap } from '../../shared/ydoc/layer-doc.ts';
import { checkMerge, CodeMergeError, legacyMergesKey, mergeInCodebook, recodeLayer, restoreLayer, undoMergeInCodebook } from './code-merge.ts';

const code = (id: string, overrides: Partial<Code> = {}): Code => ({
  id,
  name: id,
  shortName: id.slice(0, 3),
  colour: '#E69F00',
  parentId: null,
  order: 1,
  definition: `definition of ${id}`,
  inclusion: '',
  exclusion: '',
  examples: [],
  isStage: false,
  stageOrder: null,
  domain: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'u1',
  ...overrides,
});

function codebook(): Y.Doc {
  const doc = new Y.Doc();
  addCode(doc, code('support'));
  addCode(doc, code('push', { parentId: 'support', order: 1, isStage: true, stageOrder: 1 }));
  addCode(doc, code('pull', { parentId: 'support', order: 2 }));
  addCode(doc, code('toolkit', { parentId: 'push', order: 1 }));
  addCode(doc, code('training', { parentId: 'push', order: 2 }));
  return doc;
}

function layer(codings: Record<string, string>): Y.Doc {
  const doc = new Y.Doc();
  for (const [id, codeId] of Object.entries(codings)) {
    codingsMap(doc).set(id, { codeId, start: new Uint8Array([1]), end: new Uint8Array([2]), memo: '', createdAt: 1, updatedAt: 1 });
  }
  return doc;
}
const codeIds = (doc: Y.Doc) => Object.fromEntries([...codingsMap(doc).entries()].map(([id, v]) => [id, v.codeId]));
const reason = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    if (error instanceof CodeMergeError) return error.reason;
    throw error;
  }
  return null;
};

describe('merging codes in Y.Docs', () => {
  it('refuses unknown codes, a code into itself and a code into its own descendant', () => {
    const doc = codebook();
    expect(reason(() => checkMerge(doc, 'nope', 'pull'))).toBe('unknownCode');
    expect(reason(() => checkMerge(doc, 'push', 'nope'))).toBe('unknownCode');
    expect(reason(() => checkMerge(doc, 'push', 'push'))).toBe('intoItself');
    expect(reason(() => checkMerge(doc, 'support', 'toolkit'))).toBe('intoDescendant');
    expect(reason(() => checkMerge(doc, 'toolkit', 'support'))).toBeNull();
  });

  it('recodes only the codings of the merged code', () => {
    const doc = layer({ a: 'push', b: 'pull', c: 'push' });
    expect(recodeLayer(doc, 'push', 'pull', 5).sort()).toEqual(['a', 'c']);
    expect(codeIds(doc)).toEqual({ a: 'pull', b: 'pull', c: 'pull' });
    expect(codingsMap(doc).get('a')!.updatedAt).toBe(5);
    expect(codingsMap(doc).get('b')!.updatedAt).toBe(1);
  });

  it('moves the children under the target, removes the code and returns the record, keeping none in the room', () => {
    const doc = codebook();
    doc.getMap(legacyMergesKey).set('old', { recoded: [{ room: 'layer:p:d:someone', codingId: 'x' }] });
    const record = mergeInCodebook(doc, { mergeId: 'm1', fromId: 'push', intoId: 'pull', recoded: [{ room: 'layer:p:d:u', codingId: 'a' }], by: 'pi', at: '2026-02-01T00:00:00.000Z' });
    const codes = new Map(readCodes(doc).map((c) => [c.id, c]));
    expect(codes.has('push')).toBe(false);
    expect(codes.get('toolkit')!.parentId).toBe('pull');
    expect(codes.get('training')!.parentId).toBe('pull');
    expect(record.from).toEqual(code('push', { parentId: 'support', order: 1, isStage: true, stageOrder: 1 }));
    expect(record).toMatchObject({ mergeId: 'm1', into: 'pull', recoded: [{ room: 'layer:p:d:u', codingId: 'a' }], children: [{ codeId: 'toolkit', order: 1 }, { codeId: 'training', order: 2 }] });
    // Coders may read the codebook room: which coding of whose layer a merge touched is not in it.
    expect(doc.getMap(legacyMergesKey).size).toBe(0);
    expect(Buffer.from(Y.encodeStateAsUpdate(doc)).toString('utf8')).not.toContain('layer:p:d:u');
    // Nor is any history kept in it: the server's history records the merge.
    expect(doc.share.has('codebookHistory')).toBe(false);
  });

  it('undoes a merge: the code as it was, its children back, only unchanged codings recoded back, once', () => {
    const doc = codebook();
    const before = readCodes(doc).sort((a, b) => a.id.localeCompare(b.id));
    const coder = layer({ a: 'push', b: 'pull', c: 'push', d: 'push' });
    const recoded = recodeLayer(coder, 'push', 'pull', 5).map((codingId) => ({ room: 'layer:p:d:u', codingId }));
    const record = mergeInCodebook(doc, { mergeId: 'm1', fromId: 'push', intoId: 'pull', recoded, by: 'pi', at: '2026-02-01T00:00:00.000Z' });
    // Since the merge the coder recoded one coding and deleted another.
    codingsMap(coder).set('c', { ...codingsMap(coder).get('c')!, codeId: 'support' });
    codingsMap(coder).delete('d');

    undoMergeInCodebook(doc, record);
    const outcome = restoreLayer(coder, record.recoded.map((r) => r.codingId), record.from.id, record.into, 6);
    expect(outcome).toEqual({ restored: 1, notRestored: 2 });
    expect(codeIds(coder)).toEqual({ a: 'push', b: 'pull', c: 'support' });
    expect(readCodes(doc).sort((a, b) => a.id.localeCompare(b.id))).toEqual(before);
    // The code is back: undoing the same record again is refused.
    expect(reason(() => undoMergeInCodebook(doc, record))).toBe('codeExists');
  });

  it('leaves a child that was moved elsewhere after the merge where it is', () => {
    const doc = codebook();
    const record = mergeInCodebook(doc, { mergeId: 'm1', fromId: 'push', intoId: 'pull', recoded: [], by: 'pi', at: 't1' });
    (doc.getMap('codes').get('training') as Y.Map<unknown>).set('parentId', 'support');
    undoMergeInCodebook(doc, record);
    const codes = new Map(readCodes(doc).map((c) => [c.id, c]));
    expect(codes.get('toolkit')!.parentId).toBe('push');
    expect(codes.get('toolkit')!.order).toBe(1);
    expect(codes.get('training')!.parentId).toBe('support');
  });
});
