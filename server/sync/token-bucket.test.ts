import { describe, expect, it } from 'vitest';
import { createTokenBucket } from './token-bucket.ts';

describe('token bucket', () => {
  it('allows a burst, refuses beyond it, and refills at the configured rate', () => {
    let clock = 0;
    const bucket = createTokenBucket(10, 3, () => clock);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    clock += 100; // 0.1 s at 10/s = one token
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
    clock += 10_000; // refills, but never beyond the burst
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
  });

  it('charges a cost, such as a frame’s bytes, and refuses what the remaining units cannot cover', () => {
    let clock = 0;
    const bytes = createTokenBucket(1000, 4000, () => clock);
    expect(bytes.take(3000)).toBe(true);
    expect(bytes.take(1500)).toBe(false);
    expect(bytes.take(1000)).toBe(true);
    clock += 1000;
    expect(bytes.take(1000)).toBe(true);
  });
});
