import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codeCacheState, runWithCodeCache } from './code-cache.ts';

// Real bundles on disk, compiled by this process's V8: what a bundle ran is what it pushed onto
// a global list.
type Ran = { ran?: string[] };
let dir: string;
const ran = () => (globalThis as Ran).ran!;
const keyOf = (source: string) => createHash('sha256').update(source).digest('hex').slice(0, 16);

let copies = 0;

/**
 * `source` as `app.cjs` in a directory of its own: V8 keeps what this process compiled by source
 * and file name, and would answer a second compilation of the same file from memory without
 * looking at the saved data (reporting it accepted, whatever it holds). The cache is named after
 * the file's base name, so each copy shares it as a restarted process would.
 */
function placeBundle(source: string): { file: string; key: string } {
  const file = path.join(dir, `copy-${++copies}`, 'app.cjs');
  fs.mkdirSync(path.dirname(file));
  fs.writeFileSync(file, source);
  return { file, key: keyOf(source) };
}

/** A CommonJS bundle that records `word`, with functions of its own for V8 to cache. */
const writeBundle = (word: string) =>
  placeBundle(`const record = (w) => globalThis.ran.push(w);\nfunction twice(f) { return () => { f(); }; }\ntwice(() => record(${JSON.stringify(word)}))();\nmodule.exports.word = ${JSON.stringify(word)};\n`);

/** The same bundle again, as a restarted process would see it. */
const restart = (bundle: { file: string }) => placeBundle(fs.readFileSync(bundle.file, 'utf8'));

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'code-cache-'));
  (globalThis as Ran).ran = [];
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  delete (globalThis as Ran).ran;
});

describe('running a bundle through V8’s code cache', () => {
  it('runs the bundle, saves what it compiled, and the next run starts from the saved data', () => {
    const bundle = writeBundle('first');
    const cacheDir = path.join(dir, 'cache');
    const cold = runWithCodeCache(bundle.file, bundle.key, cacheDir);
    expect(cold.state).toBe('missing');
    expect(codeCacheState()).toBe('missing');
    expect(ran()).toEqual(['first']);
    expect(cold.save()).toBe(cold.cacheFile);
    expect(fs.readdirSync(cacheDir)).toEqual([path.basename(cold.cacheFile)]);

    const again = restart(bundle);
    const warm = runWithCodeCache(again.file, again.key, cacheDir);
    expect(warm.state).toBe('accepted');
    expect(codeCacheState()).toBe('accepted');
    expect(ran()).toEqual(['first', 'first']);
    // Accepted data is not written again.
    expect(warm.save()).toBeNull();
  });

  it('runs a bundle that is not ASCII as written, and an ASCII one', () => {
    for (const word of ['Ça – “quoted” 😀', 'plain']) {
      const bundle = writeBundle(word);
      runWithCodeCache(bundle.file, bundle.key, path.join(dir, 'cache'));
    }
    expect(ran()).toEqual(['Ça – “quoted” 😀', 'plain']);
  });

  it('never runs the cached code of another bundle of the same length', () => {
    const cacheDir = path.join(dir, 'cache');
    const before = writeBundle('aaaa');
    runWithCodeCache(before.file, before.key, cacheDir).save();
    const after = writeBundle('bbbb');
    expect(fs.statSync(after.file).size).toBe(fs.statSync(before.file).size);

    // V8 itself tells sources apart by length only: under the old name it takes the old bytecode.
    const underOldKey = runWithCodeCache(after.file, before.key, cacheDir);
    expect(underOldKey.state).toBe('accepted');
    expect(ran()).toEqual(['aaaa', 'aaaa']);

    // Named after the new content, the cache is a different file: the new code runs.
    const afterAgain = restart(after);
    const underNewKey = runWithCodeCache(afterAgain.file, afterAgain.key, cacheDir);
    expect(underNewKey.state).toBe('missing');
    expect(ran()).toEqual(['aaaa', 'aaaa', 'bbbb']);
    // Saving it removes the other build's cache, never to be read again.
    underNewKey.save();
    expect(fs.readdirSync(cacheDir)).toEqual([path.basename(underNewKey.cacheFile)]);
  });

  it('replaces data V8 rejects', () => {
    const bundle = writeBundle('word');
    const cacheDir = path.join(dir, 'cache');
    const first = runWithCodeCache(bundle.file, bundle.key, cacheDir);
    fs.mkdirSync(cacheDir);
    fs.writeFileSync(first.cacheFile, 'not bytecode');

    const second = restart(bundle);
    const rejected = runWithCodeCache(second.file, second.key, cacheDir);
    expect(rejected.state).toBe('rejected');
    expect(ran()).toEqual(['word', 'word']);
    expect(rejected.save()).toBe(first.cacheFile);
    const third = restart(bundle);
    expect(runWithCodeCache(third.file, third.key, cacheDir).state).toBe('accepted');
  });

  it('runs as before, saying so on stderr, where the cache cannot be written', () => {
    const bundle = writeBundle('word');
    // A directory under a file: it cannot be made, whoever runs the test (root ignores modes).
    fs.writeFileSync(path.join(dir, 'file'), '');
    const run = runWithCodeCache(bundle.file, bundle.key, path.join(dir, 'file', 'cache'));
    expect(ran()).toEqual(['word']);
    const written: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((chunk: string) => written.push(chunk) > 0) as unknown as typeof process.stderr.write;
    try {
      expect(run.save()).toBeNull();
    } finally {
      process.stderr.write = write;
    }
    expect(written.join('')).toMatch(/code cache not saved in .*\(ENOTDIR\)/);
  });

  it('requires the bundle uncached when source maps are on, so stack traces name the sources', () => {
    const bundle = writeBundle('mapped');
    process.setSourceMapsEnabled(true);
    try {
      const run = runWithCodeCache(bundle.file, bundle.key, path.join(dir, 'cache'));
      expect(run.state).toBe('off');
      expect(ran()).toEqual(['mapped']);
      expect(run.save()).toBeNull();
      expect(fs.existsSync(path.join(dir, 'cache'))).toBe(false);
    } finally {
      process.setSourceMapsEnabled(false);
    }
  });
});
