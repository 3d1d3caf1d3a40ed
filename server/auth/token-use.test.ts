import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DirectoryStore } from '../persistence/directory-store.ts';
import { createSqliteDirectoryStore } from '../persistence/sqlite-directory-store.ts';
import { AuthService, tokenUseRecordedEveryMs } from './auth-service.ts';
import { hashSecret } from './secret-token.ts';

const stores: DirectoryStore[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const options = { adminToken: null, sessionTtlMs: 3_600_000, maxFailuresPerEmail: 5, maxFailuresPerAddress: 50, failureWindowMs: 900_000, signupMode: 'open', signupMaxPerAddress: 10, signupWindowMs: 3_600_000 } as const;

/** An account with an API token, in a real SQLite file, and an AuthService whose clock the test moves. */
async function tokenHolder() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-token-use-'));
  dirs.push(dir);
  const directory = createSqliteDirectoryStore(path.join(dir, 'accord.sqlite'));
  stores.push(directory);
  await directory.createUser({ id: 'u1', email: 'coder@example.org', name: 'Coder', passwordHash: 'unused', isAdmin: false });
  const secret = 'acc_token-use-test-secret-0123456789';
  await directory.createApiToken({ id: 't1', userId: 'u1', name: 'script', tokenHash: hashSecret(secret) });
  const clock = { now: Date.parse('2026-12-06T10:00:00.000Z') };
  const auth = new AuthService(directory, options, () => new Date(clock.now));
  const lastUsedAt = async () => (await directory.listApiTokens('u1'))[0]!.lastUsedAt;
  return { auth, secret, clock, lastUsedAt };
}

describe("an API token's last use", () => {
  it('is recorded at its first use, then not again until a minute has passed', async () => {
    const { auth, secret, clock, lastUsedAt } = await tokenHolder();
    expect(await lastUsedAt()).toBeNull();

    const first = new Date(clock.now).toISOString();
    expect(await auth.resolveBearer(secret)).toMatchObject({ kind: 'token', tokenId: 't1' });
    expect(await lastUsedAt()).toBe(first);

    // Requests within the minute are let in without a write.
    clock.now += tokenUseRecordedEveryMs - 1;
    expect(await auth.resolveBearer(secret)).toMatchObject({ kind: 'token', tokenId: 't1' });
    expect(await lastUsedAt()).toBe(first);

    clock.now += 1;
    expect(await auth.resolveBearer(secret)).toMatchObject({ kind: 'token', tokenId: 't1' });
    expect(await lastUsedAt()).toBe(new Date(clock.now).toISOString());
  });

  it('is not recorded for a secret that is no token', async () => {
    const { auth, lastUsedAt } = await tokenHolder();
    expect(await auth.resolveBearer('acc_not-a-token')).toBeNull();
    expect(await lastUsedAt()).toBeNull();
  });
});
