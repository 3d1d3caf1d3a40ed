import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.ts';
import { spawnServerProcess } from '../support/server-process.ts';
import { makeTempDir, startTestServer, testAdminToken, type TestServer } from '../support/test-server.ts';

/**
 * Request bodies are counted while they stream in (server/http/body-limit.ts): an oversized body is
 * refused at its limit, whether it declares its length or is sent chunked, and is never held whole.
 * Before this, a 300 MiB chunked sign-up raised the server's memory by about 1 GB.
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const MiB = 1024 * 1024;

/** A chunked body of `totalBytes` made by a generator, so this process never holds it whole. */
function streamedBody(totalBytes: number): ReadableStream<Uint8Array> {
  const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
  async function* chunks() {
    yield new TextEncoder().encode('{"email":"someone@example.org","password":"');
    for (let sent = 0; sent < totalBytes; sent += chunk.byteLength) yield chunk;
  }
  const iterator = chunks();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
  });
}

/**
 * POSTs a chunked (no Content-Length) body of `totalBytes` and returns the status and error body.
 * The server answers 413 and closes the connection while the body is still being sent, so the
 * remaining writes may fail (EPIPE, reset): what counts is the response, which arrives first.
 */
function postStreamed(baseUrl: string, path: string, totalBytes: number): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const request = http.request(new URL(path, baseUrl), { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (response) => {
      answered = true;
      const parts: Buffer[] = [];
      response.on('data', (part: Buffer) => parts.push(part));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(parts).toString('utf8')) }));
      response.on('error', reject);
    });
    request.on('error', (error) => {
      if (!answered) reject(error);
    });
    const chunk = Buffer.from('x'.repeat(64 * 1024));
    let sent = 0;
    // One chunk a turn, so the answer is read as soon as it arrives. After a burst of writes, the
    // write that met the server's close failed (EPIPE) first, and the unread answer went with the
    // socket (seen in CI under load).
    const pump = (): void => {
      if (request.destroyed) return;
      if (sent >= totalBytes || answered) {
        request.end();
        return;
      }
      sent += chunk.byteLength;
      if (request.write(chunk)) setImmediate(pump);
      else request.once('drain', pump);
    };
    request.write('{"email":"someone@example.org","password":"');
    pump();
  });
}

/** Resident and peak resident memory of a process, in MiB, from /proc/<pid>/status. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}

/**
 * Sends `totalBytes` chunked to a fresh server process and reports how far its peak memory rose
 * above what it held before: a server that buffered the body would rise by about its size.
 */
async function peakGrowthOfServer(path: string, totalBytes: number): Promise<{ status: number; body: any; growthMiB: number }> {
  const child = await spawnServerProcess(makeTempDir());
  try {
    await fetch(`${child.httpUrl}/healthz`);
    const before = memoryOf(child.pid);
    const result = await postStreamed(child.httpUrl, path, totalBytes);
    return { ...result, growthMiB: memoryOf(child.pid).peak - before.rss };
  } finally {
    child.child.kill('SIGTERM');
    await child.exited;
  }
}

/**
 * Sends headers declaring `declaredBytes` but only a few bytes of body, and resolves with the
 * response. A server that waited to read the body before refusing it would never answer.
 */
function postDeclaringLength(path: string, declaredBytes: number): Promise<{ status: number; body: any; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    const request = http.request(new URL(path, server.httpUrl), { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(declaredBytes) } }, (response) => {
      const parts: Buffer[] = [];
      response.on('data', (part: Buffer) => parts.push(part));
      response.on('end', () => {
        request.destroy();
        resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(parts).toString('utf8')), connection: response.headers.connection });
      });
    });
    request.on('error', reject);
    request.write('{"email":"someone@example.org"');
  });
}

/**
 * A client busy sending a chunked body over the limit, which reads nothing for `busyMs` (as a
 * browser uploading a file does), then reads what the server sent. Returns that, and the error
 * its writes met, if any.
 */
async function sendWithoutReading(baseUrl: string, path: string, busyMs: number): Promise<{ answer: string; writeError: string | null }> {
  const url = new URL(baseUrl);
  const socket = net.connect(Number(url.port), url.hostname);
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.pause();
  const closed = new Promise((resolve) => socket.once('close', resolve));
  let writeError: string | null = null;
  socket.on('error', (error) => (writeError = error.message));
  socket.write(`POST ${path} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`);
  const chunk = Buffer.from('x'.repeat(64 * 1024));
  const frame = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
  const started = performance.now();
  while (performance.now() - started < busyMs && writeError === null && !socket.destroyed) {
    socket.write(frame);
    await new Promise((resolve) => setImmediate(resolve));
  }
  const received: Buffer[] = [];
  socket.on('data', (data: Buffer) => received.push(data));
  socket.resume();
  if (!socket.destroyed) socket.end('0\r\n\r\n');
  await closed;
  return { answer: Buffer.concat(received).toString('utf8'), writeError };
}

