import { describe, expect, it } from 'vitest';
import { acceptOf, checkImportFile, checkImportFiles, codebookFileKind, projectFileKind } from './import-file.ts';

describe('checkImportFile', () => {
  it('lets a .qdpx through to the server, whatever the case of its extension', () => {
    expect(checkImportFile({ name: 'Kit study.qdpx', size: 2048 }, projectFileKind)).toBeNull();
    expect(checkImportFile({ name: 'KIT.QDPX', size: 2048 }, projectFileKind)).toBeNull();
  });

  it('refuses another program’s own format, naming the file and what to export instead', () => {
    const message = checkImportFile({ name: 'study.nvp', size: 2048 }, projectFileKind);
    expect(message).toContain('“study.nvp” is not a REFI-QDA project file (.qdpx)');
    expect(message).toContain('export as REFI-QDA');
  });

  it('refuses a .qdc where a project is wanted, and takes it for a codebook', () => {
    expect(checkImportFile({ name: 'codes.qdc', size: 10 }, projectFileKind)).not.toBeNull();
    expect(checkImportFile({ name: 'codes.qdc', size: 10 }, codebookFileKind)).toBeNull();
    expect(checkImportFile({ name: 'study.qdpx', size: 10 }, codebookFileKind)).toBeNull();
  });

  it('refuses an empty file before sending it', () => {
    expect(checkImportFile({ name: 'study.qdpx', size: 0 }, projectFileKind)).toMatch(/is empty/);
  });
});

describe('checkImportFiles', () => {
  it('refuses several files at once: an import reads one', () => {
    expect(checkImportFiles([{ name: 'a.qdpx', size: 1 }, { name: 'b.qdpx', size: 1 }], projectFileKind)).toMatch(/^Choose one file/);
  });

  it('checks a single file as checkImportFile does', () => {
    expect(checkImportFiles([{ name: 'a.qdpx', size: 1 }], projectFileKind)).toBeNull();
    expect(checkImportFiles([{ name: 'a.docx', size: 1 }], projectFileKind)).toMatch(/is not/);
  });
});

describe('acceptOf', () => {
  it('offers exactly the extensions the check accepts', () => {
    expect(acceptOf(projectFileKind)).toBe('.qdpx');
    expect(acceptOf(codebookFileKind)).toBe('.qdc,.qdpx');
  });
});
