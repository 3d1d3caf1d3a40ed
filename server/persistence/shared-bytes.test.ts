import { describe, expect, it } from 'vitest';
import { isShared, shareLarge, shareLargeMinBytes } from './shared-bytes.ts';

describe('shareLarge', () => {
  it('copies a large update into shared memory, byte for byte, and leaves a small one as it is', () => {
    const frame = new Uint8Array(shareLargeMinBytes + 10).map((_, i) => i % 256);
    const large = frame.subarray(3, shareLargeMinBytes + 8);
    const shared = shareLarge(large);
    expect(isShared(shared)).toBe(true);
    // Its own memory, exactly the view's bytes: not the whole frame around them.
    expect(shared.buffer.byteLength).toBe(large.length);
    expect(Buffer.from(shared).equals(Buffer.from(large))).toBe(true);
    expect(shareLarge(shared)).toBe(shared);

    const small = frame.subarray(0, shareLargeMinBytes - 1);
    expect(shareLarge(small)).toBe(small);
    expect(isShared(small)).toBe(false);
  });
});
