import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { codeTree, type Code } from '../model/codebook.ts';
import { addCode, codesMap, readCodes, updateCode } from './codebook-doc.ts';

const code = (id: string, overrides: Partial<Code> = {}): Code => ({
  id,
  name: id,
  shortName: id.slice(0, 3),
  colour: '#E69F00',
  parentId: null,
  order: 0,
  definition: '',
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

describe('codebook document', () => {
  it('round-trips codes and builds the hierarchy in order', () => {
    const doc = new Y.Doc();
    addCode(doc, code('support', { order: 1 }));
    addCode(doc, code('push', { parentId: 'support', order: 2, isStage: true, stageOrder: 1 }));
    addCode(doc, code('pull', { parentId: 'support', order: 1, isStage: true, stageOrder: 2 }));
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
    const codes = readCodes(replica);
    expect(codes.find((c) => c.id === 'push')).toEqual(code('push', { parentId: 'support', order: 2, isStage: true, stageOrder: 1 }));
    const tree = codeTree(codes);
    expect(tree.map((n) => n.code.id)).toEqual(['support']);
    expect(tree[0]!.children.map((n) => n.code.id)).toEqual(['pull', 'push']);
  });

  it('writes only the fields that really change, and no history entries (the server records changes)', () => {
    const doc = new Y.Doc();
    addCode(doc, code('pull', { definition: 'Practitioners ask for support.' }));
    const written: string[] = [];
    codesMap(doc).get('pull')!.observe((event) => written.push(...event.keysChanged));
    updateCode(doc, 'pull', { definition: 'Practitioners seek support themselves.', name: 'pull' });
    expect(written).toEqual(['definition']);
    expect(readCodes(doc)[0]!.definition).toBe('Practitioners seek support themselves.');
    // Not even the array is created any more.
    expect(doc.share.has('codebookHistory')).toBe(false);
  });

  it('reads malformed codes written by another client without throwing', () => {
    const doc = new Y.Doc();
    const broken = new Y.Map<unknown>();
    broken.set('name', 42);
    broken.set('examples', 'not a list');
    codesMap(doc).set('odd', broken);
    expect(readCodes(doc)[0]).toMatchObject({ id: 'odd', name: '', examples: [], colour: '#999999' });
  });

  it('keeps a code whose parent was deleted at the top level, and lifts one member of a parent cycle', () => {
    const tree = codeTree([code('orphan', { parentId: 'gone' }), code('a', { parentId: 'b' }), code('b', { parentId: 'a' }), code('c', { parentId: 'b' })]);
    expect(tree.map((n) => n.code.id)).toEqual(['a', 'orphan']);
    expect(tree[0]!.children.map((n) => n.code.id)).toEqual(['b']);
    expect(tree[0]!.children[0]!.children.map((n) => n.code.id)).toEqual(['c']);
  });

  it('reads a malformed colour as the fallback and refuses to write one (issue 8.9)', () => {
    const doc = new Y.Doc();
    addCode(doc, code('push'));
    // Another client writes straight into the shared map, as any Yjs client can.
    codesMap(doc).get('push')!.set('colour', 'red;background-image:url(https://evil.example/track)');
    expect(readCodes(doc)[0]!.colour).toBe('#999999');
    expect(() => addCode(doc, code('pull', { colour: 'url(x)' }))).toThrow(RangeError);
    expect(() => updateCode(doc, 'push', { colour: '#12345' })).toThrow(RangeError);
    updateCode(doc, 'push', { colour: '#56b4e9' });
    expect(readCodes(doc)[0]!.colour).toBe('#56b4e9');
  });
});
