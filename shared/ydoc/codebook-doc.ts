import * as Y from 'yjs';
import { fallbackCodeColour, isCodeColour, type Code } from '../model/codebook.ts';

/**
 * The `project:` room schema (PROTOCOL.md):
 *   Y.Map `codes`: codeId → Y.Map of the fields of `Code` (except `id`)
 * The only module that knows these names. (Older projects also hold a `codebookHistory` array that
 * clients once wrote; nothing reads it: the server derives the codebook's history itself.)
 */
export const codesKey = 'codes';

export function codesMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap(codesKey);
}

function readCode(id: string, map: Y.Map<unknown>): Code {
  const text = (key: string) => (typeof map.get(key) === 'string' ? (map.get(key) as string) : '');
  const examples = map.get('examples');
  return {
    id,
    name: text('name'),
    shortName: text('shortName'),
    // Checked on read too: any client can write any value into a shared Y.Map.
    colour: isCodeColour(map.get('colour')) ? (map.get('colour') as string) : fallbackCodeColour,
    parentId: typeof map.get('parentId') === 'string' ? (map.get('parentId') as string) : null,
    order: typeof map.get('order') === 'number' ? (map.get('order') as number) : 0,
    definition: text('definition'),
    inclusion: text('inclusion'),
    exclusion: text('exclusion'),
    examples: Array.isArray(examples) ? examples.filter((e): e is string => typeof e === 'string') : [],
    isStage: map.get('isStage') === true,
    stageOrder: typeof map.get('stageOrder') === 'number' ? (map.get('stageOrder') as number) : null,
    domain: typeof map.get('domain') === 'string' ? (map.get('domain') as string) : null,
    createdAt: text('createdAt'),
    createdBy: text('createdBy'),
  };
}

/** Every code, read defensively: a field written wrongly by another client never throws here. */
export function readCodes(doc: Y.Doc): Code[] {
  const codes: Code[] = [];
  codesMap(doc).forEach((value, id) => {
    if (value instanceof Y.Map) codes.push(readCode(id, value));
  });
  return codes;
}

function checkColour(colour: unknown): void {
  if (!isCodeColour(colour)) throw new RangeError(`a code's colour must be #rrggbb, got ${JSON.stringify(colour)}`);
}

/** Adds a code (call inside a transaction together with related changes). Throws on a malformed colour. */
export function addCode(doc: Y.Doc, code: Code): void {
  checkColour(code.colour);
  const map = new Y.Map<unknown>();
  const { id, ...fields } = code;
  for (const [key, value] of Object.entries(fields)) map.set(key, value);
  codesMap(doc).set(id, map);
}

/**
 * Changes fields of a code, writing only the fields whose value differs (so the server's history,
 * which records every field written, holds only real changes). Who and when are recorded by the
 * server from the connection that sent the change. Throws on a malformed colour.
 *
 * @example
 * updateCode(doc, 'pull', { definition: 'Practitioners seek support themselves.' })
 */
export function updateCode(doc: Y.Doc, codeId: string, changes: Partial<Omit<Code, 'id' | 'createdAt' | 'createdBy'>>): void {
  const map = codesMap(doc).get(codeId);
  if (!(map instanceof Y.Map)) throw new Error(`no code ${codeId}`);
  if ('colour' in changes) checkColour(changes.colour);
  doc.transact(() => {
    for (const [field, after] of Object.entries(changes)) {
      const before = map.get(field) ?? null;
      if (JSON.stringify(before) === JSON.stringify(after)) continue;
      map.set(field, after);
    }
  });
}
