import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { demoAddress, signInLine } from './demo-address.ts';

const addressFor = (env: Record<string, string>) => demoAddress(env, loadConfig(env, '/srv/accord'));

describe('the address npm run demo prints', () => {
  it('is the configured port when PORT is set, not 8080', () => {
    expect(addressFor({ PORT: '3000' })).toEqual({ url: 'http://localhost:3000', certain: true });
    expect(signInLine(addressFor({ PORT: '3000' }), 'pi@example.org')).toContain('http://localhost:3000 as pi@example.org');
  });

  it('is PUBLIC_URL when the server has one', () => {
    expect(addressFor({ PORT: '3000', PUBLIC_URL: 'https://accord.example.org/' })).toEqual({ url: 'https://accord.example.org', certain: true });
  });

  it('names the default port as a default when nothing is configured', () => {
    const line = signInLine(addressFor({}), 'pi@example.org');
    expect(line).toContain('http://localhost:8080 when it runs on the default port');
    expect(line).toContain('PORT or PUBLIC_URL');
  });

  it('keeps a host the server listens on by name', () => {
    expect(addressFor({ PORT: '8443', HOST: '10.0.0.5' }).url).toBe('http://10.0.0.5:8443');
    expect(addressFor({ PORT: '8443', HOST: '0.0.0.0' }).url).toBe('http://localhost:8443');
  });
});
