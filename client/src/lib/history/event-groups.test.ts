import { describe, expect, it } from 'vitest';
import type { HistoryVocabulary } from './event-sentence.ts';
import { dayLabel, describeRun, groupTimeline, localDay } from './event-groups.ts';
import { historyEvent } from './history-test-events.ts';

/** An event at a local time on 12 March 2026 (local, so days do not depend on the machine's zone). */
const at = (hours: number, minutes: number, day = 12) => new Date(2026, 2, day, hours, minutes).toISOString();
const vocab: HistoryVocabulary = {
  names: new Map([['ana', 'Ana Ortiz']]),
  roles: new Map(),
  codeName: (id) => id,
  documentName: (id) => ({ d1: 'P01', d2: 'P02' })[id] ?? null,
  formatTime: (iso) => {
    const d = new Date(iso);
    return `${d.getHours()}:${String(d.getMinutes()).padStart(2, '0')}`;
  },
};

describe('timeline grouping', () => {
  it('folds a run of one person’s changes within a few minutes, and lists short runs one by one', () => {
    const events = [
      historyEvent(1, { at: at(10, 2) }),
      historyEvent(2, { at: at(10, 4) }),
      historyEvent(3, { at: at(10, 9) }),
      historyEvent(4, { at: at(10, 10), userId: 'ben', layer: 'ben' }),
      historyEvent(5, { at: at(10, 11) }),
      historyEvent(6, { at: at(10, 12) }),
    ];
    const [day] = groupTimeline(events);
    expect(day!.day).toBe('2026-03-12');
    expect(day!.items.map((i) => (i.kind === 'run' ? i.events.map((e) => e.seq) : i.event.seq))).toEqual([[1, 2, 3], 4, 5, 6]);
    const run = day!.items[0]!;
    expect(run.kind === 'run' && describeRun(run, vocab)).toBe('Ana Ortiz made 3 changes in P01, 10:02–10:09');
  });

  it('breaks a run at a long pause, at a revert and at midnight', () => {
    const events = [
      historyEvent(1, { at: at(10, 0) }),
      historyEvent(2, { at: at(10, 1) }),
      historyEvent(3, { at: at(10, 2) }),
      historyEvent(4, { at: at(10, 30) }),
      historyEvent(5, { at: at(10, 31), type: 'history.reverted' }),
      historyEvent(6, { at: at(10, 32) }),
      historyEvent(7, { at: at(23, 58) }),
      historyEvent(8, { at: at(23, 59) }),
      historyEvent(9, { at: at(0, 0, 13) }),
    ];
    const days = groupTimeline(events);
    expect(days.map((d) => d.day)).toEqual(['2026-03-12', '2026-03-13']);
    expect(days[0]!.items.map((i) => (i.kind === 'run' ? `run ${i.events.length}` : i.event.seq))).toEqual(['run 3', 4, 5, 6, 7, 8]);
    expect(days[1]!.items.map((i) => i.kind)).toEqual(['event']);
  });

  it('groups newest-first lists the same way, and names several documents and the codebook', () => {
    const events = [
      historyEvent(4, { at: at(10, 9), documentId: 'd2' }),
      historyEvent(3, { at: at(10, 8), layer: null, type: 'code.changed', documentId: null }),
      historyEvent(2, { at: at(10, 4) }),
      historyEvent(1, { at: at(10, 2) }),
    ];
    const run = groupTimeline(events)[0]!.items[0]!;
    expect(run.kind).toBe('run');
    if (run.kind !== 'run') return;
    expect([run.from, run.to]).toEqual([at(10, 2), at(10, 9)]);
    expect(describeRun(run, vocab)).toBe('Ana Ortiz made 4 changes in 2 documents and the codebook, 10:02–10:09');
  });

  it('labels days relative to today', () => {
    const now = new Date(2026, 2, 12, 15, 0);
    const format = (d: Date) => `${d.getDate()}/${d.getMonth() + 1}`;
    expect([dayLabel('2026-03-12', now, format), dayLabel('2026-03-11', now, format), dayLabel('2026-03-01', now, format)]).toEqual(['Today', 'Yesterday', '1/3']);
    expect(localDay(at(0, 0, 13))).toBe('2026-03-13');
  });
});
