import { describe, expect, it } from 'vitest';
import { createFrameCoalescer, minFlushGapMs, type FrameClock } from './frame-coalescer.ts';

/** Frames and time that pass when the test says so. */
function manualClock() {
  const frames = new Map<number, () => void>();
  const delays = new Map<number, { at: number; callback: () => void }>();
  let next = 1;
  let now = 1000;
  const clock: FrameClock = {
    request: (callback) => {
      frames.set(next, callback);
      return next++;
    },
    cancel: (handle) => void frames.delete(handle),
    now: () => now,
    delay: (callback, ms) => {
      delays.set(next, { at: now + ms, callback });
      return next++;
    },
    cancelDelay: (handle) => void delays.delete(handle),
  };
  const frame = () => {
    const due = [...frames.values()];
    frames.clear();
    for (const callback of due) callback();
  };
  /** Lets `ms` pass: delays that come due run, then a frame is drawn. */
  const pass = (ms: number) => {
    now += ms;
    for (const [handle, { at, callback }] of [...delays]) {
      if (at > now) continue;
      delays.delete(handle);
      callback();
    }
    frame();
  };
  return { clock, frame, pass, pending: () => frames.size + delays.size };
}

describe('changes from the network, shown once per frame', () => {
  it('runs once in the next frame for any number of requests before it', () => {
    const time = manualClock();
    let flushes = 0;
    const coalescer = createFrameCoalescer(() => flushes++, time.clock);
    for (let i = 0; i < 50; i++) coalescer.request();
    expect(flushes).toBe(0);
    time.frame();
    expect(flushes).toBe(1);
    time.frame();
    expect(flushes).toBe(1);
  });

  it('under a stream of changes, flushes once per gap, not once per frame', () => {
    const time = manualClock();
    let flushes = 0;
    const coalescer = createFrameCoalescer(() => flushes++, time.clock);
    // 50 changes a second for a second, at 60 frames a second.
    for (let ms = 0; ms < 1000; ms += 20) {
      coalescer.request();
      time.pass(20);
    }
    time.pass(minFlushGapMs);
    // One per frame would be 50 (a change in every frame); one per gap is about ten.
    expect(flushes).toBeGreaterThanOrEqual(9);
    expect(flushes).toBeLessThanOrEqual(11);
    expect(time.pending()).toBe(0);
  });

  it('shows a change after a quiet gap in the next frame, one that comes sooner when the gap is over', () => {
    const time = manualClock();
    let flushes = 0;
    const coalescer = createFrameCoalescer(() => flushes++, time.clock);
    coalescer.request();
    time.frame();
    expect(flushes).toBe(1);
    coalescer.request();
    time.pass(minFlushGapMs - 10);
    expect(flushes).toBe(1);
    time.pass(10);
    expect(flushes).toBe(2);
    time.pass(minFlushGapMs);
    coalescer.request();
    time.frame();
    expect(flushes).toBe(3);
  });

  it('runs at once for a change made here, taking a pending request with it', () => {
    const time = manualClock();
    let flushes = 0;
    const coalescer = createFrameCoalescer(() => flushes++, time.clock);
    coalescer.request();
    coalescer.flushNow();
    expect(flushes).toBe(1);
    expect(time.pending()).toBe(0);
    // A request waiting out the gap goes with it too.
    coalescer.request();
    expect(time.pending()).toBe(1);
    coalescer.flushNow();
    expect(flushes).toBe(2);
    expect(time.pending()).toBe(0);
    time.pass(minFlushGapMs);
    expect(flushes).toBe(2);
  });

  it('runs nothing after cancel', () => {
    const time = manualClock();
    let flushes = 0;
    const coalescer = createFrameCoalescer(() => flushes++, time.clock);
    coalescer.request();
    coalescer.cancel();
    expect(time.pending()).toBe(0);
    time.frame();
    expect(flushes).toBe(0);
    coalescer.flushNow();
    coalescer.request();
    coalescer.cancel();
    time.pass(minFlushGapMs);
    expect(flushes).toBe(1);
  });
});
