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
});
