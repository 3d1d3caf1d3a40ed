import { describe, expect, it } from 'vitest';
import { activityDays, describeDaily, personActivity, sparklineBars } from './activity.ts';
import { historyEvent } from './history-test-events.ts';

const at = (day: number, hours = 12) => new Date(2026, 2, day, hours).toISOString();

describe('activity', () => {
  it('spans the days from the first event to the last, with quiet days, at most the last few', () => {
    const events = [{ at: at(12) }, { at: at(10, 9) }, { at: at(12, 18) }];
    expect(activityDays(events, 30, 1)).toEqual(['2026-03-10', '2026-03-11', '2026-03-12']);
    expect(activityDays(events, 2, 1)).toEqual(['2026-03-11', '2026-03-12']);
    expect(activityDays([])).toEqual([]);
    // Across the end of a month.
    expect(activityDays([{ at: at(31) }, { at: new Date(2026, 3, 2, 12).toISOString() }], 30, 1)).toEqual(['2026-03-31', '2026-04-01', '2026-04-02']);
  });

  it('shows at least a week, ending on the last active day', () => {
    expect(activityDays([{ at: at(12) }])).toEqual(['2026-03-06', '2026-03-07', '2026-03-08', '2026-03-09', '2026-03-10', '2026-03-11', '2026-03-12']);
    expect(activityDays([{ at: at(1) }, { at: at(12) }]).length).toBe(12);
  });

  it('counts each person’s events by kind and per day, busiest first', () => {
    const events = [
      historyEvent(1, { at: at(10) }),
      historyEvent(2, { at: at(10), type: 'coding.changed' }),
      historyEvent(3, { at: at(12), type: 'coding.removed' }),
      historyEvent(4, { at: at(12), userId: 'ben', type: 'code.changed', layer: null }),
      historyEvent(5, { at: at(12), userId: 'pat', type: 'history.reverted' }),
      historyEvent(6, { at: at(9), userId: 'pat' }),
    ];
    const days = ['2026-03-10', '2026-03-11', '2026-03-12'];
    const activity = personActivity(events, days);
    expect(activity.map((a) => [a.userId, a.total])).toEqual([
      ['ana', 3],
      ['pat', 2],
      ['ben', 1],
    ]);
    expect(activity[0]).toMatchObject({ counts: { added: 1, changed: 1, removed: 1, codebook: 0, reverts: 0, other: 0 }, daily: [2, 0, 1] });
    // A day outside the span counts in the totals, not in the sparkline.
    expect(activity[1]).toMatchObject({ counts: { added: 1, reverts: 1 }, daily: [0, 0, 1] });
  });

  it('draws one bar per day, scaled to the busiest, never hiding a day with events', () => {
    const bars = sparklineBars([0, 10, 1], 30, 20);
    expect(bars.map((b) => [b.x, b.width, b.height, b.y])).toEqual([
      [1, 8, 0, 20],
      [11, 8, 20, 0],
      [21, 8, 2, 18],
    ]);
    expect(sparklineBars([0, 1], 10, 10, 100)[1]!.height).toBe(1);
    expect(sparklineBars([], 10, 10)).toEqual([]);
  });

  it('puts the sparkline into words', () => {
    expect(describeDaily([2, 0, 5], ['2026-03-10', '2026-03-11', '2026-03-12'], (d) => d.slice(5))).toBe('7 events on 2 days; most on 03-12 (5)');
    expect(describeDaily([0], ['2026-03-10'], (d) => d)).toBe('No events in these days');
  });
});
