/**
 * Durability benchmark: repeated kill -9 cycles against a real server process.
 * Usage: node --import tsx bench/crash.ts [--cycles 20] [--writers 3]
 * Prints, per cycle and in total, the edits witnessed by another client and how many were lost.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { runCrashCycle } from '../tests/support/crash-cycle.ts';
import { makeTempDir } from '../tests/support/test-server.ts';

const { values } = parseArgs({ options: { cycles: { type: 'string', default: '20' }, writers: { type: 'string', default: '3' } } });
const cycles = Number(values.cycles);
const writers = Number(values.writers);
const dataDir = makeTempDir('accord-crash-bench-');

let witnessed = 0;
let lost = 0;
let written = 0;
const started = performance.now();
try {
  for (let cycle = 1; cycle <= cycles; cycle++) {
    const result = await runCrashCycle(dataDir, 1000 + cycle, { writers, writeMs: 300 + (cycle % 5) * 150 });
    witnessed += result.witnessed;
    lost += result.lost;
    written += result.written;
    console.log(`cycle ${String(cycle).padStart(2)}: written ${result.written}, witnessed ${result.witnessed}, lost ${result.lost}`);
  }
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
console.log(`\n${cycles} kill -9 cycles in ${((performance.now() - started) / 1000).toFixed(1)} s: written ${written}, witnessed by another client ${witnessed}, lost ${lost}`);
process.exit(lost === 0 ? 0 : 1);
