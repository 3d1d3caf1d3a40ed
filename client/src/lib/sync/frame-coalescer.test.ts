import { describe, expect, it } from 'vitest';
import { createFrameCoalescer, type FrameClock } from './frame-coalescer.ts';

/** Frames that come when the test says so. */
function manualFrames() {
  const callbacks = new Map<number, () => void>();
  let next = 1;
  const clock: FrameClock = {
    request: (callback) => {
      callbacks.set(next, callback);
      return next++;
    },
    cancel: (handle) => void callbacks.delete(handle),
  };
  const frame = () => {
    const due = [...callbacks.values()];
    callbacks.clear();
    for (const callback of due) callback();
  };
  return { clock, frame, pending: () => callbacks.size };
}

describe('changes from the network, shown once per frame', () => {
  it('runs once in the next frame for any number of requests before it', () => {
    const frames = manualFrames();
    let flushes = 0;
    const coalescer = createFrameCoalescer(() => flushes++, frames.clock);
    for (let i = 0; i < 50; i++) coalescer.request();
    expect(flushes).toBe(0);
    frames.frame();
    expect(flushes).toBe(1);
    frames.frame();
    expect(flushes).toBe(1);
    coalescer.request();
    frames.frame();
    expect(flushes).toBe(2);
  });

  it('runs at once for a change made here, taking a pending request with it', () => {
    const frames = manualFrames();
    let flushes = 0;
    const coalescer = createFrameCoalescer(() => flushes++, frames.clock);
    coalescer.request();
    coalescer.flushNow();
    expect(flushes).toBe(1);
    frames.frame();
    expect(flushes).toBe(1);
  });

  it('runs nothing after cancel', () => {
    const frames = manualFrames();
    let flushes = 0;
    const coalescer = createFrameCoalescer(() => flushes++, frames.clock);
    coalescer.request();
    coalescer.cancel();
    expect(frames.pending()).toBe(0);
    frames.frame();
    expect(flushes).toBe(0);
  });
});
