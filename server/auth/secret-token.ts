import crypto from 'node:crypto';

/** A random secret with a readable prefix, e.g. `acc_…` for API tokens, `ses_…` for sessions. */
export function createSecret(prefix: string, bytes = 32): string {
  return `${prefix}_${crypto.randomBytes(bytes).toString('base64url')}`;
}

/** Secrets are stored only as their SHA-256, so a leaked database does not leak credentials. */
export function hashSecret(secret: string): string {
  return crypto.createHash('sha256').update(secret).digest('base64url');
}

/** Constant-time comparison of two secrets of any length. */
export function secretsEqual(a: string, b: string): boolean {
  const ha = crypto.createHash('sha256').update(a).digest();
  const hb = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(ha, hb);
}

/**
 * Short, URL-safe, unguessable ids for users, projects, documents. Never with a leading `-` or `_`
 * (1 id in 32 had one): `accord export -AbC…` read such an id as an option, and a CSV cell starting
 * with `-` carries the formula guard's `'`, so the id read back from an export differed.
 */
export function createId(bytes = 12): string {
  for (;;) {
    const id = crypto.randomBytes(bytes).toString('base64url');
    if (!leadingPunctuation.test(id)) return id;
  }
}

const leadingPunctuation = /^[-_]/;
