import type { Socket } from 'node:net';

/** How long a refused request's connection stays open for its answer to be read, at most. */
export const defaultLingerMs = 2_000;

const lingering = new WeakSet<Socket>();

/**
 * Closes `socket` in stages once Node's HTTP server closes it after a `Connection: close` answer
 * (RFC 9112 §9.6): the answer and a FIN first, then what the client still sends is read and
 * discarded (@hono/node-server drains the request) until the client stops, at most `lingerMs`.
 *
 * Node closes such a socket a moment after the answer. A client still sending its body (a browser
 * uploading a file over the limit) then has unread data at the server, so the close sends a TCP
 * reset, and the client's next write fails (EPIPE) before it has read the 413: it sees "connection
 * reset" instead of the answer. A second close (the drain giving up: too many bytes, too long)
 * closes at once.
 */
export function closeGently(socket: Socket, lingerMs = defaultLingerMs): void {
  if (lingering.has(socket)) return;
  lingering.add(socket);
  let closing = false;
  socket.destroySoon = () => {
    if (closing) {
      socket.destroy();
      return;
    }
    closing = true;
    // Once the client's FIN comes too, Node closes the socket (both sides ended): nothing unread, no reset.
    socket.end();
    const timer = setTimeout(() => socket.destroy(), lingerMs);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
  };
}
