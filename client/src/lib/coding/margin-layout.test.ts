import { describe, expect, it } from 'vitest';
import type { Coding } from '../../../../shared/model/coding.ts';
import { createSeededRandom } from '../../../../shared/agreement/seeded-random.ts';
import { marginLayout, type MarginLayout } from './margin-layout.ts';

type Span = Coding & { start: number; end: number };
const span = (id: string, start: number, end: number, minute: number): Span => ({
  id,
  codeId: 'push',
  coderId: 'ben',
  start,
  end,
  orphaned: false,
  memo: '',
  createdAt: `2026-02-01T${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00.000Z`,
  updatedAt: '',
});
const columnsOf = (layout: MarginLayout, spans: readonly Span[]) => spans.map((s) => layout.columnOf.get(s));

describe('margin columns built on the previous layout', () => {
  it('places only the codings made since, where placing all of them would', () => {
    const first = [span('a', 0, 50, 1), span('b', 10, 40, 2), span('c', 60, 90, 3)];
    const before = marginLayout(first);
    const later = [...first, span('d', 5, 95, 4)];
    const after = marginLayout(later, before);
    expect(columnsOf(after, later)).toEqual([0, 1, 0, 2]);
    expect(columnsOf(after, later)).toEqual(columnsOf(marginLayout(later), later));
    // The earlier layout is left as it was.
    expect(before.columns.map((c) => c.length)).toEqual([2, 1]);
    expect(before.columnOf.has(later[3]!)).toBe(false);
  });

  it('equals a layout built afresh after any sequence of additions, removals and edits', () => {
    const random = createSeededRandom(13);
    const int = (n: number) => Math.floor(random() * n);
    let spans: Span[] = [];
    let layout = marginLayout(spans);
    let minute = 0;
    for (let step = 0; step < 400; step++) {
      const roll = random();
      if (roll < 0.6 || spans.length === 0) {
        // Mostly new codings; now and then one dated before the newest (an undo restores one).
        const start = int(300);
        spans = [...spans, span(`s${step}`, start, start + 1 + int(80), random() < 0.9 ? ++minute : int(minute + 1))];
      } else if (roll < 0.8) {
        spans = spans.filter((_, i) => i !== int(spans.length));
      } else {
        const at = int(spans.length);
        const start = int(300);
        spans = spans.map((s, i) => (i === at ? { ...s, start, end: start + 1 + int(80) } : s));
      }
      layout = marginLayout(spans, layout);
      const fresh = marginLayout(spans);
      expect(columnsOf(layout, spans), `step ${step}`).toEqual(columnsOf(fresh, spans));
      expect(layout.columns.length).toBe(fresh.columns.length);
    }
  });
});
