import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectWellFormedTranscript, unitTexts } from '../../tests/fixtures/import/transcript-invariants.ts';
import { importTranscript } from './import-transcript.ts';
import { normalizeText } from './normalize-text.ts';

const fixture = (name: string): { name: string; bytes: Uint8Array } => ({
  name,
  bytes: new Uint8Array(readFileSync(new URL(`../../tests/fixtures/import/${name}`, import.meta.url))),
});
const textFile = (name: string, text: string): { name: string; bytes: Uint8Array } => ({ name, bytes: new TextEncoder().encode(text) });

describe('normalisation', () => {
  it('turns every line ending into \\n, composes to NFC, trims line ends and collapses blank runs', () => {
    expect(normalizeText('\n\nA  \r\nb\u0301\rc\u2028d\f\n\n\n\n\ne \t\n\n')).toBe('A\nb\u0301'.normalize('NFC') + '\nc\nd\n\ne');
    expect(normalizeText('cafe\u0301')).toBe('café');
  });

  it('drops stray control characters but keeps tabs', () => {
    expect(normalizeText('a\u0007b\tc\u001b')).toBe('ab\tc');
  });

  it('is idempotent', () => {
    const once = normalizeText('x \r\n\r\n\r\n y\u0301 ');
    expect(normalizeText(once)).toBe(once);
  });
});

describe('plain text (.txt)', () => {
  it('makes one paragraph unit per block of lines, after normalising the text once', () => {
    const result = importTranscript(fixture('paragraphs.txt'));
    expect(result.format).toBe('txt');
    expect(result.text).toBe(
      'Field notes, clinic visit 3\nThe waiting room was quiet. Café downstairs was closed.\n\n' +
        'Staff mentioned: the new rota starts in May.\nNobody seemed worried.\n\nFinal remark.',
    );
    expect(unitTexts(result)).toEqual([
      'Field notes, clinic visit 3\nThe waiting room was quiet. Café downstairs was closed.',
      'Staff mentioned: the new rota starts in May.\nNobody seemed worried.',
      'Final remark.',
    ]);
    expect(result.units.every((unit) => unit.kind === 'paragraph' && unit.speaker === undefined)).toBe(true);
    expect(result.warnings).toEqual([]);
    expectWellFormedTranscript(result);
  });

  it('reads a single line without a newline as one paragraph', () => {
    const result = importTranscript(textFile('note.txt', 'Just one line'));
    expect(result.units).toEqual([{ start: 0, end: 13, kind: 'paragraph' }]);
  });

  it('decodes UTF-16 files that start with a byte-order mark, little- and big-endian', () => {
    const text = 'Interviewer: Olá\r\nP07: Grüß dich\r\n';
    const littleEndian = [0xff, 0xfe, ...[...text].flatMap((char) => [char.charCodeAt(0) & 0xff, char.charCodeAt(0) >> 8])];
    const bigEndian = [0xfe, 0xff, ...[...text].flatMap((char) => [char.charCodeAt(0) >> 8, char.charCodeAt(0) & 0xff])];
    for (const bytes of [littleEndian, bigEndian]) {
      const result = importTranscript({ name: 'P07.txt', bytes: Uint8Array.from(bytes) });
      expect(result.text).toBe('Interviewer: Olá\nP07: Grüß dich');
      expect(result.format).toBe('speakerTurns');
    }
  });

  it('drops a UTF-8 byte-order mark', () => {
    const result = importTranscript({ name: 'P07.txt', bytes: Uint8Array.of(0xef, 0xbb, 0xbf, 0x48, 0x69) });
    expect(result.text).toBe('Hi');
  });
});

