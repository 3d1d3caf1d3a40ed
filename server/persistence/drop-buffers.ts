import { MessageChannel } from 'node:worker_threads';

/**
 * A port whose other end is closed: a buffer posted to it with a transfer list is detached from
 * its JavaScript object and freed at once, instead of when V8 next collects that object.
 */
let sink: MessageChannel['port1'] | null = null;

/**
 * Frees the memory of buffers nobody will read again, now. V8 frees an ArrayBuffer's bytes only
 * when it collects the object, and counts them towards a collection only once 64 MB more of them
 * are held: a thread that receives a few large buffers and allocates little else (the SQLite
 * writer) kept twenty pasted transcripts resident long after it had stored them. Every view of a
 * dropped buffer reads as empty afterwards.
 */
export function dropBuffers(buffers: readonly ArrayBuffer[]): void {
  if (buffers.length === 0) return;
  if (!sink) {
    const channel = new MessageChannel();
    channel.port2.close();
    channel.port1.unref();
    sink = channel.port1;
  }
  sink.postMessage(null, buffers as ArrayBuffer[]);
}
