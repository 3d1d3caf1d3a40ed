import { LogLevel, type LogLevelName } from './config.ts';

/** A structured logger scoped to one module. Log ids and reasons, never document text or tokens. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(scope: string): Logger;
}
export type LogFields = Record<string, unknown>;
/** Receives one JSON object per call, without the trailing newline. */
export type LogSink = (line: string) => void;

type LevelName = Exclude<LogLevelName, 'silent'>;

/**
 * Field names whose values are credentials, wherever they appear (any depth, any case, `-`/`_`
 * ignored): `authorization`, `cookie`, `set-cookie`, `csrfToken`, `x-csrf-token`, `password`,
 * `newPassword`, `adminToken`, `passwordHash` … Ids of credentials (`tokenId`, `sessionId`) are
 * not secret and stay.
 */
const secretField = /(?:password|passphrase|secret|token|authorization|cookie|csrf|passwordhash|tokenhash)$/;
export const redacted = '[redacted]';

export function isSecretField(key: string): boolean {
  return secretField.test(key.toLowerCase().replace(/[^a-z0-9]/g, ''));
}

/** Deep enough for request headers inside an error's cause; deeper values are cut, not walked. */
const maxDepth = 8;

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/**
 * An error as JSON: its type, message and stack, its own fields (`reason`, `code`, `status` …,
 * redacted like any field) and its `cause` chain, each cause serialized the same way.
 */
function serializeError(error: Error, depth: number, seen: Set<object>): Record<string, unknown> {
  const out: Record<string, unknown> = { type: error.name, message: error.message, stack: error.stack };
  for (const [key, value] of Object.entries(error)) {
    if (key === 'cause' || key in out) continue;
    out[key] = prepare(key, value, depth + 1, seen);
  }
  if (error instanceof AggregateError) out.errors = error.errors.map((inner: unknown) => prepare('error', inner, depth + 1, seen));
  if (error.cause !== undefined) out.cause = prepare('cause', error.cause, depth + 1, seen);
  return out;
}

/** A field's value as it may be logged: secrets redacted, errors serialized, cycles cut. */
function prepare(key: string, value: unknown, depth: number, seen: Set<object>): unknown {
  if (isSecretField(key) && value !== undefined && value !== null) return redacted;
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return '[circular]';
  if (depth > maxDepth) return '[too deep]';
  seen.add(value);
  try {
    if (value instanceof Error) return serializeError(value, depth, seen);
    if (Array.isArray(value)) return value.map((item) => prepare(key, item, depth + 1, seen));
    if (value instanceof Headers) return prepareEntries([...value.entries()], depth, seen);
    if (!isPlainObject(value)) return value; // Dates, typed arrays …: the JSON writer knows them
    return prepareEntries(Object.entries(value), depth, seen);
  } finally {
    seen.delete(value);
  }
}

function prepareEntries(entries: readonly [string, unknown][], depth: number, seen: Set<object>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of entries) out[key] = prepare(key, value, depth + 1, seen);
  return out;
}

/** `fields` as they are written: secrets redacted at any depth, every Error with stack and causes. */
export function prepareLogFields(fields: LogFields): LogFields {
  return prepareEntries(Object.entries(fields), 0, new Set());
}

/** JSON.stringify, with a BigInt (which it refuses) written as its decimal string. */
function toJson(entry: Record<string, unknown>): string {
  return JSON.stringify(entry, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
}

/**
 * One JSON object per line, `{"level":"info","time":"<ISO>","scope":"accord.sync",…fields,"msg":"…"}`.
 * `main.ts` passes a stdout sink; tests pass an array's push. Our own few lines rather than pino:
 * the fields are prepared here anyway (`prepareLogFields`), and loading pino was ~20 ms of every
 * start of the server (restart-to-listen, bench/compare).
 */
export function createLogger(level: LogLevelName, sink: LogSink, scope = 'accord'): Logger {
  const threshold = LogLevel[level];
  const write = (entryLevel: LevelName, message: string, fields?: LogFields) => {
    if (LogLevel[entryLevel] < threshold) return;
    const time = new Date().toISOString();
    let line: string;
    try {
      line = toJson({ level: entryLevel, time, scope, ...(fields && prepareLogFields(fields)), msg: message });
    } catch (error) {
      // A value that cannot be written (a throwing getter or toJSON) loses its fields, not the line,
      // and never turns a log call into an error of the code that made it.
      line = toJson({ level: entryLevel, time, scope, msg: message, unloggableFields: String(error) });
    }
    sink(line);
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (child) => createLogger(level, sink, `${scope}.${child}`),
  };
}

/** For tests: a logger that writes nothing. */
export const silentLogger: Logger = createLogger('silent', () => {});
