import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { closeGently } from './close-gently.ts';

const servers: net.Server[] = [];
const clients: net.Socket[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A connection whose server side is closed gently (`lingerMs`), then asked to close as Node's HTTP server does. */
async function gentlyClosedConnection(lingerMs: number): Promise<{ client: net.Socket; serverSide: net.Socket; serverClosed: Promise<number> }> {
  const server = net.createServer({ allowHalfOpen: true });
  servers.push(server);
  const accepted = new Promise<net.Socket>((resolve) => server.once('connection', resolve));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // Half-open allowed: the server's FIN does not make the client close its side too.
  const client = net.connect({ port: (server.address() as net.AddressInfo).port, host: '127.0.0.1', allowHalfOpen: true });
  clients.push(client);
  client.on('error', () => {});
  const serverSide = await accepted;
  // The HTTP server's parser reads the socket; here nothing would, and no 'end' would show.
  serverSide.resume();
  const serverClosed = new Promise<number>((resolve) => serverSide.once('close', () => resolve(performance.now())));
  closeGently(serverSide, lingerMs);
  serverSide.write('HTTP/1.1 413 Payload Too Large\r\nConnection: close\r\n\r\n');
  serverSide.destroySoon();
  return { client, serverSide, serverClosed };
}

describe('closing a refused connection gently', () => {
  it('sends the answer and a FIN, and keeps reading what the client still sends', async () => {
    const { client, serverSide } = await gentlyClosedConnection(5_000);
    const answer: Buffer[] = [];
    client.on('data', (data: Buffer) => answer.push(data));
    await new Promise((resolve) => client.once('end', resolve));
    expect(Buffer.concat(answer).toString('utf8')).toMatch(/^HTTP\/1\.1 413 /);
    // Still open for reading: what the client sends now is taken, not answered with a reset.
    const read = new Promise((resolve) => serverSide.once('data', resolve));
    client.write('the rest of the body');
    await read;
    expect(serverSide.destroyed).toBe(false);
  });

  it('closes once the client has stopped sending (its FIN)', async () => {
    const { client, serverClosed } = await gentlyClosedConnection(5_000);
    client.resume();
    await new Promise((resolve) => client.once('end', resolve));
    const ended = performance.now();
    client.end();
    expect((await serverClosed) - ended).toBeLessThan(1_000);
  });

  it('closes after lingerMs when the client never stops', async () => {
    const started = performance.now();
    const { serverClosed } = await gentlyClosedConnection(200);
    const tooLong = new Promise<'still open'>((resolve) => setTimeout(() => resolve('still open'), 3_000).unref());
    const outcome = await Promise.race([serverClosed.then(() => 'closed' as const), tooLong]);
    expect(outcome).toBe('closed');
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('closes at once when asked a second time (the drain gave up)', async () => {
    const { serverSide, serverClosed } = await gentlyClosedConnection(5_000);
    const asked = performance.now();
    serverSide.destroySoon();
    expect((await serverClosed) - asked).toBeLessThan(1_000);
  });
});
