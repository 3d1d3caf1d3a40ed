import crypto from 'node:crypto';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createRandom, type Random } from '../../tests/support/seeded-random.ts';
import { firstBrokenLink, genesisHash, hashedEvent, hashEvent, toHistoryEvent, type HistoryEvent } from './history.ts';
import { createHistoryTable, historyAppender } from './sqlite-history.ts';

/**
 * The chain's definition (spec §3.5) written out the plain way, as the store computed it before
 * hashes were made from parts: sha256(prevHash + JSON with keys sorted at every level).
 */
function plainCanonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(plainCanonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${plainCanonical(v)}`).join(',')}}`;
}

function plainHash(prevHash: string, event: Omit<HistoryEvent, 'hash' | 'prevHash' | 'redacted'>): string {
  const { seq, at, userId, layer, type, documentId, codingId, codeId, before, after } = event;
  return crypto
    .createHash('sha256')
    .update(prevHash + plainCanonical({ seq, at, userId, layer, type, documentId, codingId, codeId, before, after }))
    .digest('hex');
}

const alphabet = ['a', 'Z', ' ', '\n', '"', '\\', 'é', '“', '😀', '\ud800', '\u0000', '{', '}', ','];

function randomText(random: Random, length: number): string {
  return Array.from({ length }, () => random.pick(alphabet)).join('');
}

/** A JSON-like value with now and then a string long enough to become a part of its own. */
function randomValue(random: Random, depth = 0): unknown {
  switch (random.int(depth > 2 ? 5 : 7)) {
    case 0:
      return null;
    case 1:
      return random.int(1000) - 500 + (random.bool() ? 0.25 : 0);
    case 2:
      return random.bool();
    case 3:
      return undefined;
    case 4:
      return randomText(random, random.bool(0.15) ? 70_000 + random.int(40_000) : random.int(20));
    case 5:
      return Array.from({ length: random.int(4) }, () => randomValue(random, depth + 1));
    default:
      return Object.fromEntries(Array.from({ length: random.int(5) }, () => [randomText(random, 1 + random.int(4)), randomValue(random, depth + 1)]));
  }
}

const sample = (overrides: Partial<Omit<HistoryEvent, 'hash' | 'prevHash' | 'redacted'>> = {}) => ({
  seq: 7,
  at: '2026-12-06T12:00:00.000Z',
  userId: 'u1',
  layer: null,
  type: 'transcript.changed',
  documentId: 'd1',
  codingId: null,
  codeId: null,
  before: { at: 3, text: '' },
  after: { at: 3, text: 'P07: we asked “the coach” for help\n'.repeat(3000) + '\ud800 😀' },
  ...overrides,
});

describe('history hashes and bodies', () => {
  it('hashes stored chains exactly as before: fixed vectors computed by the store at a25cea1', () => {
    expect(hashEvent('ab'.repeat(32), sample())).toBe('fa8d20da648b8f212314a4c61f219110ed31cccff1bd09b1b226ca4f9cdbf542');
    const coding = sample({ seq: 1, userId: 'u2', layer: 'u2', type: 'coding.added', codingId: 'c1', codeId: 'k1', before: null, after: { start: 10, end: 20, codeId: 'k1', note: undefined, tags: [1, 'x', null, undefined] } });
    expect(hashEvent(genesisHash, coding)).toBe('df0cc7176fa581bfe1c7a82ba6339dd2587b941f6da9559b9733a805011be882');
    expect(hashedEvent(genesisHash, coding).hash).toBe('df0cc7176fa581bfe1c7a82ba6339dd2587b941f6da9559b9733a805011be882');
  });

  it('gives every event the hash of its plain canonical JSON, and a body that parses to its before and after', () => {
    const random = createRandom(314);
    let long = 0;
    for (let n = 0; n < 300; n++) {
      const event = sample({ seq: n + 1, userId: randomText(random, 3), layer: random.bool() ? null : 'u1', before: randomValue(random), after: randomValue(random) });
      const prevHash = crypto.randomBytes(32).toString('hex');
      const expected = plainHash(prevHash, event);
      const { hash, body } = hashedEvent(prevHash, event);
      expect(hash).toBe(expected);
      expect(hashEvent(prevHash, event)).toBe(expected);
      expect(JSON.parse(body.join(''))).toEqual(JSON.parse(JSON.stringify({ before: event.before, after: event.after })));
      if (body.length > 1) long++;
    }
    // The generator did make bodies that hold long strings as parts of their own.
    expect(long).toBeGreaterThan(20);
  });

  it('keeps a long string as a part of its own rather than joining it into the body', () => {
    const { body } = hashedEvent(genesisHash, sample());
    expect(body).toHaveLength(3);
    expect(body[1]).toBe(JSON.stringify((sample().after as { text: string }).text));
  });

  it('stores a body given in parts as text that reads back as the event, in a chain that verifies', () => {
    const db = new Database(':memory:');
    createHistoryTable(db);
    const append = historyAppender(db);
    const text = 'Interviewer: and then the team asked for help.\n'.repeat(4000);
    const transcript = { userId: 'u1', layer: null, type: 'transcript.changed', documentId: 'd1', codingId: null, codeId: null, before: { at: 0, text: '' }, after: { at: 0, text } };
    const coding = { userId: 'u1', layer: 'u1', type: 'coding.added', documentId: 'd1', codingId: 'c1', codeId: 'k1', before: null, after: { start: 1, end: 9 } };
    append('p1', 'text:p1:d1', [transcript, coding]);
    const rows = db.prepare('SELECT *, typeof(body) AS body_type FROM history ORDER BY seq').all() as Record<string, unknown>[];
    expect(rows.map((r) => r.body_type)).toEqual(['text', 'text']);
    const events = rows.map(toHistoryEvent);
    expect(events[0]!.after).toEqual({ at: 0, text });
    expect(events[1]!.after).toEqual({ start: 1, end: 9 });
    expect(firstBrokenLink(events)).toBeNull();
    db.close();
  });
});
