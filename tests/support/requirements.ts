/**
 * Tests that need something outside Node (a browser, PostgreSQL, Redis) skip with a clear message
 * when it is missing — except under CI=true, where a missing service is a failure, not a skip.
 */
export function requireOrSkip(available: boolean, what: string): boolean {
  if (available) return true;
  if (process.env.CI === 'true') throw new Error(`${what} is required under CI=true but is not available`);
  console.warn(`SKIPPED: ${what} is not available on this machine`);
  return false;
}
