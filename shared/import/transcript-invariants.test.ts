import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildDocx } from '../../tests/fixtures/import/docx-fixture.ts';
import { expectWellFormedTranscript } from '../../tests/fixtures/import/transcript-invariants.ts';
import { createRandom, type Random } from '../../tests/support/seeded-random.ts';
import { importTranscript } from './import-transcript.ts';
import { sourceFormatOf } from './import-format.ts';

const fixtureDirectory = new URL('../../tests/fixtures/import/', import.meta.url);
const fixtureNames = readdirSync(fixtureDirectory).filter((name) => sourceFormatOf(name) !== undefined);

describe('unit invariants', () => {
  it('has a fixture for every text format', () => {
    expect(new Set(fixtureNames.map(sourceFormatOf))).toEqual(new Set(['txt', 'md', 'vtt', 'srt']));
  });

  it.each(fixtureNames)('%s: units are sorted, disjoint, within bounds, and the text is normalised', (name) => {
    const result = importTranscript({ name, bytes: new Uint8Array(readFileSync(new URL(name, fixtureDirectory))) });
    expect(result.units.length).toBeGreaterThan(0);
    expectWellFormedTranscript(result);
  });

  it('holds for randomly generated transcripts in every format (seeded)', () => {
    const random = createRandom(20240301);
    for (let iteration = 0; iteration < 200; iteration += 1) {
      const [name, bytes] = randomFile(random, iteration);
      const result = importTranscript({ name, bytes });
      expectWellFormedTranscript(result);
      // Normalisation is a fixed point: importing the imported text changes nothing.
      if (!name.endsWith('.vtt') && !name.endsWith('.srt') && !name.endsWith('.docx')) {
        expect(importTranscript({ name, bytes: new TextEncoder().encode(result.text) }).text).toBe(result.text);
      }
    }
  });
});

const speakers = ['Interviewer', 'P07', 'Dr. Smith', 'Ana de Souza', 'INT', 'R1 (mother)'];
const fragments = ['It started slowly.', 'cafe\u0301 au lait', 'So basically: yes', 'Well…  ', '\ttabbed', 'ñ  ', 'see http://x.org', '😀 emoji', 'a  b'];
const lineEndings = ['\n', '\r\n', '\r'];

function randomLine(random: Random): string {
  const words = Array.from({ length: 1 + random.int(3) }, () => random.pick(fragments)).join(' ');
  const roll = random.int(5);
  if (roll === 0) return words;
  const time = `${String(random.int(2)).padStart(2, '0')}:${String(random.int(60)).padStart(2, '0')}:${String(random.int(60)).padStart(2, '0')}`;
  if (roll === 1) return `[${time}] ${random.pick(speakers)}: ${words}`;
  return `${random.pick(speakers)}: ${words}`;
}

function randomFile(random: Random, iteration: number): [string, Uint8Array] {
  const encoder = new TextEncoder();
  const ending = random.pick(lineEndings);
  const kind = iteration % 5;
  const count = 1 + random.int(12);
  if (kind === 3 || kind === 4) {
    const cues = Array.from({ length: count }, (_, index) => {
      const seconds = index * 2;
      const time = (value: number, separator: string): string => `00:00:${String(value).padStart(2, '0')}${separator}000`;
      const payload = Array.from({ length: 1 + random.int(2) }, () =>
        random.bool(0.4) ? `<v ${random.pick(speakers)}><i>${random.pick(fragments)}</i></v>` : randomLine(random),
      );
      return kind === 3
        ? `${time(seconds, '.')} --> ${time(seconds + 1, '.')} align:start${ending}${payload.join(ending)}`
        : `${index + 1}${ending}${time(seconds, ',')} --> ${time(seconds + 1, ',')}${ending}${payload.join(ending)}`;
    });
    const header = kind === 3 ? `WEBVTT${ending}${ending}` : '';
    return [kind === 3 ? 'random.vtt' : 'random.srt', encoder.encode(header + cues.join(ending + ending) + ending)];
  }
  // Blank and whitespace-only lines mixed in; the last line always has text so the file is never empty.
  const lines = Array.from({ length: count }, (_, index) =>
    index < count - 1 && random.bool(0.25) ? ' '.repeat(random.int(3)) : randomLine(random),
  );
  if (kind === 2) {
    const body = lines.map((line) => `<w:p><w:r><w:t xml:space="preserve">${escapeXml(line)}</w:t></w:r></w:p>`).join('');
    return ['random.docx', buildDocx(body)];
  }
  return [kind === 0 ? 'random.txt' : 'random.md', encoder.encode(lines.join(ending).concat(random.bool() ? ending : ''))];
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
