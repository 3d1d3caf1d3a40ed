import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import { ApiErrorCode } from '../../shared/api/index.ts';
import { ApiError } from './api-error.ts';
import { closeGently } from './close-gently.ts';

export interface BodyLimitOptions {
  readonly maxBytes: number;
  /** What the 413 says; defaults to naming the limit. */
  readonly message?: string;
}

/** Requests that a limit already applies to; a later, broader limit leaves them alone. */
const limited = new WeakSet<Context>();

export const formatBytes = (bytes: number): string => (bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`);

/**
 * Refuses a request body larger than `maxBytes` with 413 `payloadTooLarge`, counting while it
 * streams in: a declared Content-Length over the limit is refused before anything is read, and a
 * chunked body is counted as the route reads it and cut off at the limit. Nothing is buffered
 * here, so memory stays bounded by what the route itself keeps. What is left unread is drained
 * and discarded by @hono/node-server once the answer is sent.
 *
 * The first limit registered for a request wins: register route-specific limits before a default.
 *
 * @example
 * app.post('/api/projects/:id/documents', limitBody({ maxBytes: 64 * 1024 * 1024 }));
 * app.use('/api/*', limitBody({ maxBytes: 1024 * 1024 }));
 */
export function limitBody(options: BodyLimitOptions): MiddlewareHandler {
  const tooLarge = () => new ApiError(ApiErrorCode.payloadTooLarge, options.message ?? `Request bodies are limited to ${formatBytes(options.maxBytes)}`);
  return async (c, next) => {
    if (limited.has(c)) return next();
    limited.add(c);
    const body = c.req.raw.body;
    if (!body) return next();
    // The rest of a refused body is never read, so the connection cannot carry another request:
    // say so, or a keep-alive client would send its next request into a closing socket; and close
    // it so that a client still sending reads the answer rather than a reset.
    const refuse = () => {
      c.header('Connection', 'close');
      const socket = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket;
      if (socket) closeGently(socket);
      return tooLarge();
    };
    const declared = c.req.header('content-length');
    // Node's HTTP parser never delivers more than a declared length (and refuses a request that
    // declares one alongside Transfer-Encoding), so a declared length can be trusted as the size.
    if (declared !== undefined && !c.req.raw.headers.has('transfer-encoding')) {
      if (Number(declared) > options.maxBytes) throw refuse();
      return next();
    }
    let received = 0;
    let exceeded = false;
    const reader = body.getReader();
    const counted = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          const { done, value } = await reader.read();
          if (done) {
            controller.close();
            return;
          }
          received += value.byteLength;
          if (received > options.maxBytes) {
            // Stop pulling: the route's read fails with this error, and the rest is never read.
            exceeded = true;
            controller.error(tooLarge());
            return;
          }
          controller.enqueue(value);
        },
        cancel(reason) {
          return reader.cancel(reason);
        },
      },
      { highWaterMark: 0 },
    );
    c.req.raw = new Request(c.req.raw, { body: counted, duplex: 'half' } as RequestInit);
    await next();
    // Whatever the route made of the failed read (a parse error, say), the answer is 413.
    if (exceeded) throw refuse();
  };
}