describe('request body limits', () => {
  it('refuses a 300 MiB chunked sign-up with 413 without buffering it', async () => {
    const result = await peakGrowthOfServer('/api/auth/signup', 300 * MiB);
    expect(result.growthMiB).toBeLessThan(48);
    expect(result.status).toBe(413);
    expect(result.body.error.code).toBe('payloadTooLarge');
    expect(result.body.error.message).toMatch(/1 MiB/);
  });

  it('refuses a 300 MiB chunked sign-in with 413 (not a 500) without buffering it', async () => {
    const result = await peakGrowthOfServer('/api/auth/login', 300 * MiB);
    expect(result.growthMiB).toBeLessThan(48);
    expect(result.status).toBe(413);
    expect(result.body.error.code).toBe('payloadTooLarge');
  });

  it('lets a client still sending its body read the 413, not a reset', async () => {
    // Closed at once, the socket held unread body bytes, so the close was a TCP reset: the
    // client's next write failed with EPIPE and the answer it had not read yet was lost.
    const { answer, writeError } = await sendWithoutReading(server.httpUrl, '/api/auth/login', 300);
    expect(answer, `nothing read (the writes met: ${writeError})`).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toContain('payloadTooLarge');
  });

  it('refuses a declared length over the limit before reading the body', async () => {
    const refused = await postDeclaringLength('/api/auth/signup', 5 * MiB);
    expect(refused.status).toBe(413);
    expect(refused.body.error.code).toBe('payloadTooLarge');
    // The unread rest makes the connection unusable for another request, and the answer says so.
    expect(refused.connection).toBe('close');
  });

  it('applies the default limit to every API route, including ones that do not exist', async () => {
    const admin = { authorization: `Bearer ${testAdminToken}`, 'content-type': 'application/json' };
    const chunked = await fetch(`${server.httpUrl}/api/projects`, { method: 'POST', headers: admin, body: streamedBody(2 * MiB), duplex: 'half' } as RequestInit);
    expect(chunked.status).toBe(413);
    expect((await postDeclaringLength('/api/projects', 2 * MiB)).status).toBe(413);
    expect((await postDeclaringLength('/api/no-such-route', 2 * MiB)).status).toBe(413);
  });

  it('accepts an ordinary JSON body just under the default limit', async () => {
    const name = 'n'.repeat(100);
    const padding = 'p'.repeat(MiB - 1024);
    const response = await ApiClient.admin(server.httpUrl).post('/api/projects', { name, padding });
    expect(response.status).toBe(201);
  });

  it('lets a multi-MiB transcript upload through the documents route, which has its own 64 MiB limit', async () => {
    const admin = ApiClient.admin(server.httpUrl);
    const projectId = (await admin.post('/api/projects', { name: 'Uploads' })).body.id;
    const line = 'Participant: we met every week and talked the plan through again.\n';
    const text = line.repeat(Math.ceil((4.5 * MiB) / line.length));
    const form = new FormData();
    form.append('file', new Blob([text], { type: 'text/plain' }), 'P01 long interview.txt');
    const upload = await fetch(`${server.httpUrl}/api/projects/${projectId}/documents`, { method: 'POST', headers: { authorization: `Bearer ${testAdminToken}` }, body: form });
    expect(upload.status).toBe(201);
    expect((await upload.json()).documents[0].length).toBe(text.trimEnd().length);
    // Pasted text (JSON) above the 1 MiB default is accepted on this route too.
    const pasted = await admin.post(`/api/projects/${projectId}/documents`, { name: 'P02', text: line.repeat(Math.ceil((2 * MiB) / line.length)) });
    expect(pasted.status).toBe(201);
  });

  it('gives the attribute import 4 MiB: a 2 MiB table is read, a 5 MiB one refused', async () => {
    const admin = ApiClient.admin(server.httpUrl);
    const projectId = (await admin.post('/api/projects', { name: 'Attributes' })).body.id;
    // Wide rows: the table itself may have at most 10,000 of them.
    const row = (i: number) => `P${i},${'a'.repeat(400)}\n`;
    const table = (bytes: number) => `document,site\n${Array.from({ length: Math.ceil(bytes / row(0).length) }, (_, i) => row(i)).join('')}`;
    const send = (csv: string) =>
      fetch(`${server.httpUrl}/api/projects/${projectId}/attributes/import`, { method: 'POST', headers: { authorization: `Bearer ${testAdminToken}`, 'content-type': 'text/csv' }, body: csv });
    const accepted = await send(table(2 * MiB));
    expect(accepted.status).toBe(200);
    const refused = await send(table(5 * MiB));
    expect(refused.status).toBe(413);
    expect((await refused.json()).error.message).toMatch(/4 MiB/);
  });
});
