import type { Config } from '../config.ts';

/**
 * Where `npm run demo` tells the owner to sign in. The command runs while the server is stopped
 * (one process per data directory), so it cannot ask the server its address: it states only what
 * the configuration it shares with the server says for certain — PUBLIC_URL, else PORT (and HOST)
 * when they are set — and otherwise names the default as a default.
 *
 * @example
 * demoAddress({ PORT: '3000' }, { publicUrl: null, host: '127.0.0.1', port: 3000 }) // { url: 'http://localhost:3000', certain: true }
 */
export function demoAddress(env: Readonly<Record<string, string | undefined>>, config: Pick<Config, 'publicUrl' | 'host' | 'port'>): { url: string; certain: boolean } {
  if (config.publicUrl) return { url: config.publicUrl.replace(/\/+$/, ''), certain: true };
  return { url: `http://${browserHost(config.host)}:${config.port}`, certain: Boolean(env.PORT?.trim()) };
}

/** A listening address as a browser on the same machine reaches it. */
function browserHost(host: string): string {
  if (host === '127.0.0.1' || host === '0.0.0.0' || host === '::' || host === '::1' || host === 'localhost') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

/** The closing line of `npm run demo`. */
export function signInLine(address: { url: string; certain: boolean }, email: string): string {
  return address.certain
    ? `Start the server (npm start, with the same settings) and sign in at ${address.url} as ${email}.`
    : `Start the server (npm start, with the same DATA_DIR) and sign in as ${email} — at ${address.url} when it runs on the default port; if you start it with PORT or PUBLIC_URL, use that address instead.`;
}
