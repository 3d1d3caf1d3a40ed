import { cancelAfterFrame, requestAfterFrame } from '../after-frame.ts';

export interface FrameCoalescer {
  /** Asks for `flush` in a coming frame; asking again before then changes nothing. */
  request(): void;
  /** Runs `flush` now, dropping a pending request (it would show nothing new). */
  flushNow(): void;
  cancel(): void;
}

export interface FrameClock {
  readonly request: (callback: () => void) => number;
  readonly cancel: (handle: number) => void;
  /** Milliseconds, as `performance.now()`. */
  readonly now: () => number;
  readonly delay: (callback: () => void, ms: number) => number;
  readonly cancelDelay: (handle: number) => void;
}

const afterFrames: FrameClock = {
  request: requestAfterFrame,
  cancel: cancelAfterFrame,
  now: () => performance.now(),
  delay: (callback, ms) => window.setTimeout(callback, ms),
  cancelDelay: (handle) => window.clearTimeout(handle),
};

/**
 * The least time between two flushes of changes from the network. Another coder's coding shows in
 * the next frame when none showed in the last 100 ms, the span people still read as "at once";
 * while a stream keeps coming (a coder adding 50 codings a second on the text in view, an import)
 * it shows with the others of its tenth of a second. At one flush per frame that stream re-rendered
 * and re-measured the rows on screen 50 times a second, more than a frame's time: bench/client.ts
 * measured 38–45 fps with the renderer at 112–115% of a core, and 52–58 fps at 59–73% with this gap.
 */
export const minFlushGapMs = 100;

/**
 * Runs `flush` at most once per frame and once per `minFlushGapMs`, however many times it is
 * requested in between. For changes that arrive from the network: each websocket message is its
 * own task, and telling Svelte about each one re-renders (and re-measures) the view once per
 * message. Coalesced, a slow frame lets the next one take every change that arrived meanwhile,
 * instead of falling further behind.
 *
 * `flush` runs just after a frame, not inside one (`requestAfterFrame`): its script then uses the
 * idle rest of that refresh, and the next frame only renders what it changed. Run inside the frame,
 * script and rendering had to fit in one refresh together: bench/client counted 16–28 late frames
 * in 10 s of 50 codings a second arriving in view, 1–8 with this.
 *
 * A hidden tab gets no frames, so it holds its changes until it is shown again: nothing is painted
 * meanwhile, and whatever reads the value outside a render still reads it fresh.
 *
 * @example
 * const remote = createFrameCoalescer(() => notifyReaders());
 * doc.on('update', (_update, _origin, _doc, transaction) => (transaction.local ? remote.flushNow() : remote.request()));
 */
export function createFrameCoalescer(flush: () => void, clock: FrameClock = afterFrames): FrameCoalescer {
  let frame: number | null = null;
  let wait: number | null = null;
  let lastFlush = Number.NEGATIVE_INFINITY;
  const run = () => {
    frame = null;
    lastFlush = clock.now();
    flush();
  };
  const cancel = () => {
    if (frame !== null) clock.cancel(frame);
    if (wait !== null) clock.cancelDelay(wait);
    frame = null;
    wait = null;
  };
  return {
    request() {
      if (frame !== null || wait !== null) return;
      const early = lastFlush + minFlushGapMs - clock.now();
      if (early <= 0) frame = clock.request(run);
      else
        wait = clock.delay(() => {
          wait = null;
          frame = clock.request(run);
        }, early);
    },
    flushNow() {
      cancel();
      lastFlush = clock.now();
      flush();
    },
    cancel,
  };
}
