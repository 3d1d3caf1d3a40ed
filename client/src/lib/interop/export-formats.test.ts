import { describe, expect, it } from 'vitest';
import { projectExportFormats } from '../../../../shared/api/index.ts';
import { exportChoice, exportGroups } from './export-formats.ts';

describe('exportGroups', () => {
  it('offers every format the server writes, once, each with a label, a hint and a file name', () => {
    const offered = exportGroups.flatMap((group) => group.choices.map((choice) => choice.format));
    expect([...offered].sort()).toEqual([...projectExportFormats].sort());
    for (const format of projectExportFormats) {
      const choice = exportChoice(format);
      expect(choice.label).toMatch(/^Download .+ \(\.\w+\)$/);
      expect(choice.hint.length).toBeLessThanOrEqual(50);
      expect(choice.fallbackName).toMatch(/^[a-z]+\.(qdpx|qdc|csv|xlsx|md)$/);
    }
  });
});
