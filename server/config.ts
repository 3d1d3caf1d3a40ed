import path from 'node:path';
import { signupModes, type SignupMode } from '../shared/api/index.ts';

/** Typed, validated, frozen configuration. The only module that reads environment variables. */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly logLevel: LogLevelName;
  /** Largest websocket frame accepted; bigger frames close the socket with 1009. */
  readonly maxFrameBytes: number;
  /** Sustained messages per second one socket may send, and the burst it may save up. */
  readonly messagesPerSecond: number;
  readonly messageBurst: number;
  /** Sustained bytes per second one socket may send, and the burst it may save up (≥ maxFrameBytes). */
  readonly bytesPerSecond: number;
  readonly byteBurst: number;
  /** Bytes that may wait unsent for one socket (besides one sync reply) before it is closed with 4408. */
  readonly maxQueuedBytes: number;
  /** How long a room with no connections stays in memory before it is unloaded. */
  readonly roomIdleUnloadMs: number;
  /** Compact a room's update log once it holds this many rows or bytes. */
  readonly compactAfterUpdates: number;
  readonly compactAfterBytes: number;
  /** Directory of the built client; served at `/` when it exists. */
  readonly clientDir: string;
  /** Optional bearer token with owner rights on every project (automation, benchmarks). */
  readonly adminToken: string | null;
  /** Base URL used in invite links; when unset, taken from each request. */
  readonly publicUrl: string | null;
  readonly sessionTtlMs: number;
  readonly loginMaxFailuresPerEmail: number;
  readonly loginMaxFailuresPerAddress: number;
  readonly loginFailureWindowMs: number;
  /** How many reverse proxies in front of the server append to X-Forwarded-For (0: ignore it). */
  readonly trustProxy: number;
  /** Who may create an account: anyone, only holders of an invite link, or nobody (but the first). */
  readonly signupMode: SignupMode;
  /** Sign-ups allowed from one client address per window. */
  readonly signupMaxPerAddress: number;
  readonly signupWindowMs: number;
  /** How long a SIGTERM/SIGINT may take to store every room and close; past it the process exits 1. */
  readonly shutdownTimeoutMs: number;
  /** Optional bearer token for `GET /metrics` (the administrator token is accepted too). */
  readonly metricsToken: string | null;
  /** `DATABASE_URL`: when set, everything is stored in this PostgreSQL database instead of DATA_DIR's SQLite file. */
  readonly databaseUrl: string | null;
  /** `REDIS_URL`: when set, this is one of several instances, which tell each other over this Redis what they stored (docs/scale-out.md). Needs `databaseUrl`. */
  readonly redisUrl: string | null;
  /** Prefix of every Redis channel, so deployments (or tests) sharing one Redis stay apart. */
  readonly redisPrefix: string;
}

export const LogLevel = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
export type LogLevelName = keyof typeof LogLevel;

export class ConfigError extends Error {
  readonly reason = 'invalidConfig';
  constructor(readonly variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `expected a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function oneOf<T extends string>(env: Env, name: string, fallback: T, allowed: readonly T[]): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

/** A socket must be able to send at least one frame of the largest allowed size. */
function byteBurst(env: Env, maxFrameBytes: number): number {
  const value = integer(env, 'BYTE_BURST', Math.max(64 * 1024 * 1024, 2 * maxFrameBytes), 1024, 16 * 1024 * 1024 * 1024);
  if (value < maxFrameBytes) throw new ConfigError('BYTE_BURST', `must be at least MAX_FRAME_BYTES (${maxFrameBytes}), or no frame of the allowed size could ever be sent; got ${value}`);
  return value;
}

/** An optional bearer secret: unset, or long enough not to be guessed. */
function bearerSecret(env: Env, name: string): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  if (raw.length < 24) throw new ConfigError(name, 'must be at least 24 characters (use a long random value)');
  return raw;
}

function publicUrl(env: Env): string | null {
  const raw = env.PUBLIC_URL;
  if (raw === undefined || raw === '') return null;
  try {
    const url = new URL(raw);
    return url.origin + url.pathname.replace(/\/$/, '');
  } catch {
    throw new ConfigError('PUBLIC_URL', `must be an absolute URL such as https://accord.example.org, got "${raw}"`);
  }
}