describe('speaker-turn transcripts', () => {
  it('makes one turn per label with continuation lines, and a header paragraph before the first turn', () => {
    const result = importTranscript(fixture('speaker-turns.txt'));
    expect(result.format).toBe('speakerTurns');
    expect(unitTexts(result)).toEqual([
      'Interview with P07 (pilot)\nLocation: community centre',
      'Interviewer: Thank you for coming. How did it start?',
      "P07: It started slowly.\nI didn't notice at first.\n\nSo basically: it crept up on me.",
      'Interviewer: And your family?',
      'P07: They noticed before I did.',
      'Dr. Smith: Sorry to interrupt, the room is booked at four.',
      "Interviewer: Thanks. Let's go on.",
      'P07: Sure.',
    ]);
    expect(result.units.map((unit) => [unit.kind, unit.speaker])).toEqual([
      ['paragraph', undefined],
      ['turn', 'Interviewer'],
      ['turn', 'P07'],
      ['turn', 'Interviewer'],
      ['turn', 'P07'],
      ['turn', 'Dr. Smith'],
      ['turn', 'Interviewer'],
      ['turn', 'P07'],
    ]);
    expect(result.units.every((unit) => unit.startTime === undefined)).toBe(true);
    expectWellFormedTranscript(result);
  });

  it('reads [hh:mm:ss], (hh:mm:ss), bare and trailing timestamps into startTime', () => {
    const result = importTranscript(fixture('timestamped-turns.txt'));
    expect(result.format).toBe('speakerTurns');
    expect(result.units.map((unit) => [unit.speaker, unit.startTime])).toEqual([
      ['Interviewer', 3],
      ['P07', 7],
      ['Interviewer', 75],
      ['P07', 80],
      ['P07', 125],
      ['Interviewer', 3723.5],
    ]);
    expect(unitTexts(result)[3]).toBe('(00:01:20) P07: The rota. Everything changed with the rota.\nIt meant nights, mostly.');
    expectWellFormedTranscript(result);
  });

  it('keeps the label inside the turn so text.slice(start, end) shows who speaks', () => {
    const result = importTranscript(textFile('P01.txt', 'Interviewer: Hi.\n\n\n\nP01: Hello.\nInterviewer: Bye.'));
    expect(result.text).toBe('Interviewer: Hi.\n\nP01: Hello.\nInterviewer: Bye.');
    expect(result.units).toEqual([
      { start: 0, end: 16, kind: 'turn', speaker: 'Interviewer' },
      { start: 18, end: 29, kind: 'turn', speaker: 'P01' },
      { start: 30, end: 47, kind: 'turn', speaker: 'Interviewer' },
    ]);
  });

  it('recognises turns when long answers spread over many lines, from recurring names', () => {
    const answer = Array.from({ length: 6 }, (_, index) => `Sentence ${index + 1} of a long answer.`).join('\n');
    const text = ['Interviewer: First question?', `P03: ${answer}`, 'Interviewer: Second question?', `P03: ${answer}`].join('\n');
    const result = importTranscript(textFile('P03.txt', text));
    expect(result.format).toBe('speakerTurns');
    expect(result.units).toHaveLength(4);
  });

  it('leaves prose with the odd colon as paragraphs', () => {
    const text =
      'The ward was busy.\nReason: two nurses were off sick.\nThe manager said this: we cope.\n\nLater the shift improved.\nNothing else of note.';
    const result = importTranscript(textFile('notes.txt', text));
    expect(result.format).toBe('txt');
    expect(result.units.map((unit) => unit.kind)).toEqual(['paragraph', 'paragraph']);
  });

  it('does not take URLs, clock times or long sentences for labels', () => {
    const text =
      'See https://example.org for details.\nWe met at 10:30 in the morning.\nThe one thing that I really could not stand about it: the noise.\nEnd.';
    expect(importTranscript(textFile('notes.txt', text)).format).toBe('txt');
  });
});

describe('markdown (.md)', () => {
  it('keeps notes as written, with paragraphs as units', () => {
    const result = importTranscript(fixture('field-notes.md'));
    expect(result.format).toBe('md');
    expect(result.text).toBe(
      '# Field notes — site B\n\nObserved the **morning handover**. Note: two staff were absent.\n\n' +
        '- handover took 25 minutes\n- the board was not updated\n\n## Reflection\n\nI should ask P07 about the rota.',
    );
    expect(unitTexts(result)).toEqual([
      '# Field notes — site B',
      'Observed the **morning handover**. Note: two staff were absent.',
      '- handover took 25 minutes\n- the board was not updated',
      '## Reflection',
      'I should ask P07 about the rota.',
    ]);
    expectWellFormedTranscript(result);
  });

  it('detects speaker turns written with bold labels', () => {
    const result = importTranscript(fixture('focus-group.md'));
    expect(result.format).toBe('speakerTurns');
    expect(result.units.map((unit) => unit.speaker)).toEqual([undefined, 'Moderator', 'Ana de Souza', 'Moderator', 'P12']);
    expect(unitTexts(result)[4]).toBe("**P12:** Me. I coordinate the ward.\nAnd I'm new here.");
    expectWellFormedTranscript(result);
  });

  it('accepts the .markdown extension', () => {
    expect(importTranscript(textFile('notes.markdown', '# Title\n\nBody')).format).toBe('md');
  });
});
