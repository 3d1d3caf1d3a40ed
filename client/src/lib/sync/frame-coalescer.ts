export interface FrameCoalescer {
  /** Asks for `flush` in the next frame; asking again before then changes nothing. */
  request(): void;
  /** Runs `flush` now, dropping a pending request (it would show nothing new). */
  flushNow(): void;
  cancel(): void;
}

export interface FrameClock {
  readonly request: (callback: () => void) => number;
  readonly cancel: (handle: number) => void;
}

const animationFrames: FrameClock = {
  request: (callback) => requestAnimationFrame(callback),
  cancel: (handle) => cancelAnimationFrame(handle),
};

/**
 * Runs `flush` at most once per frame, however many times it is requested in between. For changes
 * that arrive from the network: each websocket message is its own task, and telling Svelte about
 * each one re-renders (and re-measures) the view once per message, so a burst of 50 messages a
 * second costs 50 renders where the screen can show at most one per frame. Coalesced, a slow frame
 * lets the next one take every change that arrived meanwhile, instead of falling further behind.
 *
 * A hidden tab gets no frames, so it holds its changes until it is shown again: nothing is painted
 * meanwhile, and whatever reads the value outside a render still reads it fresh.
 *
 * @example
 * const remote = createFrameCoalescer(() => notifyReaders());
 * doc.on('update', (_update, _origin, _doc, transaction) => (transaction.local ? remote.flushNow() : remote.request()));
 */
export function createFrameCoalescer(flush: () => void, clock: FrameClock = animationFrames): FrameCoalescer {
  let pending: number | null = null;
  const run = () => {
    pending = null;
    flush();
  };
  const cancel = () => {
    if (pending !== null) clock.cancel(pending);
    pending = null;
  };
  return {
    request() {
      if (pending === null) pending = clock.request(run);
    },
    flushNow() {
      cancel();
      flush();
    },
    cancel,
  };
}
