import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runCrashCycle } from '../support/crash-cycle.ts';
import { makeTempDir } from '../support/test-server.ts';

const dataDir = makeTempDir('accord-kill9-');
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('durability under kill -9', () => {
  it('keeps every update another client had received when the server process is SIGKILLed mid-stream', async () => {
    // bench/crash.ts runs many more cycles; two here keep npm test quick while still crossing a restart twice.
    for (const seed of [1, 2]) {
      const result = await runCrashCycle(dataDir, seed);
      expect(result.witnessed, 'the observer must have seen edits for the check to mean anything').toBeGreaterThan(20);
      expect(result.lost).toBe(0);
    }
  }, 90_000);
});
