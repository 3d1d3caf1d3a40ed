import { describe, expect, it, vi } from 'vitest';
import { dropBuffers } from './drop-buffers.ts';

describe('dropBuffers', () => {
  it('frees the buffers without a garbage collection, and leaves their views empty', async () => {
    const views = Array.from({ length: 20 }, (_, i) => new Uint8Array(1_400_000).fill(i + 1));
    const before = process.memoryUsage().arrayBuffers;
    dropBuffers(views.map((view) => view.buffer));
    expect(views.every((view) => view.byteLength === 0)).toBe(true);
    // The views are still reachable here, so no collection can free their 28 MB: only the drop
    // (Node lets the dropped message go on the port's next turn). The count is of every buffer the
    // process holds, so others made meanwhile are allowed for: 25 of the 28 MB.
    await vi.waitFor(() => expect(before - process.memoryUsage().arrayBuffers).toBeGreaterThanOrEqual(25e6), { timeout: 5_000, interval: 5 });
  });

  it('does nothing with no buffers', () => {
    expect(() => dropBuffers([])).not.toThrow();
  });
});