function databaseUrl(env: Env): string | null {
  const raw = env.DATABASE_URL;
  if (raw === undefined || raw === '') return null;
  if (!/^postgres(ql)?:\/\/[^/]/.test(raw)) throw new ConfigError('DATABASE_URL', 'must be a PostgreSQL URL such as postgres://accord@db.example.org:5432/accord');
  return raw;
}

function redisUrl(env: Env, databaseUrl: string | null): string | null {
  const raw = env.REDIS_URL;
  if (raw === undefined || raw === '') return null;
  if (!/^rediss?:\/\/[^/]/.test(raw)) throw new ConfigError('REDIS_URL', 'must be a Redis URL such as redis://redis.example.org:6379 (or rediss:// for TLS)');
  if (databaseUrl === null) {
    throw new ConfigError('REDIS_URL', 'several instances cannot share one SQLite file: set DATABASE_URL to the PostgreSQL database they share, or unset REDIS_URL to run a single instance');
  }
  return raw;
}

function redisPrefix(env: Env): string {
  const raw = env.REDIS_PREFIX;
  if (raw === undefined || raw === '') return 'accord:';
  if (!/^[A-Za-z0-9_:.-]{1,64}$/.test(raw)) throw new ConfigError('REDIS_PREFIX', `must be 1–64 letters, digits or _ : . -, got "${raw}"`);
  return raw;
}

/**
 * Reads configuration once, at start-up. A bad value throws a ConfigError naming the variable.
 * `cwd` anchors relative paths so the server behaves the same wherever it is launched from.
 */
export function loadConfig(env: Env, cwd: string): Config {
  const dataDir = path.resolve(cwd, env.DATA_DIR || './data');
  const maxFrameBytes = integer(env, 'MAX_FRAME_BYTES', 16 * 1024 * 1024, 1024, 1024 * 1024 * 1024);
  const database = databaseUrl(env);
  return Object.freeze({
    port: integer(env, 'PORT', 8080, 0, 65535),
    host: env.HOST || '127.0.0.1',
    dataDir,
    logLevel: oneOf(env, 'LOG_LEVEL', 'info', Object.keys(LogLevel) as LogLevelName[]),
    maxFrameBytes,
    messagesPerSecond: integer(env, 'MESSAGES_PER_SECOND', 500, 1, 1_000_000),
    messageBurst: integer(env, 'MESSAGE_BURST', 5000, 1, 10_000_000),
    bytesPerSecond: integer(env, 'BYTES_PER_SECOND', 4 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    byteBurst: byteBurst(env, maxFrameBytes),
    maxQueuedBytes: integer(env, 'MAX_QUEUED_BYTES', 16 * 1024 * 1024, 64 * 1024, 1024 * 1024 * 1024),
    roomIdleUnloadMs: integer(env, 'ROOM_IDLE_UNLOAD_MS', 30_000, 0, 24 * 3600 * 1000),
    compactAfterUpdates: integer(env, 'COMPACT_AFTER_UPDATES', 500, 2, 10_000_000),
    compactAfterBytes: integer(env, 'COMPACT_AFTER_BYTES', 8 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    clientDir: path.resolve(cwd, env.CLIENT_DIR || './dist/client'),
    adminToken: bearerSecret(env, 'ACCORD_ADMIN_TOKEN'),
    publicUrl: publicUrl(env),
    sessionTtlMs: integer(env, 'SESSION_TTL_HOURS', 24 * 30, 1, 24 * 365) * 3600 * 1000,
    loginMaxFailuresPerEmail: integer(env, 'LOGIN_MAX_FAILURES', 10, 1, 1_000_000),
    loginMaxFailuresPerAddress: integer(env, 'LOGIN_MAX_FAILURES_PER_ADDRESS', 50, 1, 1_000_000),
    loginFailureWindowMs: integer(env, 'LOGIN_FAILURE_WINDOW_MINUTES', 15, 1, 24 * 60) * 60 * 1000,
    trustProxy: integer(env, 'TRUST_PROXY', 0, 0, 10),
    signupMode: oneOf(env, 'SIGNUP', 'open', signupModes),
    signupMaxPerAddress: integer(env, 'SIGNUP_MAX_PER_ADDRESS', 10, 1, 1_000_000),
    signupWindowMs: 60 * 60 * 1000,
    shutdownTimeoutMs: integer(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 100, 10 * 60 * 1000),
    metricsToken: bearerSecret(env, 'METRICS_TOKEN'),
    databaseUrl: database,
    redisUrl: redisUrl(env, database),
    redisPrefix: redisPrefix(env),
  });
}
