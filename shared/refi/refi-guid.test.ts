import { describe, expect, it } from 'vitest';
import { isRefiGuid, normalizeGuid, refiGuid } from './refi-guid.ts';

// The GUIDType pattern of the REFI-QDA schemas.
const schemaGuid = /^(([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})|(\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}))$/;

describe('refiGuid', () => {
  it('is stable for the same Accord id, so a re-export names the same objects', () => {
    expect(refiGuid('code', 'c_42')).toBe(refiGuid('code', 'c_42'));
  });

  it('differs by kind and by id, and is a version-8 UUID the schema accepts', () => {
    const guids = new Set<string>();
    for (const kind of ['code', 'coding', 'selection', 'user']) for (let i = 0; i < 250; i++) guids.add(refiGuid(kind, `id-${i}`));
    expect(guids.size).toBe(1000);
    for (const guid of guids) {
      expect(guid).toMatch(schemaGuid);
      expect(guid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });

  it('keeps ids that differ only around the separator apart', () => {
    expect(refiGuid('a', 'b\u0000c')).not.toBe(refiGuid('a\u0000b', 'c'));
  });
});

describe('isRefiGuid and normalizeGuid', () => {
  it('accepts the schema’s forms, braces only in pairs', () => {
    expect(isRefiGuid('6f35c6f2-bd8f-4f08-ad49-6d62cb8442a5')).toBe(true);
    expect(isRefiGuid('{6F35C6F2-BD8F-4F08-AD49-6D62CB8442A5}')).toBe(true);
    expect(isRefiGuid('{6f35c6f2-bd8f-4f08-ad49-6d62cb8442a5')).toBe(false);
    expect(isRefiGuid('6f35c6f2bd8f4f08ad496d62cb8442a5')).toBe(false);
  });

  it('normalises case and braces, and keeps other identifiers as they are', () => {
    expect(normalizeGuid(' {6F35C6F2-BD8F-4F08-AD49-6D62CB8442A5} ')).toBe('6f35c6f2-bd8f-4f08-ad49-6d62cb8442a5');
    expect(normalizeGuid('code-17')).toBe('code-17');
  });
});
