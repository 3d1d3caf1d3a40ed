import { describe, expect, it } from 'vitest';
import { sampleProject } from '../../tests/fixtures/refi/refi-fixtures.ts';
import { writeQdpx } from '../../shared/refi/index.ts';
import { groupedItemLines, itemsShownPerKind } from './import-report-output.ts';
import { runCli } from './run-cli.ts';
import { qdpxNotes } from './study-report-output.ts';

const qdpx = writeQdpx(sampleProject());

/** Runs `accord …` on in-memory files (bytes), collecting stdout and stderr. */
async function accord(files: Record<string, Uint8Array | string>, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const bytesOf = async (path: string) => {
    const file = files[path];
    if (file === undefined) throw Object.assign(new Error('nope'), { code: 'ENOENT' });
    return typeof file === 'string' ? new TextEncoder().encode(file) : file;
  };
  const code = await runCli(argv, {
    readFile: async (path) => new TextDecoder().decode(await bytesOf(path)),
    readBytes: bytesOf,
    stdout: (l) => out.push(l),
    stderr: (l) => err.push(l),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('accord agreement on a REFI-QDA project', () => {
  it('knows a .qdpx by its zip signature, whatever its name, and prints names, not GUIDs', async () => {
    const { code, out } = await accord({ 'export (1)': qdpx }, 'agreement', 'export (1)', '--measure', 'krippendorff_alpha');
    expect(code).toBe(0);
    expect(out).toMatch(/2 documents, 6 codes/);
    expect(out).toMatch(/3 coders \(Ana Müller, Ben "B" O’Neil, Chen <Wei> & co\)/);
    expect(out).toMatch(/\nCode Frustration\n/);
    expect(out).toMatch(/\nDocument P07 – interview\.txt\n/);
    expect(out).toMatch(/\nCoders Ana Müller × Ben "B" O’Neil\n/);
    expect(out).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  it('names codes in levels, and takes a level by name', async () => {
    const { code, out } = await accord({ 's.qdpx': qdpx }, 'agreement', 's.qdpx', '--measure', 'maxqda_segment_agreement', '--level', 'Push@90%');
    expect(code).toBe(0);
    expect(out).toMatch(/\nCode Push\n {2}MAXQDA segment agreement \[Push@90%\]\s+\d/);
    expect(out).not.toMatch(/Code Pull/);
  });

  it('keeps GUIDs in --json, with the names behind them and what the file left out', async () => {
    const { code, out } = await accord({ 's.qdpx': qdpx }, 'agreement', 's.qdpx', '--json', '--unit', 'unit');
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(json.unit).toBe('unit');
    expect(json.coderIds.map((id: string) => json.names.coders[id])).toEqual(['Ana Müller', 'Ben "B" O’Neil', 'Chen <Wei> & co']);
    expect(json.perCode.map((c: { codeId: string }) => json.names.codes[c.codeId])).toContain('Emotion ✨');
    expect(json.file).toMatchObject({ origin: 'Accord 0.1.0', leftOut: { unknownCode: 0, outsideText: 0, consensus: 1 }, skipped: [] });
  });

  it('compares the consensus when asked, and only for a .qdpx', async () => {
    const withIt = await accord({ 's.qdpx': qdpx }, 'agreement', 's.qdpx', '--with-consensus', '--coders', 'Consensus,Ana Müller', '--measure', 'cohen_kappa');
    expect(withIt.code).toBe(0);
    expect(withIt.out).toMatch(/2 coders \(Consensus, Ana Müller\)/);
    expect(withIt.out).not.toMatch(/Note: the consensus/);
    const csv = await accord({ 'd.csv': 'a,b\n1,1\n' }, 'agreement', 'd.csv', '--with-consensus');
    expect(csv.code).toBe(2);
    expect(csv.err).toBe('accord: --with-consensus applies to .qdpx files only');
  });

  it('refuses a damaged .qdpx with the reader’s sentence (exit 1)', async () => {
    const { code, err } = await accord({ 'cut.qdpx': qdpx.subarray(0, 200) }, 'agreement', 'cut.qdpx');
    expect(code).toBe(1);
    expect(err).toMatch(/^accord: cut\.qdpx: /);
    expect(err.split('\n')).toHaveLength(1);
  });
});

describe('notes and item lists', () => {
  it('says which codings were not compared, and why', () => {
    const notes = qdpxNotes(
      {
        projectName: 'x',
        origin: null,
        leftOut: { unknownCode: 2, outsideText: 1, consensus: 0 },
        skipped: [
          { kind: 'coding', name: 'a', reason: 'r' },
          { kind: 'source', name: 'scan.pdf', reason: 'r' },
          { kind: 'note', name: 'n', reason: 'r' },
        ],
        documentsWithoutUnits: ['P09'],
      },
      'unit',
    );
    expect(notes).toEqual([
      "Note: 3 codings were left out: 2 apply a code the file's codebook does not have, 1 fall outside their text.",
      'Note: reading the file left out 1 coding, 1 source (--json lists each with why).',
      "Note: P09 has no transcript units (Accord's text import refused or changed the text), so it is not compared by unit.",
    ]);
  });

  it('groups import items by kind with counts, and cuts a long group short', () => {
    const codings = Array.from({ length: itemsShownPerKind + 5 }, (_, i) => ({ kind: 'coding', name: `c${i}`, reason: 'Outside its text.' }));
    const lines = groupedItemLines('Not imported', [{ kind: 'layer', name: 'Ana', codings: 3 }, ...codings]);
    expect(lines.slice(0, 5)).toEqual(['Not imported (26)', '  layer (1)', '    Ana (3 codings)', `  coding (${itemsShownPerKind + 5})`, '    c0 — Outside its text.']);
    expect(lines.at(-1)).toBe('    … and 5 more (--json lists every one)');
    expect(groupedItemLines('Would add', [])).toEqual(['Would add: none']);
  });
});
