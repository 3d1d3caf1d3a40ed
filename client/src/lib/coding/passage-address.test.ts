import { describe, expect, it } from 'vitest';
import { readPassageParam } from './passage-address.ts';

describe('readPassageParam', () => {
  it('reads a start-end pair of offsets', () => {
    expect(readPassageParam('440-480')).toEqual({ start: 440, end: 480 });
    expect(readPassageParam('0-1')).toEqual({ start: 0, end: 1 });
  });

  it('ignores anything that is not a non-empty range', () => {
    for (const raw of [null, '', '480-440', '5-5', '-3-4', '1.5-4', 'a-b', '1-2-3', '1234567890-1234567891']) expect(readPassageParam(raw), String(raw)).toBeNull();
  });
});
