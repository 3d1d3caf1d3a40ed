import { afterEach, describe, expect, it } from 'vitest';
import type { DirectoryStore } from '../persistence/directory-store.ts';
import { createSqliteDirectoryStore } from '../persistence/sqlite-directory-store.ts';
import { readSignupSetting, signupSettingKey, writeSignupSetting } from './signup-setting.ts';

const stores: DirectoryStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
});
const open = () => {
  const store = createSqliteDirectoryStore(':memory:');
  stores.push(store);
  return store;
};

describe('the sign-up setting', () => {
  it('follows SIGNUP until the administrator chooses, then the choice wins until it is cleared', async () => {
    const directory = open();
    expect(await readSignupSetting(directory, 'invite')).toEqual({ mode: 'invite', source: 'environment', configured: 'invite' });
    await writeSignupSetting(directory, 'closed');
    expect(await readSignupSetting(directory, 'invite')).toEqual({ mode: 'closed', source: 'admin', configured: 'invite' });
    await writeSignupSetting(directory, null);
    expect(await readSignupSetting(directory, 'open')).toEqual({ mode: 'open', source: 'environment', configured: 'open' });
  });

  it('ignores a stored value that is not a mode', async () => {
    const directory = open();
    await directory.writeSetting(signupSettingKey, 'everyone');
    expect(await readSignupSetting(directory, 'closed')).toEqual({ mode: 'closed', source: 'environment', configured: 'closed' });
  });
});
