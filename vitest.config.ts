import { defineConfig } from 'vitest/config';

// Unit tests sit beside the code; integration and browser tests live in tests/.
// Two cores: keep forks few so real servers under test get CPU time.
export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'shared/**/*.test.ts', 'client/src/**/*.test.ts', 'tests/**/*.test.ts', 'bin/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default', './tests/support/summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
