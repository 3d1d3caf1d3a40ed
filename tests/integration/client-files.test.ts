import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompressDirectory } from '../../client/vite-precompress.ts';
import { makeTempDir, startTestServer, type TestServer } from '../support/test-server.ts';

/** The built client as the server sends it (server/http/client-files.ts): compressed copies and a cache policy. */
let server: TestServer;
let clientDir: string;
const bundle = Array.from({ length: 400 }, (_, i) => `export const line${i} = "coding view ${i}";`).join('\n');

beforeAll(async () => {
  // A stand-in for the built client, precompressed as `vite build` does it.
  clientDir = makeTempDir('accord-client-');
  fs.mkdirSync(path.join(clientDir, 'assets'));
  fs.writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><title>Accord</title><div id="app"></div><script type="module" src="/assets/index-abc123.js"></script>');
  fs.writeFileSync(path.join(clientDir, 'assets', 'index-abc123.js'), bundle);
  fs.writeFileSync(path.join(clientDir, 'favicon.svg'), `<svg xmlns="http://www.w3.org/2000/svg">${'<rect width="1" height="1"/>'.repeat(60)}</svg>`);
  await precompressDirectory(clientDir);
  server = await startTestServer({ env: { CLIENT_DIR: clientDir } });
});
afterAll(async () => {
  await server?.close();
});

/** A GET that leaves the body as sent (fetch would decompress it). */
function get(pathname: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(`${server.httpUrl}${pathname}`, { headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

describe('the built client', () => {
  it('has a Brotli and a gzip copy of each compressible file worth compressing, and none of a small one', () => {
    const copies = fs.readdirSync(clientDir, { recursive: true }).map(String).sort();
    expect(copies).toEqual(
      ['assets', 'assets/index-abc123.js', 'assets/index-abc123.js.br', 'assets/index-abc123.js.gz', 'favicon.svg', 'favicon.svg.br', 'favicon.svg.gz', 'index.html'].map((p) => p.replaceAll('/', path.sep)),
    );
  });

  it('is sent as the Brotli copy to a browser that accepts it, and as gzip to one that only takes gzip', async () => {
    const br = await get('/assets/index-abc123.js', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/^text\/javascript/);
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(br.body.byteLength).toBeLessThan(bundle.length / 3);
    expect(zlib.brotliDecompressSync(br.body).toString()).toBe(bundle);

    const gz = await get('/assets/index-abc123.js', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.body).toString()).toBe(bundle);
  });

  it('is sent as it is to a client that accepts no compression', async () => {
    const plain = await get('/assets/index-abc123.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('Accept-Encoding');
    expect(plain.body.toString()).toBe(bundle);
  });

  it('lets the browser keep a hashed chunk for a year, and asks it to check everything else again', async () => {
    expect((await get('/assets/index-abc123.js', { 'accept-encoding': 'br' })).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await get('/assets/index-abc123.js')).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await get('/favicon.svg', { 'accept-encoding': 'br' })).headers['cache-control']).toBe('no-cache');
    const index = await get('/');
    expect(index.body.toString()).toContain('<div id="app">');
    expect(index.headers['cache-control']).toBe('no-cache');
    const shell = await get('/projects/p1/documents/d1', { accept: 'text/html' });
    expect(shell.status).toBe(200);
    expect(shell.headers['cache-control']).toBe('no-cache');
  });
});
