import { describe, expect, it } from 'vitest';
import { ApiError } from '../api-error.ts';
import { describeExportStatus, describeSkipped, formatFileSize } from './export-status.ts';

describe('describeExportStatus', () => {
  it('says what is under way, then what was saved and what was left out', () => {
    expect(describeExportStatus({ kind: 'idle' })).toBe('');
    expect(describeExportStatus({ kind: 'working', format: 'qdpx', progress: { phase: 'preparing' } })).toBe('Preparing the project file… A large project takes a few seconds.');
    expect(describeExportStatus({ kind: 'working', format: 'qdc', progress: { phase: 'receiving', fraction: 0.42, bytes: 420 } })).toBe('Downloading the codebook… 42%');
    expect(describeExportStatus({ kind: 'working', format: 'qdpx', progress: { phase: 'receiving', fraction: null, bytes: 3 * 1024 * 1024 } })).toBe('Downloading the project file… 3.0 MB');
    expect(describeExportStatus({ kind: 'saved', format: 'qdpx', fileName: 'kit.qdpx', bytes: 2048, skipped: 0 })).toBe('Saved kit.qdpx (2 KB) to your downloads.');
    expect(describeSkipped(0)).toBe('');
    expect(describeSkipped(1)).toBe('1 coding was left out of the file: its text was deleted, or it starts or ends inside an emoji. The file’s project description lists it.');
    expect(describeSkipped(3)).toBe('3 codings were left out of the file: their text was deleted, or they start or end inside an emoji. The file’s project description lists them.');
    expect(describeExportStatus({ kind: 'failed', format: 'qdc', error: new ApiError('conflict', 'No codes yet.') })).toBe('No codes yet.');
  });

  it('names each file by what it holds, and says where the left-out codings are listed', () => {
    expect(describeExportStatus({ kind: 'working', format: 'csv', progress: { phase: 'preparing' } })).toBe('Preparing the codings table… A large project takes a few seconds.');
    expect(describeExportStatus({ kind: 'working', format: 'codebook-md', progress: { phase: 'receiving', fraction: 1, bytes: 9 } })).toBe('Downloading the codebook… 100%');
    expect(describeSkipped(2, 'xlsx')).toBe('2 codings were left out of the file: their text was deleted, or they start or end inside an emoji. The workbook’s About sheet lists them.');
    expect(describeSkipped(1, 'csv')).toBe('1 coding was left out of the file: its text was deleted, or it starts or ends inside an emoji. The .xlsx workbook’s About sheet lists it.');
  });

  it('sizes files as people read them', () => {
    expect([formatFileSize(412), formatFileSize(830 * 1024), formatFileSize(1.25 * 1024 * 1024)]).toEqual(['412 bytes', '830 KB', '1.3 MB']);
  });
});
