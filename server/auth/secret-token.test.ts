import { describe, expect, it } from 'vitest';
import { createId } from './secret-token.ts';

describe('createId', () => {
  it('makes URL-safe ids of 16 characters that never start with - or _ (read as an option by the CLI, guarded as a formula in CSV)', () => {
    const ids = Array.from({ length: 5000 }, () => createId());
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]{15}$/);
    // Without the rule about 150 of 5,000 would start with one of them; all the other characters still occur first.
    expect(new Set(ids.map((id) => id[0])).size).toBe(62);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
