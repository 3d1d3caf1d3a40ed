import { describe, expect, it } from 'vitest';
import { refiGuid, walkCodes } from '../../shared/refi/index.ts';
import { codeFixture } from '../../tests/support/code-fixture.ts';
import { codeDescription, refiCodebookOf } from './refi-codebook.ts';

describe('refiCodebookOf', () => {
  const codes = [
    codeFixture('pull', { name: 'Pull', isStage: true, stageOrder: 2, order: 1, parentId: 'stages', colour: '#56B4E9' }),
    codeFixture('push', { name: 'Push', isStage: true, stageOrder: 1, order: 0, parentId: 'stages', definition: 'Given without asking.', inclusion: 'Mandates.', examples: ['“They sent it.”', ''] }),
    codeFixture('stages', { name: 'Stages', order: 0 }),
    codeFixture('cost', { name: 'Cost', order: 1, domain: 'barriers' }),
    codeFixture('time', { name: 'Time', order: 2, domain: 'barriers' }),
    codeFixture('orphan', { name: 'Orphan', parentId: 'deleted-parent', order: 3 }),
  ];

  it('keeps the hierarchy in codebook order, with colours and stable GUIDs; every code stays codable', () => {
    const book = refiCodebookOf('p1', codes);
    expect(book.codes.map((c) => c.name)).toEqual(['Stages', 'Cost', 'Time', 'Orphan']);
    expect(book.codes[0]!.children.map((c) => c.name)).toEqual(['Push', 'Pull']);
    expect(book.codes[0]!.children[1]).toMatchObject({ guid: refiGuid('code', 'pull'), color: '#56B4E9', isCodable: true, description: null });
    expect([...walkCodes(book.codes)].every((c) => c.isCodable)).toBe(true);
    expect(book.guidOf.get('orphan')).toBe(refiGuid('code', 'orphan'));
    expect(book.guidOf.size).toBe(codes.length);
  });

  it('writes the stage set in stage order and one set per code domain', () => {
    const book = refiCodebookOf('p1', codes);
    expect(book.sets).toEqual([
      { guid: refiGuid('set', 'stages:p1'), name: 'Stages', description: 'Accord stage set, in order: Push → Pull', codeGuids: [refiGuid('code', 'push'), refiGuid('code', 'pull')] },
      expect.objectContaining({ name: 'Domain: barriers', codeGuids: [refiGuid('code', 'cost'), refiGuid('code', 'time')] }),
    ]);
    expect(refiCodebookOf('p1', codes.filter((c) => !c.isStage && c.domain === null)).sets).toEqual([]);
  });

  it('writes the definition and criteria as labelled paragraphs of the description', () => {
    expect(codeDescription(codes[1]!)).toBe('Given without asking.\n\nInclude: Mandates.\n\nExample: “They sent it.”');
    expect(codeDescription(codeFixture('bare'))).toBeNull();
    expect(codeDescription(codeFixture('x', { exclusion: ' Complaints. ' }))).toBe('Exclude: Complaints.');
  });
});
