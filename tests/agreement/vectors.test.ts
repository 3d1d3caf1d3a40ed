// Every reference vector of README §1 (copied byte for byte into tests/fixtures so a fresh clone
// passes without ../shared) must come out within its tolerance, through the same `runVector` the
// CLI calls (SPEC KA2); and the real CLI must print the same numbers.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runVector, vectorSpecs } from '../../shared/agreement/index.ts';

type Vector = {
  id: string;
  measure: string;
  level: string | null;
  input: unknown;
  expected: number | null;
  undefined: boolean;
  tolerance: number;
};

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = 'tests/fixtures/agreement-vectors.json';
const document = JSON.parse(readFileSync(`${root}/${fixture}`, 'utf8')) as { vectors: Vector[] };
const vectors = document.vectors;

function check(vector: Vector, actual: { value: number | null; undefined: boolean }): void {
  if (vector.undefined) {
    expect(actual, vector.id).toMatchObject({ value: null, undefined: true });
  } else {
    expect(actual.undefined, vector.id).toBe(false);
    expect(Math.abs((actual.value as number) - (vector.expected as number)), vector.id).toBeLessThanOrEqual(vector.tolerance);
  }
}

describe('reference vectors (KA2, KA3)', () => {
  it('holds all 391 vectors', () => {
    expect(vectors).toHaveLength(391);
    expect(vectorSpecs(document)).toHaveLength(391);
  });

  it.each(vectors.map((v) => [v.id, v] as const))('%s', (_, vector) => {
    // The runner never sees `expected`.
    const { expected: _expected, undefined: _undefined, tolerance: _tolerance, ...spec } = vector;
    check(vector, runVector(spec));
  });
});

describe('accord agreement --vectors (KA2, KA32)', () => {
  it('prints one JSON line per vector that matches the expected values', async () => {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['bin/accord.mjs', 'agreement', '--vectors', fixture], {
      cwd: root,
      maxBuffer: 16 * 1024 * 1024,
    });
    expect(stderr).toBe('');
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as { id: string; value: number | null; undefined: boolean });
    expect(lines).toHaveLength(vectors.length);
    lines.forEach((line, i) => {
      const vector = vectors[i] as Vector;
      expect(Object.keys(line).sort()).toEqual(['id', 'undefined', 'value']);
      expect(line.id).toBe(vector.id);
      check(vector, line);
    });
  });
});
