import { CliError } from './cli-error.ts';
import { requireIo, type CliIo } from './cli-io.ts';
import type { ParsedArgs } from './parse-args.ts';

/** The options every command that talks to a server takes. */
export const serverOptionNames = ['url', 'token'] as const;

export const serverHelp = `Server: --url URL (or ACCORD_URL), e.g. https://accord.example.org, and --token TOKEN (or
ACCORD_TOKEN), a personal API token (Account › API tokens; POST /api/tokens). Prefer the
environment for the token: a command line is visible to other users of the machine.`;

const localHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The sentence for a request that never reached the server (Node's fetch puts the reason in `cause`). */
function unreachable(baseUrl: string, error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const where = `the Accord server at ${baseUrl}`;
  switch (cause?.code) {
    case 'ECONNREFUSED':
      return `cannot reach ${where}: connection refused. Is the server running, and are --url / ACCORD_URL right?`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot reach ${where}: no such host. Check --url / ACCORD_URL.`;
    case 'ECONNRESET':
      return `${where} closed the connection before answering.`;
    default:
      return `cannot reach ${where}: ${cause?.message ?? (error as Error).message}`;
  }
}

/** The server's sentence for a refused request (`{error: {code, message, field?}}`), or its status. */
async function refusal(response: Response): Promise<string> {
  const text = await response.text();
  let message: string | null = null;
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown } };
    if (typeof body?.error?.message === 'string') message = body.error.message;
  } catch {
    // Not our JSON (a proxy's error page): the status says what happened.
  }
  if (message === null) message = `the server answered ${response.status} ${response.statusText}${text.trim() ? `: ${text.trim().slice(0, 200)}` : ''}`;
  if (response.status === 401) message += ' (check --token / ACCORD_TOKEN: a personal API token, which may have been revoked)';
  return message;
}

/**
 * One Accord server, as a personal API token sees it (`Authorization: Bearer`): requests go to
 * `<url>/api/…`; a request the server refuses becomes a `CliError('server')` with the server's own
 * sentence, one that never arrives a sentence naming the URL.
 *
 * @example
 * const server = ServerClient.fromArgs(args, io);
 * const response = await server.request('GET', `/api/projects/${id}/export?format=qdpx`);
 */
export class ServerClient {
  private constructor(
    readonly baseUrl: string,
    private readonly token: string,
    private readonly fetchFn: typeof fetch,
  ) {}

  /** From `--url`/`--token`, else `ACCORD_URL`/`ACCORD_TOKEN`; either missing is a usage error naming both. */
  static fromArgs(args: ParsedArgs, io: CliIo): ServerClient {
    const env = io.env ?? {};
    const given = (name: 'url' | 'token', variable: string): string | null => {
      const value = args.options.get(name);
      const raw = typeof value === 'string' ? value : env[variable];
      return raw !== undefined && raw.trim() !== '' ? raw.trim() : null;
    };
    const url = given('url', 'ACCORD_URL');
    if (url === null) throw new CliError('usage', 'which server? Give --url URL or set ACCORD_URL (e.g. https://accord.example.org)');
    const token = given('token', 'ACCORD_TOKEN');
    if (token === null) throw new CliError('usage', 'no API token: give --token TOKEN or set ACCORD_TOKEN (create one under Account › API tokens)');
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new CliError('usage', `--url / ACCORD_URL must be a URL such as https://accord.example.org, got "${url}"`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new CliError('usage', `--url / ACCORD_URL must start with https:// or http://, got "${url}"`);
    if (parsed.search !== '' || parsed.hash !== '') throw new CliError('usage', `--url / ACCORD_URL must be the server's address without ?query or #fragment, got "${url}"`);
    // Said, not refused: a test server or a tunnel on plain http is the user's call.
    if (parsed.protocol === 'http:' && !localHosts.has(parsed.hostname)) io.stderr(`accord: warning: sending the API token to ${parsed.host} over plain http`);
    return new ServerClient(parsed.href.replace(/\/+$/, ''), token, requireIo(io, 'fetch'));
  }

  /** Sends a request; resolves to a 2xx response, else throws `CliError('server')`. */
  async request(method: 'GET' | 'POST', path: string, body?: FormData): Promise<Response> {
    let response: Response;
    try {
      response = await this.fetchFn(`${this.baseUrl}${path}`, { method, headers: { authorization: `Bearer ${this.token}` }, ...(body && { body }) });
    } catch (error) {
      throw new CliError('server', unreachable(this.baseUrl, error));
    }
    if (!response.ok) throw new CliError('server', await refusal(response));
    return response;
  }

  /** A 2xx response's JSON body. */
  async requestJson<T>(method: 'GET' | 'POST', path: string, body?: FormData): Promise<T> {
    const response = await this.request(method, path, body);
    try {
      return (await response.json()) as T;
    } catch (error) {
      throw new CliError('server', `the server's answer to ${method} ${path} is not JSON: ${(error as Error).message}`);
    }
  }
}
