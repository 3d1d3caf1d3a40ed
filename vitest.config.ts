import { defineConfig } from 'vitest/config';

// Unit tests sit beside the code; integration and browser tests live in tests/.
// Two cores: keep forks few so real servers under test get CPU time.
// Unit tests share each fork's module cache (isolate: false): they start no server and keep no
// process-wide state, and importing the server's modules again for each of ~230 files cost more
// than two minutes of CPU. Integration and browser tests keep a fresh module graph per file.
export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default', './tests/support/summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['server/**/*.test.ts', 'shared/**/*.test.ts', 'client/src/**/*.test.ts', 'bin/**/*.test.ts'], isolate: false } },
      { extends: true, test: { name: 'integration', include: ['tests/**/*.test.ts'] } },
    ],
  },
});
