import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('defaults to localhost:8080 with data under ./data', () => {
    const config = loadConfig({}, '/srv/accord');
    expect(config).toMatchObject({ port: 8080, host: '127.0.0.1', dataDir: '/srv/accord/data', maxFrameBytes: 16 * 1024 * 1024 });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['MAX_FRAME_BYTES', '-1'],
    ['LOG_LEVEL', 'loud'],
    ['TRUST_PROXY', 'yes'],
    ['TRUST_PROXY', '-1'],
    ['SIGNUP', 'sometimes'],
    ['SIGNUP_MAX_PER_ADDRESS', '0'],
    ['SHUTDOWN_TIMEOUT_MS', 'soon'],
    ['SHUTDOWN_TIMEOUT_MS', '10'],
    ['METRICS_TOKEN', 'short'],
    ['REDIS_URL', 'http://redis:6379'],
    ['REDIS_PREFIX', 'has space'],
  ])('rejects %s=%s with an error naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value }, '/')).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value }, '/')).toThrow(new RegExp(`^${name}:`));
  });

  it('trusts no proxy and lets anyone sign up unless told otherwise', () => {
    expect(loadConfig({}, '/')).toMatchObject({ trustProxy: 0, signupMode: 'open', signupMaxPerAddress: 10, signupWindowMs: 3600_000 });
    expect(loadConfig({ TRUST_PROXY: '2', SIGNUP: 'invite', SIGNUP_MAX_PER_ADDRESS: '3' }, '/')).toMatchObject({ trustProxy: 2, signupMode: 'invite', signupMaxPerAddress: 3 });
  });

  it('gives shutdown ten seconds and serves metrics to no extra token unless told otherwise', () => {
    expect(loadConfig({}, '/')).toMatchObject({ shutdownTimeoutMs: 10_000, metricsToken: null });
    const metricsToken = 'prometheus-scrape-token-0123456789';
    expect(loadConfig({ SHUTDOWN_TIMEOUT_MS: '2500', METRICS_TOKEN: metricsToken }, '/')).toMatchObject({ shutdownTimeoutMs: 2500, metricsToken });
  });

  it('runs as the only instance unless REDIS_URL names the Redis that several share, with DATABASE_URL', () => {
    expect(loadConfig({}, '/')).toMatchObject({ redisUrl: null, redisPrefix: 'accord:' });
    const databaseUrl = 'postgres://accord@db:5432/accord';
    expect(loadConfig({ DATABASE_URL: databaseUrl, REDIS_URL: 'rediss://:secret@redis:6380', REDIS_PREFIX: 'team-a:' }, '/')).toMatchObject({ redisUrl: 'rediss://:secret@redis:6380', redisPrefix: 'team-a:' });
    // Several instances cannot share one SQLite file: refused at start, saying so.
    expect(() => loadConfig({ REDIS_URL: 'redis://redis:6379' }, '/')).toThrow(/^REDIS_URL: several instances cannot share one SQLite file: set DATABASE_URL/);
  });
});
