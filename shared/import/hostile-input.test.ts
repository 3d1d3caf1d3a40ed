import { describe, expect, it } from 'vitest';
import { buildDocx } from '../../tests/fixtures/import/docx-fixture.ts';
import { ImportError } from './import-error.ts';
import { importTranscript } from './import-transcript.ts';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Imports and reports how long it took; refusals are fine, hangs are not. */
function timedImport(name: string, bytes: Uint8Array): number {
  const started = performance.now();
  try {
    importTranscript({ name, bytes });
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
  }
  return performance.now() - started;
}

// Each input is shaped to make a backtracking pattern quadratic (~10^10 steps at this size); a
// linear reader takes milliseconds. The bound is loose so a busy machine does not fail the test.
describe('hostile input', () => {
  const size = 100_000;

  it('reads long runs of spaces and tabs in linear time', () => {
    expect(timedImport('P07.txt', encode(`Interviewer${' \t'.repeat(size)}x\nP07${' '.repeat(size)}y`))).toBeLessThan(2000);
  });

  it('reads unclosed cue tags in linear time', () => {
    const payload = `${'<v '.repeat(size / 3)}${' '.repeat(size)}`;
    expect(timedImport('P07.vtt', encode(`WEBVTT\n\n00:01.000 --> 00:02.000\n${payload}\n`))).toBeLessThan(2000);
  });

  it('reads broken XML tags and long w:t white space in linear time', () => {
    const body = `<w:p><w:r><w:t>${' '.repeat(size)}x${' '.repeat(size)}</w:t></w:r></w:p><w:p>${'<a"'.repeat(size / 3)}<${'b'.repeat(size)}</w:p>`;
    expect(timedImport('P07.docx', buildDocx(body))).toBeLessThan(2000);
  });
});
