/**
 * Allows `ratePerSecond` events on average with bursts up to `burst`. `now` is injected so the
 * bucket is testable without waiting.
 */
export function createTokenBucket(ratePerSecond: number, burst: number, now: () => number = performance.now.bind(performance)) {
  let tokens = burst;
  let last = now();
  return {
    /** Takes one token; false when the bucket is empty. */
    take(): boolean {
      const t = now();
      tokens = Math.min(burst, tokens + ((t - last) / 1000) * ratePerSecond);
      last = t;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}
export type TokenBucket = ReturnType<typeof createTokenBucket>;
