import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectWellFormedTranscript, unitTexts } from '../../tests/fixtures/import/transcript-invariants.ts';
import { ImportError } from './import-error.ts';
import { importTranscript } from './import-transcript.ts';
import { parseTimestamp } from './timestamp.ts';

const fixture = (name: string): { name: string; bytes: Uint8Array } => ({
  name,
  bytes: new Uint8Array(readFileSync(new URL(`../../tests/fixtures/import/${name}`, import.meta.url))),
});
const textFile = (name: string, text: string): { name: string; bytes: Uint8Array } => ({ name, bytes: new TextEncoder().encode(text) });

describe('timestamps', () => {
  it('reads VTT, SRT and short forms into exact seconds', () => {
    expect(parseTimestamp('00:00:01.100')).toBe(1.1);
    expect(parseTimestamp('01:02:03,500')).toBe(3723.5);
    expect(parseTimestamp('02:03')).toBe(123);
    expect(parseTimestamp('100:00:00.000')).toBe(360000);
    expect(parseTimestamp('00:61:00')).toBeUndefined();
    expect(parseTimestamp('1:2:3:4')).toBeUndefined();
  });
});

describe('WebVTT (.vtt)', () => {
  it('makes one cue unit per cue, with voice-tag speakers, times, and markup, notes and settings removed', () => {
    const result = importTranscript(fixture('teams-captions.vtt'));
    expect(result.format).toBe('vtt');
    expect(result.text).toBe(
      'Dr. Smith: How did it start?\nP07: Slowly & surely.\nP07: Then faster.\nDr. Smith: Faster?\nno voice here, just text',
    );
    expect(result.units).toEqual([
      { start: 0, end: 28, kind: 'cue', speaker: 'Dr. Smith', startTime: 1, endTime: 4.25 },
      { start: 29, end: 50, kind: 'cue', speaker: 'P07', startTime: 4.5, endTime: 6 },
      { start: 51, end: 87, kind: 'cue', speaker: 'P07', startTime: 6, endTime: 8 },
      { start: 88, end: 112, kind: 'cue', startTime: 8, endTime: 9 },
    ]);
    expect(unitTexts(result)[2]).toBe('P07: Then faster.\nDr. Smith: Faster?');
    expect(result.warnings).toEqual([]);
    expectWellFormedTranscript(result);
  });

  it('keeps consecutive cues of one speaker as separate units', () => {
    const vtt = 'WEBVTT\n\n00:01.000 --> 00:02.000\n<v P07>One.\n\n00:02.000 --> 00:03.000\n<v P07>Two.\n';
    const result = importTranscript(textFile('P07.vtt', vtt));
    expect(unitTexts(result)).toEqual(['P07: One.', 'P07: Two.']);
  });

  it('takes a leading "Name:" as the speaker when there is no voice tag, decodes entities and collapses spaces', () => {
    const vtt = 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nInterviewer: Fish &lt;&amp;&gt; chips&nbsp;&#8212; really?\n';
    const result = importTranscript(textFile('P07.vtt', vtt));
    // A no-break space is subtitle layout, not meaning: it collapses with the space after it.
    expect(result.text).toBe('Interviewer: Fish <&> chips — really?');
    expect(result.units[0]?.speaker).toBe('Interviewer');
  });

  it('warns about, and leaves out, cues without text and text outside cues', () => {
    const vtt = 'WEBVTT\n\nstray text block\n\n00:01.000 --> 00:02.000\n<i></i>\n\n00:02.000 --> 00:03.000\nKept.\n';
    const result = importTranscript(textFile('P07.vtt', vtt));
    expect(result.text).toBe('Kept.');
    expect(result.warnings).toEqual(['1 block without a readable cue timing was left out.', '1 cue without text was left out.']);
  });

  it('reads a file without the WEBVTT header, with a warning', () => {
    const result = importTranscript(textFile('P07.vtt', '00:01.000 --> 00:02.000\nHello.\n'));
    expect(result.text).toBe('Hello.');
    expect(result.warnings).toEqual(['The file does not start with "WEBVTT"; it was read as WebVTT anyway.']);
  });

  it('refuses a .vtt without any cue timing as corrupt, naming the file', () => {
    const error = captureError(() => importTranscript(textFile('P07.vtt', 'WEBVTT\n\nJust some words.\n')));
    expect(error.reason).toBe('corrupt');
    expect(error.message).toMatch(/^P07\.vtt: no subtitle cues were found/);
  });

  it('refuses cues that have timings but no text as empty', () => {
    const error = captureError(() => importTranscript(textFile('P07.vtt', 'WEBVTT\n\n00:01.000 --> 00:02.000\n<b> </b>\n')));
    expect(error.reason).toBe('empty');
  });

  it('refuses when no cue timing can be read', () => {
    const error = captureError(() => importTranscript(textFile('P07.vtt', 'WEBVTT\n\nsoon --> later\nHello\n')));
    expect(error.reason).toBe('corrupt');
    expect(error.message).toContain('none of its 1 cue timings could be read');
  });
});

describe('SubRip (.srt)', () => {
  it('makes cue units with speaker prefixes, drops indices, tags and positions, and mends a stray blank line', () => {
    const result = importTranscript(fixture('zoom-captions.srt'));
    expect(result.format).toBe('srt');
    expect(result.text).toBe('Interviewer: How did it start?\nP07: Slowly.\nP07: Then faster, much faster.\n[laughs]');
    expect(result.units).toEqual([
      { start: 0, end: 30, kind: 'cue', speaker: 'Interviewer', startTime: 1, endTime: 4 },
      { start: 31, end: 43, kind: 'cue', speaker: 'P07', startTime: 5, endTime: 6.5 },
      { start: 44, end: 74, kind: 'cue', speaker: 'P07', startTime: 7, endTime: 9 },
      { start: 75, end: 83, kind: 'cue', startTime: 9.5, endTime: 10 },
    ]);
    expect(result.warnings).toEqual([]);
    expectWellFormedTranscript(result);
  });

  it('splits cues that are missing the blank line between them', () => {
    const srt = '1\n00:00:01,000 --> 00:00:02,000\nOne.\n2\n00:00:02,000 --> 00:00:03,000\nTwo.\n';
    expect(unitTexts(importTranscript(textFile('P07.srt', srt)))).toEqual(['One.', 'Two.']);
  });

  it('keeps cues whose end precedes their start, with a warning', () => {
    const result = importTranscript(textFile('P07.srt', '1\n00:00:05,000 --> 00:00:01,000\nOops.\n'));
    expect(result.units[0]).toMatchObject({ startTime: 5, endTime: 1 });
    expect(result.warnings).toEqual(['1 cue ends before it starts; the times were kept as written.']);
  });

  it('refuses an .srt that holds plain text as corrupt', () => {
    expect(captureError(() => importTranscript(textFile('P07.srt', 'Interviewer: hi\nP07: hello\n'))).reason).toBe('corrupt');
  });
});

function captureError(action: () => unknown): ImportError {
  try {
    action();
  } catch (error) {
    if (error instanceof ImportError) return error;
    throw error;
  }
  throw new Error('expected an ImportError');
}
