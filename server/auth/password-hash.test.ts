import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password-hash.ts';

const fast = { N: 1024, r: 8, p: 1, keyLength: 32 };

describe('password hashing', () => {
  it('verifies the right password and rejects a wrong one', async () => {
    const stored = await hashPassword('correct horse battery staple', fast);
    expect(stored).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(stored).not.toContain('correct horse');
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', stored)).toBe(false);
  });

  it('salts every hash, so equal passwords give different hashes', async () => {
    expect(await hashPassword('same', fast)).not.toBe(await hashPassword('same', fast));
  });

  it('reads the parameters recorded with the hash', async () => {
    const strong = await hashPassword('pw', { N: 2048, r: 8, p: 1, keyLength: 32 });
    expect(await verifyPassword('pw', strong)).toBe(true);
    expect(await verifyPassword('pw', 'md5$whatever')).toBe(false);
  });
});
