import { describe, expect, it } from 'vitest';
import { readQdpx, writeQdpx } from '../../shared/refi/index.ts';
import { sampleProject } from '../../tests/fixtures/refi/refi-fixtures.ts';
import { packRefiProject, runRefiExportJob, unpackRefiProject } from './export-job.ts';

describe('the export job', () => {
  it('carries the project to the worker as JSON without changing it', async () => {
    const project = sampleProject();
    expect(unpackRefiProject(await packRefiProject(project))).toEqual(project);
  });

  it('writes the same bytes in the worker as writeQdpx does here', async () => {
    const project = sampleProject();
    const bytes = runRefiExportJob({ kind: 'refiExport', format: 'qdpx', projectJson: await packRefiProject(project) });
    expect(Buffer.from(bytes).equals(Buffer.from(writeQdpx(project)))).toBe(true);
    expect(readQdpx(bytes).project.sources.map((s) => s.selections.length)).toEqual([8, 2]);
  });
});
