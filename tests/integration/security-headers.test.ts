import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, seedProject } from '../support/api-client.ts';
import { makeTempDir, startTestServer, type TestServer } from '../support/test-server.ts';

/** Every response of the app carries the browser protections (server/app.ts, `securityHeaders`). */
let server: TestServer;
beforeAll(async () => {
  // A stand-in for the built client, so the static files and the index.html fallback are served.
  const clientDir = makeTempDir('accord-client-');
  fs.mkdirSync(path.join(clientDir, 'assets'));
  fs.writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><title>Accord</title><div id="app"></div><script type="module" src="/assets/app.js"></script>');
  fs.writeFileSync(path.join(clientDir, 'assets', 'app.js'), 'document.title = "ran";');
  server = await startTestServer({ env: { CLIENT_DIR: clientDir } });
});
afterAll(async () => {
  await server?.close();
});

function expectProtections(response: Response) {
  const csp = response.headers.get('content-security-policy') ?? '';
  const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values.join(' ')]));
  const host = new URL(server.httpUrl).host;
  expect(directives.get('script-src')).toBe("'self'");
  expect(directives.get('style-src')).toBe("'self' 'unsafe-inline'");
  expect(directives.get('img-src')).toBe("'self' data: blob:");
  expect(directives.get('connect-src')).toBe(`'self' ws://${host} wss://${host}`);
  expect(directives.get('object-src')).toBe("'none'");
  expect(directives.get('base-uri')).toBe("'self'");
  expect(directives.get('form-action')).toBe("'self'");
  expect(directives.get('frame-ancestors')).toBe("'none'");
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  expect(response.headers.get('x-frame-options')).toBe('DENY');
}

describe('security headers', () => {
  it('are sent with API answers, successes and errors alike', async () => {
    expectProtections(await fetch(`${server.httpUrl}/api/me`));
    expectProtections(await fetch(`${server.httpUrl}/api/projects`, { headers: { authorization: 'Bearer nonsense' } }));
    expectProtections(await fetch(`${server.httpUrl}/api/no-such-route`));
    expectProtections(await fetch(`${server.httpUrl}/healthz`));
  });

  it('are sent with the client: index.html, its fallback for app routes, and assets', async () => {
    const index = await fetch(`${server.httpUrl}/`);
    expect(await index.text()).toContain('<div id="app">');
    expectProtections(index);
    const fallback = await fetch(`${server.httpUrl}/invite/inv_abc`, { headers: { accept: 'text/html' } });
    expect(fallback.status).toBe(200);
    expect(await fallback.text()).toContain('<div id="app">');
    expectProtections(fallback);
    const asset = await fetch(`${server.httpUrl}/assets/app.js`);
    expect(asset.status).toBe(200);
    expectProtections(asset);
  });

  it('leave the HTML agreement export its own stricter policy', async () => {
    const { projectId } = await seedProject(server.httpUrl);
    const admin = ApiClient.admin(server.httpUrl);
    const exported = await admin.request('GET', `/api/projects/${projectId}/agreement/export.html`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'");
    expect(exported.headers.get('x-content-type-options')).toBe('nosniff');
    expect(exported.headers.get('x-frame-options')).toBe('DENY');
  });

  it('name the public address in connect-src when PUBLIC_URL is set', async () => {
    const behindProxy = await startTestServer({ env: { PUBLIC_URL: 'https://accord.example.org' } });
    try {
      const csp = (await fetch(`${behindProxy.httpUrl}/api/me`)).headers.get('content-security-policy') ?? '';
      expect(csp).toContain("connect-src 'self' wss://accord.example.org;");
    } finally {
      await behindProxy.close();
    }
  });
});
