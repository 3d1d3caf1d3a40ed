import type { ResourceLimits } from 'node:worker_threads';

/**
 * V8 heap limits of the threads that live as long as the server: the SQLite writer and the search
 * index. Their objects are few and short-lived, but large: a transcript's 1.4 MB update crosses the
 * writer, its text the search thread.
 *
 * - A small young generation: V8's default (16 MB semi-spaces) kept some 15 MB more of each
 *   thread's heap resident (bench/compare 20x10).
 * - An old generation with a stated limit: without one, a worker takes the process's (4 GB on a
 *   24 GB machine) and V8 lets its heap grow much further before the first full collection. With
 *   1 GB, the writer's peak heap and external memory while twenty transcripts arrive went from 64 to
 *   50 MB, and the server's peak RSS in bench/compare 20x10 from 339 to 323 MB (medians of 6
 *   alternating runs; 1x50 unchanged). Either limit is far above what one request needs; a thread
 *   that did run out would stop, its requests reject `unavailable` and the next one starts anew.
 *
 * Not tried again without a new idea: a full collection in both threads 50 ms after each request
 * (a diagnostic with `--expose-gc`, never shipped) freed the transcripts they had been handed — the
 * server's 1.4 MB mappings went from 51 to 38–40 and its RSS in steady state from 268 to 240 MB —
 * but bench/compare's *peak* RSS stayed at 267–280 MB: the peak is the moment twenty transcripts
 * arrive at once, before any thread could collect them.
 */
export const longLivedWorkerHeap: ResourceLimits = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 1024 };
