/**
 * The address a request came from, for throttling sign-ins and sign-ups. Behind `trustedHops`
 * reverse proxies, each proxy appends the address it received the request from to
 * `X-Forwarded-For`, so the client is the `trustedHops`-th entry from the right; anything further
 * left was written by the client and could be anything. With no trusted proxy the header is
 * ignored, because then the client wrote all of it.
 *
 * @example
 * clientAddressFrom({ forwardedFor: '6.6.6.6, 203.0.113.9', socketAddress: '10.0.0.2', trustedHops: 1 }); // '203.0.113.9'
 */
export function clientAddressFrom(input: { forwardedFor: string | undefined; socketAddress: string | undefined; trustedHops: number }): string {
  const { forwardedFor, socketAddress, trustedHops } = input;
  if (trustedHops > 0 && forwardedFor) {
    const hops = forwardedFor
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '');
    // Fewer entries than trusted proxies: the request did not come through all of them.
    const client = hops.length >= trustedHops ? hops[hops.length - trustedHops] : undefined;
    if (client) return normalize(client);
  }
  return socketAddress ? normalize(socketAddress) : 'unknown';
}

/** One client, one key: `::ffff:192.0.2.7` (IPv4 on a dual-stack socket) is `192.0.2.7`. */
function normalize(address: string): string {
  return address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1');
}
