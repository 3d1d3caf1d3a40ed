import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { SearchIndexError, type IndexWork, type SearchIndex } from './search-index.ts';
import { createSearchIndexThread } from './search-index-thread.ts';
import { parseSearchQuery } from './search-query.ts';

const open: SearchIndex[] = [];
afterEach(async () => {
  for (const index of open.splice(0)) await index.close();
});

function threadIndex(): { index: SearchIndex; threads: Worker[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-search-thread-'));
  const threads: Worker[] = [];
  const index = createSearchIndexThread(path.join(dir, 'accord.sqlite'), { onStart: (worker) => threads.push(worker) });
  open.push(index);
  return { index, threads };
}

const work: IndexWork = { yieldIfDue: async () => {}, cancelled: () => false };

/** Turns split at line breaks, like an imported transcript. */
function turns(text: string) {
  const units = [];
  let at = 0;
  for (const line of text.split('\n')) {
    if (line) units.push({ start: at, end: at + line.length, kind: 'turn' as const });
    at += line.length + 1;
  }
  return units;
}

/** A thread's nice value, from /proc (Linux gives every thread its own). */
function niceOf(tid: string): number {
  const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
}
/** Threads of this process at a lower priority than its main thread. */
const niceThreads = () => fs.readdirSync('/proc/self/task').filter((tid) => niceOf(tid) > niceOf(String(process.pid))).length;

describe('the search index on its own thread', () => {
  it.skipIf(process.platform !== 'linux')('gives way to live work: its thread, and only it, runs at a lower priority (Linux)', async () => {
    const before = niceThreads();
    const { index } = threadIndex();
    await index.indexedDocuments();
    expect(niceThreads()).toBe(before + 1);
  });

  it('indexes a transcript once, then finds its words at their offsets', async () => {
    const { index } = threadIndex();
    const text = 'Interviewer: And the coach?\nParticipant: The coach helped the support team.';
    expect(await index.indexTranscript('project', 'p01', text, turns(text), work)).toBe('indexed');
    expect(await index.indexTranscript('project', 'p01', text, turns(text), work)).toBe('unchanged');
    const hits = await index.search('project', parseSearchQuery('coach'), work);
    expect(hits.map((h) => text.slice(h.start, h.end))).toEqual(['coach', 'coach']);
    const rows = await index.rows('project', hits.map((h) => h.rowId));
    expect([...rows.values()].map((r) => r.text).sort()).toEqual(['Interviewer: And the coach?', 'Participant: The coach helped the support team.']);
  });

  it('passes the index’s own errors on as SearchIndexError', async () => {
    const { index } = threadIndex();
    await index.indexTranscript('project', 'p01', 'Participant: words.', turns('Participant: words.'), work);
    // No alternatives at all: an expression FTS5 refuses (the query parser never builds one).
    const failed = await index.search('project', { anyOf: [], key: '' }, work).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failed).toBeInstanceOf(SearchIndexError);
    expect((failed as SearchIndexError).reason).toBe('query');
  });

  it('stops a re-index the server cancels while the thread works on it, keeping the old text', async () => {
    const { index } = threadIndex();
    const old = 'Participant: the old words.';
    await index.indexTranscript('project', 'p01', old, turns(old), work);
    const long = Array.from({ length: 20_000 }, (_, i) => `Participant: replacement turn ${i} about zebras.`).join('\n');
    let cancelled = false;
    const cancelling: IndexWork = { yieldIfDue: async () => {}, cancelled: () => cancelled };
    const outcome = index.indexTranscript('project', 'p01', long, turns(long), cancelling);
    setTimeout(() => (cancelled = true), 5);
    expect(await outcome).toBe('cancelled');
    expect(await index.search('project', parseSearchQuery('zebras'), work)).toEqual([]);
    expect(await index.search('project', parseSearchQuery('old'), work)).toHaveLength(1);
  });

  it('rejects what a thread that died still owed, and starts another for the next call', async () => {
    const { index, threads } = threadIndex();
    const text = 'Participant: the quokka.';
    await index.indexTranscript('project', 'p01', text, turns(text), work);
    const long = Array.from({ length: 20_000 }, (_, i) => `Participant: turn ${i}.`).join('\n');
    const owed = index.indexTranscript('project', 'p02', long, turns(long), work);
    await threads[0]!.terminate();
    await expect(owed).rejects.toMatchObject({ name: 'SearchIndexError', reason: 'unavailable' });
    expect(await index.search('project', parseSearchQuery('quokka'), work)).toHaveLength(1);
    expect(threads).toHaveLength(2);
  });
});
