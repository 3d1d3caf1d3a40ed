import { describe, expect, it } from 'vitest';
import { readSpeakerLabel } from './speaker-label.ts';

describe('speaker labels', () => {
  it.each([
    ['Interviewer: How did it start?', 'Interviewer', undefined, 13],
    ['Dr. Smith: hi', 'Dr. Smith', undefined, 11],
    ['R1 (mother): yes', 'R1 (mother)', undefined, 13],
    ['[00:01:02] P07: x', 'P07', 62, 16],
    ['(00:01:20) P07: x', 'P07', 80, 16],
    ['[1:02] P07: x', 'P07', 62, 12],
    ['01:02:03.5 Interviewer: x', 'Interviewer', 3723.5, 24],
    ['P07 [00:02:05]: x', 'P07', 125, 16],
    ['**Interviewer:** x', 'Interviewer', undefined, 17],
    ['**Interviewer**: x', 'Interviewer', undefined, 17],
    ['P07\tx', 'P07', undefined, 4],
    ['  Interviewer: x', 'Interviewer', undefined, 15],
    ['Interviewer:', 'Interviewer', undefined, 12],
    ['受访者：是的', '受访者', undefined, 4],
  ])('reads %j', (line, speaker, startTime, contentStart) => {
    expect(readSpeakerLabel(line)).toEqual(startTime === undefined ? { speaker, contentStart } : { speaker, startTime, contentStart });
  });

  it.each([
    'See https://example.org',
    'We met at 10:30 in the morning.',
    'Interviewer:no space after the colon',
    'A really long speaker name that goes on and on: x',
    'One two three four five six: x',
    '        Indented code: x',
    '[99:99:99] P07: an impossible time',
    '- P07: a list item',
    'plain text without any label',
  ])('finds no label in %j', (line) => {
    expect(readSpeakerLabel(line)).toBeUndefined();
  });
});
