import { describe, expect, it } from 'vitest';
import { StoreError } from './persistence/document-store.ts';
import { createLogger, isSecretField } from './logger.ts';

function capture(level: Parameters<typeof createLogger>[0] = 'debug') {
  const lines: string[] = [];
  const logger = createLogger(level, (line) => lines.push(line));
  return { logger, lines, entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('logger', () => {
  it('writes one JSON object per line with level, ISO time, scope, message and fields', () => {
    const { logger, lines, entries } = capture();
    logger.child('sync').info('room loaded', { room: 'text:p1:d1', rows: 3 });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    const [entry] = entries();
    expect(entry).toMatchObject({ level: 'info', scope: 'accord.sync', msg: 'room loaded', room: 'text:p1:d1', rows: 3 });
    expect(new Date(entry!.time as string).toISOString()).toBe(entry!.time);
  });

  it('names nested scopes once, by their full path', () => {
    const { logger, lines, entries } = capture();
    logger.child('http').child('admin').warn('x');
    expect(entries()[0]).toMatchObject({ scope: 'accord.http.admin', level: 'warn' });
    expect(lines[0]!.match(/"scope"/g)).toHaveLength(1);
  });

  it('writes nothing below its level, and nothing at all when silent', () => {
    const info = capture('info');
    info.logger.debug('hidden');
    info.logger.info('shown');
    expect(info.entries().map((e) => e.msg)).toEqual(['shown']);
    const silent = capture('silent');
    silent.logger.error('nobody hears this');
    expect(silent.lines).toEqual([]);
  });

  it('redacts credentials wherever they appear, and keeps the ids of credentials', () => {
    const { logger, lines, entries } = capture();
    logger.info('request', {
      headers: { authorization: 'Bearer acc_SECRET1', Cookie: 'accord_session=ses_SECRET2', 'set-cookie': ['accord_session=ses_SECRET3'], 'x-csrf-token': 'csrf_SECRET4' },
      body: { email: 'a@example.org', password: 'SECRET5', nested: [{ newPassword: 'SECRET6', csrfToken: 'SECRET7' }] },
      token: 'acc_SECRET8',
      passwordHash: 'scrypt$SECRET9',
      tokenId: 'tok_123',
      sessionId: 'sess_456',
    });
    expect(lines[0]).not.toMatch(/SECRET/);
    const entry = entries()[0] as { headers: Record<string, unknown>; body: { email: string; password: string }; tokenId: string; sessionId: string };
    expect(entry.headers.authorization).toBe('[redacted]');
    expect(entry.body).toMatchObject({ email: 'a@example.org', password: '[redacted]' });
    expect([entry.tokenId, entry.sessionId]).toEqual(['tok_123', 'sess_456']);
    expect(['authorization', 'Set-Cookie', 'x_csrf_token', 'adminToken', 'currentPassword', 'secret'].every(isSecretField)).toBe(true);
    expect(['tokenId', 'sessionId', 'room', 'tokens', 'hashChain'].some(isSecretField)).toBe(false);
  });

  it('logs an error with its type, stack, own fields and whole cause chain, secrets redacted', () => {
    const { logger, entries } = capture();
    const root = Object.assign(new Error('SQLITE_FULL: database or disk is full'), { code: 'SQLITE_FULL', password: 'SECRET' });
    const store = new StoreError('unavailable', 'append failed', { cause: root });
    logger.error('store write failed', { room: 'text:p1:d1', error: new Error('flush failed', { cause: store }) });
    const error = entries()[0]!.error as Record<string, any>;
    expect(error).toMatchObject({ type: 'Error', message: 'flush failed' });
    expect(error.stack).toMatch(/^Error: flush failed\n\s+at /);
    expect(error.cause).toMatchObject({ type: 'StoreError', message: 'append failed', reason: 'unavailable' });
    expect(error.cause.stack).toContain('StoreError: append failed');
    expect(error.cause.cause).toMatchObject({ type: 'Error', message: 'SQLITE_FULL: database or disk is full', code: 'SQLITE_FULL', password: '[redacted]' });
  });

  it('survives a cause cycle and values it cannot walk', () => {
    const { logger, entries } = capture();
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    logger.error('cycle', { error: a, bytes: new Uint8Array([1, 2]), when: new Date(0), total: 2n ** 64n });
    const entry = entries()[0] as Record<string, any>;
    expect(entry.error.cause.message).toBe('b');
    expect(entry.error.cause.cause).toBe('[circular]');
    expect(entry.when).toBe('1970-01-01T00:00:00.000Z');
    expect(entry.total).toBe('18446744073709551616');
  });

  it('writes the line without its fields when a value cannot be written, and never throws', () => {
    const { logger, entries } = capture();
    const hostile = { toJSON: () => { throw new Error('no'); } };
    expect(() => logger.warn('still logged', { value: hostile })).not.toThrow();
    expect(entries()[0]).toMatchObject({ level: 'warn', msg: 'still logged', unloggableFields: 'Error: no' });
  });
});
