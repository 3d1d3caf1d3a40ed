import { describe, expect, it } from 'vitest';
import { formatRoundTime } from './round-time.ts';

describe('round times', () => {
  it('show only the time on the same day, and the day too otherwise', () => {
    const now = new Date(2026, 2, 12, 15, 0);
    const today = formatRoundTime(new Date(2026, 2, 12, 10, 4).toISOString(), now);
    const earlier = formatRoundTime(new Date(2026, 2, 10, 10, 4).toISOString(), now);
    expect(today).toMatch(/10.04/);
    expect(today).not.toMatch(/Mar/);
    expect(earlier).toMatch(/10.04/);
    expect(earlier.length).toBeGreaterThan(today.length);
  });
});
