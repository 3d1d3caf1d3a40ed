import { describe, expect, it } from 'vitest';
import type { Code } from '../model/codebook.ts';
import { codeFixture } from '../../tests/support/code-fixture.ts';
import { writeCodebookCsv } from './codebook-csv.ts';

const codes: Code[] = [
  codeFixture('emotion', { name: 'Emotion ✨', order: 1, shortName: 'EMO', colour: '#CC79A7' }),
  codeFixture('frustration', { name: 'Frustration', shortName: 'FRU', parentId: 'emotion', colour: '#D55E00', domain: 'affect', examples: ['“honestly 😤”', 'She sighed, "again"'] }),
  codeFixture('stages', { name: 'Stages', order: 0, shortName: 'STA', definition: 'Groups the pathway stages.' }),
  codeFixture('push', { name: 'Push', shortName: 'PU', parentId: 'stages', isStage: true, stageOrder: 1, colour: '#E69F00', definition: 'Given without being asked for.', inclusion: 'Mandates.\nRollouts.' }),
  codeFixture('minus', { name: '-1 feelings', shortName: '=x', parentId: 'frustration', exclusion: '@all' }),
];

describe('writeCodebookCsv', () => {
  it('writes one row per code in codebook order with its path, parent path and every field', () => {
    const lines = writeCodebookCsv(codes).split('\r\n');
    expect(lines[0]).toBe('\uFEFFpath,name,short name,parent path,colour,definition,inclusion,exclusion,examples,stage,stage order,domain');
    expect(lines.slice(1)).toEqual([
      'Stages,Stages,STA,,"#0072B2",Groups the pathway stages.,,,,FALSE,,',
      'Stages / Push,Push,PU,Stages,"#E69F00",Given without being asked for.,"Mandates.\nRollouts.",,,TRUE,1,',
      'Emotion ✨,Emotion ✨,EMO,,"#CC79A7",,,,,FALSE,,',
      'Emotion ✨ / Frustration,Frustration,FRU,Emotion ✨,"#D55E00",,,,"“honestly 😤”\nShe sighed, ""again""",FALSE,,affect',
      // Formula-looking names and criteria get an apostrophe; the path does not start with one. A
      // leading # is quoted, so no line reads as a comment.
      `Emotion ✨ / Frustration / -1 feelings,'-1 feelings,'=x,Emotion ✨ / Frustration,"#0072B2",,,'@all,,FALSE,,`,
      '',
    ]);
  });

  it('adds how many codings use each code when the counts are given (0 for an unused code)', () => {
    const lines = writeCodebookCsv(codes, new Map([['push', 12]])).split('\r\n');
    expect(lines[0]!.endsWith(',domain,codings')).toBe(true);
    expect(lines[2]!.endsWith(',TRUE,1,,12')).toBe(true);
    expect(lines[1]!.endsWith(',,0')).toBe(true);
  });

  it('writes only the header for an empty codebook', () => {
    expect(writeCodebookCsv([])).toBe('\uFEFFpath,name,short name,parent path,colour,definition,inclusion,exclusion,examples,stage,stage order,domain\r\n');
  });
});
