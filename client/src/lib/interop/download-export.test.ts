import { describe, expect, it } from 'vitest';
import { fileNameOf } from './download-export.ts';

describe('fileNameOf', () => {
  it('prefers the UTF-8 name, then the plain one, then the fallback', () => {
    expect(fileNameOf(`attachment; filename="kit-study.qdpx"; filename*=UTF-8''kit-study.qdpx`, 'project.qdpx')).toBe('kit-study.qdpx');
    expect(fileNameOf(`attachment; filename="k.qdpx"; filename*=UTF-8''caf%C3%A9.qdpx`, 'project.qdpx')).toBe('café.qdpx');
    expect(fileNameOf('attachment; filename="study.qdc"', 'project.qdc')).toBe('study.qdc');
    expect(fileNameOf('attachment; filename=study.qdc', 'project.qdc')).toBe('study.qdc');
    expect(fileNameOf('attachment', 'project.qdc')).toBe('project.qdc');
    expect(fileNameOf(null, 'project.qdpx')).toBe('project.qdpx');
  });

  it('never keeps a path, and survives a malformed escape', () => {
    expect(fileNameOf('attachment; filename="../../etc/x.qdpx"', 'project.qdpx')).toBe('x.qdpx');
    expect(fileNameOf(`attachment; filename="ok.qdpx"; filename*=UTF-8''%E0%A4.qdpx`, 'project.qdpx')).toBe('ok.qdpx');
  });
});
