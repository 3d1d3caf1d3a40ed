import { describe, expect, it } from 'vitest';
import { RefiError } from './refi-error.ts';
import { EntryLookup, resolveSourcePath } from './source-paths.ts';

const lookup = new EntryLookup(['project.qde', 'sources/a.txt', 'secret.txt'], '');
const resolve = (path: string) => resolveSourcePath(path, lookup, null, 'study.qdpx');

describe('resolveSourcePath: paths that would leave the archive', () => {
  it.each([
    '../secret.txt',
    'internal://../../secret.txt',
    'internal://sources/../../secret.txt',
    'relative://..\\secret.txt',
    'internal://%2E%2E/secret.txt',
    // The separator itself encoded: decoded once, the path is ../secret.txt.
    'internal://%2e%2e%2fsecret.txt',
    'relative://..%2Fsecret.txt',
    'relative://..%5Csecret.txt',
    // A malformed escape elsewhere does not hide an encoded one.
    'internal://%ZZ/%2E%2E%2Fsecret.txt',
    'internal://caf%E9/%2E%2E%2F%2E%2E%2Fsecret.txt',
  ])('refuses %s', (path) => {
    let error: unknown;
    try {
      resolve(path);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(RefiError);
    expect((error as RefiError).reason).toBe('unsafePath');
    expect((error as RefiError).message).toBe(`study.qdpx: a source path ("${path}") points outside the archive, so the project was not opened.`);
  });

  it.each([
    ['internal://a.txt', 'sources/a.txt'],
    ['internal://..a.txt', null],
    ['internal://a..txt', null],
    ['sources/%2E%2Ea.txt', null],
  ])('reads %s, whose dots are not a `..` segment', (path, entry) => {
    const found = resolve(path);
    expect(found.kind).toBe(entry === null ? 'unavailable' : 'entry');
    if (found.kind === 'entry') expect(found.entry).toBe(entry);
  });
});
