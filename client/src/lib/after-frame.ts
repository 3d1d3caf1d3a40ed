/**
 * Runs a callback in a task of its own just after the next frame is rendered, rather than inside
 * it. Work done in a `requestAnimationFrame` callback delays that very frame: its script, then the
 * style, layout and paint it causes, must all fit in one refresh or the frame is late. Done after
 * the frame, the script uses the idle rest of that refresh and the next frame only renders what
 * it changed. The change shows one frame later (~17 ms), which nobody sees.
 *
 * A hidden tab renders no frames, so nothing runs until it is shown again, as with
 * `requestAnimationFrame`.
 */
const waiting = new Map<number, () => void>();
let nextHandle = 1;
let channel: MessageChannel | null = null;

/** A message is a task of its own, run as soon as the frame is done (a timer may be clamped to 4 ms or more). */
function afterThisFrame(handle: number): void {
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = (event: MessageEvent<number>) => {
      const callback = waiting.get(event.data);
      waiting.delete(event.data);
      callback?.();
    };
  }
  channel.port2.postMessage(handle);
}

export function requestAfterFrame(callback: () => void): number {
  const handle = nextHandle++;
  waiting.set(handle, callback);
  requestAnimationFrame(() => {
    if (waiting.has(handle)) afterThisFrame(handle);
  });
  return handle;
}

export function cancelAfterFrame(handle: number): void {
  waiting.delete(handle);
}
