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
export type LogSink = (line: string) => void;

function serializable(fields: LogFields | undefined): LogFields {
  if (!fields) return {};
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] = value instanceof Error ? { name: value.name, message: value.message } : value;
  }
  return out;
}

/** One JSON object per line: `{"time","level","scope","msg",...fields}`. */
export function createLogger(level: LogLevelName, sink: LogSink, scope = 'accord'): Logger {
  const threshold = LogLevel[level];
  const write = (name: Exclude<LogLevelName, 'silent'>, message: string, fields?: LogFields) => {
    if (LogLevel[name] < threshold) return;
    sink(JSON.stringify({ time: new Date().toISOString(), level: name, scope, msg: message, ...serializable(fields) }));
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
