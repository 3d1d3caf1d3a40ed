import { describe, expect, it } from 'vitest';
import { CliError } from './cli-error.ts';
import { parseArgs } from './parse-args.ts';

describe('argument parsing (KA32)', () => {
  it('reads positional arguments, valued options in both spellings and flags', () => {
    const args = parseArgs(['f.csv', '--measure', 'cohen_kappa', '--level=nominal', '--json'], ['measure', 'level'], ['json']);
    expect(args.positional).toEqual(['f.csv']);
    expect(Object.fromEntries(args.options)).toEqual({ measure: 'cohen_kappa', level: 'nominal', json: true });
  });

  it('rejects unknown options, missing values and values on flags', () => {
    expect(() => parseArgs(['--nope'], [], [])).toThrow(CliError);
    expect(() => parseArgs(['--measure'], ['measure'], [])).toThrow(CliError);
    expect(() => parseArgs(['--json=1'], [], ['json'])).toThrow(CliError);
    expect(() => parseArgs(['-x'], [], [])).toThrow(CliError);
    expect(() => parseArgs(['-x', 'a'], ['output'], [], { o: 'output' })).toThrow(CliError);
    expect(() => parseArgs(['-7'], [], [])).toThrow(CliError);
  });

  it('reads a one-letter alias as its long option', () => {
    const args = parseArgs(['7', '-o', 'out.qdpx', '--format=qdc'], ['output', 'format'], [], { o: 'output' });
    expect(args.positional).toEqual(['7']);
    expect(Object.fromEntries(args.options)).toEqual({ output: 'out.qdpx', format: 'qdc' });
  });

  it('reads a word after one dash as an argument: an id made when ids could start with `-`', () => {
    const args = parseArgs(['-AbC123xyz_Q', '-o', 'out.qdpx'], ['output'], [], { o: 'output' });
    expect(args.positional).toEqual(['-AbC123xyz_Q']);
    expect(args.options.get('output')).toBe('out.qdpx');
  });
});
