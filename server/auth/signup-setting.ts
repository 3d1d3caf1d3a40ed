import { SignupModeSource, signupModes, type SignupMode } from '../../shared/api/index.ts';
import type { DirectoryStore } from '../persistence/directory-store.ts';

/** The directory setting that holds the administrator's sign-up choice. */
export const signupSettingKey = 'signup';

export interface SignupSetting {
  readonly mode: SignupMode;
  readonly source: SignupModeSource;
  /** `SIGNUP` from the configuration: what applies while the administrator has made no choice. */
  readonly configured: SignupMode;
}

const isSignupMode = (value: string | null): value is SignupMode => value !== null && (signupModes as readonly string[]).includes(value);

/**
 * The sign-up mode in force. Precedence: the administrator's choice (stored in the directory, so
 * it survives restarts) wins over `SIGNUP`; `SIGNUP` applies until a choice is made, and again
 * once it is cleared. A stored value that is not a mode (written by hand) is ignored.
 */
export async function readSignupSetting(directory: DirectoryStore, configured: SignupMode): Promise<SignupSetting> {
  const stored = await directory.readSetting(signupSettingKey);
  return isSignupMode(stored) ? { mode: stored, source: SignupModeSource.admin, configured } : { mode: configured, source: SignupModeSource.environment, configured };
}

/** Stores the administrator's choice; null clears it (back to `SIGNUP`). */
export async function writeSignupSetting(directory: DirectoryStore, mode: SignupMode | null): Promise<void> {
  await directory.writeSetting(signupSettingKey, mode);
}
