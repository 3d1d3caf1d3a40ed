/**
 * Allows `ratePerSecond` units on average with bursts up to `burst`. `now` is injected so the
 * bucket is testable without waiting. Used per socket twice: once counting messages, once bytes.
 */
export function createTokenBucket(ratePerSecond: number, burst: number, now: () => number = performance.now.bind(performance)) {
  let tokens = burst;
  let last = now();
  return {
    /** Takes `cost` units (one message, or a frame's bytes); false when not that many are left. */
    take(cost = 1): boolean {
      const t = now();
      tokens = Math.min(burst, tokens + ((t - last) / 1000) * ratePerSecond);
      last = t;
      if (tokens < cost) return false;
      tokens -= cost;
      return true;
    },
  };
}
export type TokenBucket = ReturnType<typeof createTokenBucket>;
