import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.ts';

function fakeIo(files: Record<string, string>): { io: Parameters<typeof runCli>[1]; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: {
      readFile: async (path) => {
        const text = files[path];
        if (text === undefined) throw Object.assign(new Error('nope'), { code: 'ENOENT' });
        return text;
      },
      readBytes: async (path) => {
        const text = files[path];
        if (text === undefined) throw Object.assign(new Error('nope'), { code: 'ENOENT' });
        return new TextEncoder().encode(text);
      },
      stdout: (line) => out.push(line),
      stderr: (line) => err.push(line),
    },
  };
}

const csv = 'ana,ben\n1,1\n2,2\n1,2\n2,2\n,1\n';
const continuum = JSON.stringify({
  type: 'continuum',
  length: 40,
  coders: [
    [{ start: 0, end: 10, code: 'A' }, { start: 20, end: 30, code: 'B' }],
    [{ start: 1, end: 10, code: 'A' }, { start: 22, end: 30, code: 'B' }],
  ],
});
const study = JSON.stringify({
  documents: [{ id: 't1', length: 30 }],
  coders: [{ id: 'ana' }, { id: 'ben' }],
  codes: [{ id: 'hope' }],
  codings: [
    { documentId: 't1', coderId: 'ana', codeId: 'hope', start: 0, end: 10 },
    { documentId: 't1', coderId: 'ben', codeId: 'hope', start: 2, end: 10 },
  ],
  units: { t1: [[0, 15], [15, 30]] },
});

describe('accord CLI (KA32)', () => {
  it('prints help and exits 0', async () => {
    const { io, out } = fakeIo({});
    expect(await runCli(['--help'], io)).toBe(0);
    expect(out.join('\n')).toMatch(/accord agreement <file>/);
  });

  it('prints each command’s own help', async () => {
    for (const [command, words] of [['agreement', /--measure M/], ['history', /verify \(--data-dir DIR \| --database-url URL/], ['migrate', /--database-url/], ['export', /-o FILE/]] as const) {
      const { io, out } = fakeIo({});
      expect(await runCli([command, '--help'], io)).toBe(0);
      expect(out.join('\n')).toMatch(words);
    }
  });

  it('prints every applicable measure of a CSV file as a table, and as JSON', async () => {
    const { io, out } = fakeIo({ 'data.csv': csv });
    expect(await runCli(['agreement', 'data.csv'], io)).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/5 units × 2 coders \(ana, ben\)/);
    expect(text).toMatch(/Cohen's kappa\s+0\.500000/);
    expect(text).toMatch(/Krippendorff's alpha \[interval\]/);

    const json = fakeIo({ 'data.csv': csv });
    expect(await runCli(['agreement', 'data.csv', '--json'], json.io)).toBe(0);
    const parsed = JSON.parse(json.out.join('\n')) as { results: { measure: string; value: number }[] };
    expect(parsed.results.find((r) => r.measure === 'cohen_kappa')?.value).toBe(0.5);
  });

  it('computes one measure at one level', async () => {
    const { io, out } = fakeIo({ 'data.csv': csv });
    expect(await runCli(['agreement', 'data.csv', '--measure', 'krippendorff_alpha', '--level', 'interval', '--json'], io)).toBe(0);
    const parsed = JSON.parse(out.join('\n')) as { results: { level: string }[] };
    expect(parsed.results).toHaveLength(1);
    expect(parsed.results[0]?.level).toBe('interval');
  });

  it('gives a continuum measure for every code when no level is given', async () => {
    const { io, out } = fakeIo({ 'seg.json': continuum });
    expect(await runCli(['agreement', 'seg.json', '--measure', 'maxqda_segment_agreement', '--threshold', '80'], io)).toBe(0);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(/\[A@80%\]\s+1\.000000/);
  });

  it('reports a continuum or study file per code, per unit kind', async () => {
    const { io, out } = fakeIo({ 'seg.json': continuum, 'study.json': study });
    expect(await runCli(['agreement', 'seg.json'], io)).toBe(0);
    expect(out.join('\n')).toMatch(/Code A/);
    expect(await runCli(['agreement', 'study.json', '--unit', 'unit', '--measure', 'percent_agreement'], io)).toBe(0);
    expect(out.join('\n')).toMatch(/unit: unit/);
  });

  it('fails with exit 1 and one stderr line on unreadable or malformed input', async () => {
    const { io, err } = fakeIo({ 'bad.json': '{"type":', 'bad.csv': 'a,b\n1\n', 'x.json': '{"type":"units_x_coders","data":[[1],[1,2]]}' });
    expect(await runCli(['agreement', 'missing.csv'], io)).toBe(1);
    expect(await runCli(['agreement', 'bad.json'], io)).toBe(1);
    expect(await runCli(['agreement', 'bad.csv'], io)).toBe(1);
    expect(await runCli(['agreement', 'x.json'], io)).toBe(1);
    expect(err).toHaveLength(4);
    expect(err[0]).toMatch(/^accord: cannot read missing\.csv: no such file/);
    expect(err[1]).toMatch(/not valid JSON/);
    expect(err[2]).toMatch(/row 2 has 1 cells/);
  });

  it('fails with exit 2 on a bad command line', async () => {
    const { io, err } = fakeIo({ 'data.csv': csv, 'seg.json': continuum });
    expect(await runCli(['agreement', 'data.csv', '--measure', 'kappa'], io)).toBe(2);
    expect(await runCli(['agreement'], io)).toBe(2);
    expect(await runCli(['frobnicate'], io)).toBe(2);
    expect(await runCli(['agreement', 'data.csv', '--unit', 'character'], io)).toBe(2);
    expect(await runCli(['agreement', 'seg.json', '--measure', 'cohen_kappa'], io)).toBe(2);
    expect(err.every((line) => line.startsWith('accord: '))).toBe(true);
  });

  it('runs a vectors file, ignoring expected values, and flags bad vectors', async () => {
    const vectors = JSON.stringify({
      vectors: [
        { id: 'a', measure: 'percent_agreement', level: null, expected: 0, input: { type: 'units_x_coders', data: [[1, 1]] } },
        { id: 'b', measure: 'nope', level: null, input: { type: 'units_x_coders', data: [[1, 1]] } },
      ],
    });
    const { io, out, err } = fakeIo({ 'v.json': vectors });
    expect(await runCli(['agreement', '--vectors', 'v.json'], io)).toBe(1);
    expect(JSON.parse(out[0] as string)).toEqual({ id: 'a', value: 1, undefined: false });
    expect(JSON.parse(out[1] as string)).toMatchObject({ id: 'b', reason: 'unknownMeasure' });
    expect(err).toHaveLength(1);
  });
});
