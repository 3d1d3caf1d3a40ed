import { describe, expect, it } from 'vitest';
import { sampleProject } from '../../tests/fixtures/refi/refi-fixtures.ts';
import { CodePointIndex } from './code-points.ts';
import { readCodebook } from './read-codebook.ts';
import { readQdpx } from './read-project.ts';
import { writeCodebookXml } from './write-codebook.ts';
import { writeQdpx } from './write-project.ts';

describe('REFI-QDA round trip', () => {
  it('model → .qdpx → model gives back an equal model (3 coders, consensus, memos, hierarchy, attributes, emoji)', () => {
    const project = sampleProject();
    const result = readQdpx(writeQdpx(project), { fileName: 'kit.qdpx' });
    expect(result.skipped).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.project).toEqual(project);
  });

  it('keeps every coding’s passage, coder and memo: the text each selection covers is unchanged', () => {
    const project = sampleProject();
    const back = readQdpx(writeQdpx(project)).project;
    const passages = (p: typeof project) =>
      p.sources.flatMap((source) => {
        const index = new CodePointIndex(source.text);
        return source.selections.map((selection) => {
          const range = index.rangeToUtf16(selection.start, selection.end);
          if (!range.ok) throw new Error('selection outside its text');
          const coder = p.users.find((user) => user.guid === selection.codings[0]!.creatingUser)!.name;
          return `${source.name} | ${source.text.slice(range.start, range.end)} | ${coder} | ${selection.description ?? ''}`;
        });
      });
    expect(passages(back)).toEqual(passages(project));
    expect(passages(back)).toContain('P07 – interview.txt | x\u0301 rollout | Chen <Wei> & co | Combining mark inside: x + U+0301.');
    expect(passages(back)).toContain('P07 – interview.txt | We pulled what we needed 👩‍👩‍👧 | Ana Müller | ');
  });

  it('the same model read back from a re-export of the import is byte-identical', () => {
    const first = writeQdpx(sampleProject());
    expect(writeQdpx(readQdpx(first).project)).toEqual(first);
  });

  it('codebook → .qdc → codebook gives back the same codes and sets', () => {
    const project = sampleProject();
    const codebook = { origin: 'Accord 0.1.0', codes: project.codes, sets: project.sets.filter((s) => s.codeGuids.length > 0).map(({ sourceGuids, noteGuids, ...set }) => set) };
    const result = readCodebook(new TextEncoder().encode(writeCodebookXml(codebook)));
    expect(result.skipped).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.codebook).toEqual(codebook);
  });
});
