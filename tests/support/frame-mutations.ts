import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import type { Random } from './seeded-random.ts';

/**
 * Seeded generators of y-websocket client frames for protocol fuzzing: valid frames carrying real
 * Yjs updates made by real Y.Docs, and mutations of them. Each frame says what the server must do
 * with it, so a fuzz test can check every outcome, not only that the server survived.
 *
 * The wire format (y-websocket): varUint message type, then
 *   0 sync:       varUint sync type (0 step1, 1 step2, 2 update), varUint8Array payload
 *   1 awareness:  varUint8Array(varUint count, count × (varUint clientID, varUint clock, varString JSON))
 *   3 query awareness: nothing
 * Encoded here with lib0 directly, not with the server's own encoders, so the oracle is independent.
 */

/** What the server must do with one frame. */
export const Expectation = {
  /** Keep the socket open and process it. */
  accepted: 'accepted',
  /** Close the socket with 4400 (malformed message). */
  rejected: 'rejected',
  /** Either of the two: mutations that may still decode (a flipped byte inside a string). */
  either: 'either',
  /** Close the socket with 1009 (larger than MAX_FRAME_BYTES). */
  tooLarge: 'tooLarge',
} as const;
export type Expectation = (typeof Expectation)[keyof typeof Expectation];

export interface FuzzFrame {
  /** How the frame was made, e.g. `flip(update)`; failures name it. */
  readonly kind: string;
  /** A string is sent as a text frame. */
  readonly data: Uint8Array | string;
  readonly expect: Expectation;
}

export interface AwarenessEntry {
  readonly clientId: number;
  readonly clock: number;
  readonly state: unknown;
}

const messageSync = 0;
const messageAwareness = 1;
const messageQueryAwareness = 3;
const syncStep1 = 0;
const syncStep2 = 1;
const syncUpdate = 2;

export function writeSyncFrame(syncType: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageSync);
  encoding.writeVarUint(encoder, syncType);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

export function writeAwarenessUpdate(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, JSON.stringify(entry.state));
  }
  return encoding.toUint8Array(encoder);
}

export function writeAwarenessFrame(entries: readonly AwarenessEntry[]): Uint8Array {
  return wrapAwareness(writeAwarenessUpdate(entries));
}

export const queryAwarenessFrame: Uint8Array = Uint8Array.of(messageQueryAwareness);

function wrapAwareness(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageAwareness);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

function varUint(value: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, value);
  return encoding.toUint8Array(encoder);
}

function concat(...parts: readonly (Uint8Array | readonly number[])[]): Uint8Array {
  const total = parts.reduce((sum, p) => sum + p.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function randomBytes(random: Random, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = random.int(256);
  return out;
}

const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

const textPieces = ['a', 'bc', 'def ', '\n', 'é', '日本', '👩‍🔬', '\u0000', 'Interviewer: ', '"quoted"', ' '.repeat(40)];

function randomJson(random: Random, depth = 0): unknown {
  const roll = random.int(depth > 2 ? 6 : 8);
  switch (roll) {
    case 0: return null;
    case 1: return random.bool();
    case 2: return random.int(1000) - 500;
    case 3: return random.pick([0.5, -1e300, 2 ** 53, Number.MIN_VALUE]);
    case 4: return random.pick(textPieces);
    case 5: return `s${random.int(1e6)}`;
    case 6: return Array.from({ length: random.int(4) }, () => randomJson(random, depth + 1));
    default: return Object.fromEntries(Array.from({ length: random.int(4) }, (_, i) => [`k${i}`, randomJson(random, depth + 1)]));
  }
}

/**
 * A Y.Doc with a fixed client id that makes seeded random edits of every content kind Yjs has
 * (strings, formats, embeds, JSON, binary, nested types, XML, sub-documents, deletions) under
 * root types named `<prefix>-…`, so its updates never touch anyone else's types.
 */
export interface Author {
  readonly clientId: number;
  readonly doc: Y.Doc;
  /** Makes one edit and returns the update it produced. */
  edit(): Uint8Array;
  /** The next awareness update for this author (a fresh clock; sometimes a removal). */
  awareness(): Uint8Array;
}

export function createAuthor(random: Random, clientId: number, prefix: string): Author {
  const doc = new Y.Doc();
  // Fixed ids keep the frames, and so the whole fuzz run, reproducible from the seed.
  doc.clientID = clientId;
  const text = doc.getText(`${prefix}-text`);
  const map = doc.getMap<unknown>(`${prefix}-map`);
  const array = doc.getArray<unknown>(`${prefix}-array`);
  const xml = doc.getXmlFragment(`${prefix}-xml`);
  let awarenessClock = 0;
  let edits = 0;

  /**
   * Text positions that never fall between the two halves of a surrogate pair. Yjs replaces a
   * split pair by U+FFFD on the replica that splits it, so replicas that split it at different
   * moments would differ for reasons that have nothing to do with the server.
   */
  const units = () => text.toDelta().map((op: { insert: unknown }) => (typeof op.insert === 'string' ? op.insert : '\ufffc')).join('');
  const startAt = (all: string, at: number) => (at > 0 && at < all.length && isLowSurrogate(all.charCodeAt(at)) ? at - 1 : at);
  const endAt = (all: string, at: number) => (at > 0 && at < all.length && isLowSurrogate(all.charCodeAt(at)) ? at + 1 : at);
  const range = (maxLength: number) => {
    const all = units();
    const at = startAt(all, random.int(all.length));
    return { at, length: endAt(all, Math.min(all.length, at + 1 + random.int(maxLength))) - at };
  };

  const editOnce = () => {
    const roll = random.int(12);
    if (roll <= 3) text.insert(startAt(units(), random.int(text.length + 1)), random.pick(textPieces));
    else if (roll === 4 && text.length > 0) {
      const { at, length } = range(4);
      text.delete(at, length);
    } else if (roll === 5 && text.length > 0) {
      const { at, length } = range(3);
      text.format(at, length, { bold: random.bool() || null });
    } else if (roll === 6) text.insertEmbed(startAt(units(), random.int(text.length + 1)), { image: `i${random.int(100)}` });
    else if (roll === 7) map.set(`k${random.int(8)}`, randomJson(random));
    else if (roll === 8) {
      const nested = random.bool() ? new Y.Map<unknown>() : new Y.Array<unknown>();
      map.set(`t${random.int(4)}`, nested);
      if (nested instanceof Y.Map) nested.set('v', randomJson(random));
      else nested.push([randomJson(random), randomBytes(random, random.int(6))]);
    } else if (roll === 9) {
      if (array.length > 2 && random.bool()) array.delete(random.int(array.length - 1), 1);
      else array.insert(random.int(array.length + 1), [randomJson(random), randomBytes(random, 1 + random.int(8))]);
    } else if (roll === 10) {
      const element = new Y.XmlElement(random.pick(['p', 'span', 'h1']));
      element.setAttribute('data-n', String(random.int(100)));
      element.insert(0, [new Y.XmlText(random.pick(textPieces))]);
      xml.insert(random.int(xml.length + 1), [element]);
    } else if (random.int(4) === 0) {
      map.set(`doc${random.int(3)}`, new Y.Doc({ guid: `${prefix}-sub-${clientId}-${edits}` }));
    } else map.delete(`k${random.int(8)}`);
  };

  return {
    clientId,
    doc,
    edit() {
      let update: Uint8Array | null = null;
      const capture = (u: Uint8Array) => {
        update = update ? Y.mergeUpdates([update, u]) : u;
      };
      doc.on('update', capture);
      try {
        editOnce();
        edits++;
        if (!update) text.insert(0, 'x'); // the roll was a no-op (deleting from an empty type)
      } finally {
        doc.off('update', capture);
      }
      return update!;
    },
    awareness() {
      awarenessClock += 1;
      // Some states claim to be someone else, or carry a colour that is CSS: the server must relay
      // them with the socket's own identity and no such colour (PROTOCOL.md, Presence).
      const roll = random.int(6);
      const user =
        roll === 1
          ? { id: 'someone-else', name: 'Forged Owner', colour: random.pick(['#56B4E9', 'red;background:url(https://evil.example/x)', 42, null]) }
          : { name: `author-${clientId}` };
      const state = roll === 0 ? null : { user, cursor: randomJson(random, 2) };
      return writeAwarenessUpdate([{ clientId, clock: awarenessClock, state }]);
    },
  };
}

export interface FrameSourceOptions {
  /** The server's MAX_FRAME_BYTES: anything larger must be refused with 1009. */
  readonly maxFrameBytes: number;
  /** Client ids are `idBase + n`; keep ranges of different sources apart. */
  readonly idBase: number;
}

/**
 * Two kinds of author feed the frames:
 * - clean authors (root types `clean-*`) whose frames are only ever sent intact: each must be
 *   accepted, and their content must end up on the server exactly as written;
 * - dirty authors (root types `fuzz-*`) whose frames are the raw material of mutations. A mutated
 *   frame may still decode and land in the document, so later intact frames of a dirty author may
 *   legitimately be refused: their expectation is `either`.
 */
export interface FrameSource {
  next(): FuzzFrame;
  readonly cleanAuthors: readonly Author[];
  readonly dirtyAuthors: readonly Author[];
}

export function createFrameSource(random: Random, options: FrameSourceOptions): FrameSource {
  const cleanAuthors = [0, 1].map((i) => createAuthor(random, options.idBase + i, 'clean'));
  const dirtyAuthors = [2, 3, 4].map((i) => createAuthor(random, options.idBase + i, 'fuzz'));

  const frame = (kind: string, data: Uint8Array | string, expect: Expectation): FuzzFrame => ({
    kind,
    data,
    expect: typeof data !== 'string' && data.byteLength > options.maxFrameBytes ? Expectation.tooLarge : expect,
  });

  /** An intact frame from `author`, of a random valid kind. */
  const validFrame = (author: Author, clean: boolean): FuzzFrame => {
    const updateExpect = clean ? Expectation.accepted : Expectation.either;
    const roll = random.int(10);
    if (roll <= 3) return frame('update', writeSyncFrame(syncUpdate, author.edit()), updateExpect);
    if (roll === 4) return frame('step2(edit)', writeSyncFrame(syncStep2, author.edit()), updateExpect);
    if (roll === 5) return frame('step2(full)', writeSyncFrame(syncStep2, Y.encodeStateAsUpdate(author.doc)), updateExpect);
    if (roll === 6) return frame('step1', writeSyncFrame(syncStep1, Y.encodeStateVector(author.doc)), Expectation.accepted);
    if (roll <= 8) return frame('awareness', wrapAwareness(author.awareness()), Expectation.accepted);
    return frame('queryAwareness', queryAwarenessFrame, Expectation.accepted);
  };

  /** A valid frame of a dirty author with at least two bytes, to be mutated. */
  const baseFrame = (): { kind: string; data: Uint8Array } => {
    for (;;) {
      const valid = validFrame(random.pick(dirtyAuthors), false);
      if (typeof valid.data !== 'string' && valid.data.byteLength >= 2) return { kind: valid.kind, data: valid.data };
    }
  };

  const hugeLengths = [2 ** 31, 2 ** 32 + 7, 2 ** 40, 2 ** 53 - 1];

  const generators: readonly { weight: number; make: () => FuzzFrame }[] = [
    { weight: 14, make: () => validFrame(random.pick(cleanAuthors), true) },
    { weight: 10, make: () => validFrame(random.pick(dirtyAuthors), false) },
    {
      weight: 16,
      make: () => {
        const base = baseFrame();
        const data = base.data.slice();
        const flips = 1 + random.int(3);
        for (let i = 0; i < flips; i++) {
          const at = random.int(data.length);
          data[at] = data[at]! ^ (1 + random.int(255));
        }
        return frame(`flip${flips}(${base.kind})`, data, Expectation.either);
      },
    },
    {
      // Cut anywhere: the length prefix (or a varint) now promises bytes that never come.
      weight: 8,
      make: () => {
        const base = baseFrame();
        return frame(`truncate(${base.kind})`, base.data.slice(0, 1 + random.int(base.data.length - 1)), Expectation.rejected);
      },
    },
    {
      // The payload is cut but its length prefix is honest: the Yjs / awareness decoder must notice.
      weight: 6,
      make: () => {
        const author = random.pick(dirtyAuthors);
        const roll = random.int(3);
        if (roll === 0) {
          const update = author.edit();
          return frame('innerTruncate(update)', writeSyncFrame(syncUpdate, update.slice(0, random.int(update.length))), Expectation.rejected);
        }
        if (roll === 1) {
          const sv = Y.encodeStateVector(author.doc);
          const cut = sv.length > 1 ? sv.slice(0, random.int(sv.length)) : new Uint8Array(0);
          return frame('innerTruncate(step1)', writeSyncFrame(syncStep1, cut), Expectation.rejected);
        }
        const update = author.awareness();
        return frame('innerTruncate(awareness)', wrapAwareness(update.slice(0, random.int(update.length))), Expectation.rejected);
      },
    },
    {
      // A valid update with bytes after it inside its own length prefix: the frame's framing is
      // fine, so only decoding the update to its last byte can notice (PROTOCOL.md: 4400).
      weight: 4,
      make: () => {
        const author = random.pick(dirtyAuthors);
        const update = author.edit();
        return frame('innerTrailing(update)', writeSyncFrame(random.bool() ? syncUpdate : syncStep2, concat(update, randomBytes(random, 1 + random.int(8)))), Expectation.rejected);
      },
    },
    {
      weight: 5,
      make: () =>
        frame(
          'truncatedVarint',
          Uint8Array.from(random.pick([[0x80], [0xff, 0xff], [0, 0x82], [0, 2, 0xff, 0xff], [1, 0x80], [1, 0x05, 0x01, 0x80]])),
          Expectation.rejected,
        ),
    },
    {
      // Outer length prefixes that promise terabytes; and an over-long varint beyond 2^53.
      weight: 7,
      make: () => {
        const tail = randomBytes(random, random.int(32));
        const roll = random.int(4);
        if (roll === 0) return frame('hugeLength(sync)', concat([0, random.int(3)], varUint(random.pick(hugeLengths)), tail), Expectation.rejected);
        if (roll === 1) return frame('hugeLength(awareness)', concat([1], varUint(random.pick(hugeLengths)), tail), Expectation.rejected);
        if (roll === 2) return frame('overlongVarint', concat([0, 2], new Array(11).fill(0xff), [0x01], tail), Expectation.rejected);
        return frame('hugeType', concat(varUint(random.pick(hugeLengths)), tail), Expectation.rejected);
      },
    },
    {
      // Honest outer lengths, huge counts inside: loops that must fail fast, not spin.
      weight: 4,
      make: () => {
        const huge = random.pick(hugeLengths);
        const roll = random.int(4);
        if (roll === 0) return frame('innerHuge(updateClients)', writeSyncFrame(syncUpdate, concat(varUint(huge), [1, 0, 0])), Expectation.rejected);
        if (roll === 1) return frame('innerHuge(stateVector)', writeSyncFrame(syncStep1, concat(varUint(huge), [1, 1])), Expectation.rejected);
        if (roll === 2) return frame('innerHuge(awarenessCount)', wrapAwareness(concat(varUint(huge), [1, 1, 4], Buffer.from('null'))), Expectation.rejected);
        return frame('innerHuge(awarenessString)', wrapAwareness(concat([1, 1, 1], varUint(huge), Buffer.from('{}'))), Expectation.rejected);
      },
    },
    {
      weight: 5,
      make: () => {
        const payload = randomBytes(random, random.int(16));
        if (random.bool()) {
          // 2 is y-protocols' auth message: the stock client never sends it, so neither may anyone.
          const type = random.pick([2, 4, 5, 127, 128, 300, 2 ** 20 + 1]);
          return frame(`unknownType(${type})`, concat(varUint(type), payload), Expectation.rejected);
        }
        const syncType = random.pick([3, 4, 127, 1000]);
        return frame(`unknownSyncType(${syncType})`, writeSyncFrame(syncType, payload), Expectation.rejected);
      },
    },
    { weight: 2, make: () => frame('empty', new Uint8Array(0), Expectation.rejected) },
    {
      weight: 3,
      make: () => frame('text', random.pick(['', 'hello', '{"type":"sync"}', '\u0000\u0001', 'é'.repeat(1 + random.int(50))]), Expectation.rejected),
    },
    { weight: 8, make: () => frame('randomBytes', randomBytes(random, 1 + random.int(300)), Expectation.either) },
    {
      weight: 8,
      make: () => {
        const valid = validFrame(random.pick(dirtyAuthors), false);
        const base = typeof valid.data === 'string' ? queryAwarenessFrame : valid.data;
        return frame(`trailing(${valid.kind})`, concat(base, randomBytes(random, 1 + random.int(16))), Expectation.rejected);
      },
    },
    {
      weight: 0.3,
      make: () => frame('oversize', randomBytes(random, options.maxFrameBytes + 1 + random.int(4096)), Expectation.tooLarge),
    },
  ];
  const totalWeight = generators.reduce((sum, g) => sum + g.weight, 0);

  return {
    cleanAuthors,
    dirtyAuthors,
    next() {
      let roll = random.next() * totalWeight;
      for (const generator of generators) {
        roll -= generator.weight;
        if (roll < 0) return generator.make();
      }
      return generators[0]!.make();
    },
  };
}

/**
 * A valid update frame (one text insert) of exactly `bytes` bytes, for testing MAX_FRAME_BYTES
 * at its boundary.
 */
export function createUpdateFrameOfSize(clientId: number, bytes: number, rootName = 'big-text'): Uint8Array {
  let length = bytes;
  for (let attempt = 0; attempt < 16; attempt++) {
    const doc = new Y.Doc();
    doc.clientID = clientId;
    doc.getText(rootName).insert(0, 'x'.repeat(Math.max(0, length)));
    const data = writeSyncFrame(syncUpdate, Y.encodeStateAsUpdate(doc));
    doc.destroy();
    if (data.byteLength === bytes) return data;
    length += bytes - data.byteLength;
  }
  throw new Error(`could not build an update frame of exactly ${bytes} bytes`);
}

/**
 * A hand-built Yjs update (format v1) holding one string item, for reproducing exact situations:
 * `origin` and `rightOrigin` are (client, clock) pairs; without either, the item is appended to
 * the root type `parent`.
 */
export function writeItemUpdate(item: {
  readonly client: number;
  readonly clock: number;
  readonly text: string;
  readonly origin?: readonly [number, number];
  readonly rightOrigin?: readonly [number, number];
  readonly parent?: string;
}): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1); // one client
  encoding.writeVarUint(encoder, 1); // one struct
  encoding.writeVarUint(encoder, item.client);
  encoding.writeVarUint(encoder, item.clock);
  const contentString = 4;
  encoding.writeUint8(encoder, (item.origin ? 0x80 : 0) | (item.rightOrigin ? 0x40 : 0) | contentString);
  for (const id of [item.origin, item.rightOrigin]) {
    if (!id) continue;
    encoding.writeVarUint(encoder, id[0]);
    encoding.writeVarUint(encoder, id[1]);
  }
  if (!item.origin && !item.rightOrigin) {
    encoding.writeVarUint(encoder, 1); // parent named by a root key
    encoding.writeVarString(encoder, item.parent ?? 'transcript');
  }
  encoding.writeVarString(encoder, item.text);
  encoding.writeVarUint(encoder, 0); // empty delete set
  return encoding.toUint8Array(encoder);
}
