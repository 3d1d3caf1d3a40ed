import { describe, expect, it } from 'vitest';
import { placePalette } from './palette-placement.ts';

describe('placing the code palette on screen', () => {
  const view = { viewTop: 1000, viewBottom: 1600 };

  it('goes below the selection when it fits there', () => {
    expect(placePalette({ ...view, below: 1100, above: 1070, chrome: 150, list: 200 })).toEqual({ top: 1100, listMax: 272 });
  });

  it('goes above when it does not fit below but does above', () => {
    // 144 px below, 414 above: above, its bottom at the selection's line.
    expect(placePalette({ ...view, below: 1450, above: 1420, chrome: 150, list: 200 })).toEqual({ top: 1420 - 350, listMax: 414 - 150 });
  });

  it('takes the roomier side and shrinks its list to fit when it fits on neither', () => {
    // 220 px below, 170 above: below, with a list of 220 − 150 = 70 → at least 150 (four or five
    // options), and moved up over the selection to stay on screen.
    const low = placePalette({ ...view, below: 1374, above: 1176, chrome: 150, list: 300 });
    expect(low.listMax).toBe(150);
    expect(low.top).toBe(1600 - 6 - 300);
    // 350 below, 244 above, the palette needing 422: below, its list 350 − 150.
    expect(placePalette({ ...view, below: 1244, above: 1250, chrome: 150, list: 400 })).toEqual({ top: 1244, listMax: 200 });
  });

  it('shrinks the list above the selection too, keeping the palette’s bottom at the selection', () => {
    const placed = placePalette({ ...view, below: 1540, above: 1330, chrome: 150, list: 400 });
    expect(placed.listMax).toBe(1330 - 1006 - 150);
    expect(placed.top).toBe(1330 - 150 - placed.listMax);
  });
});
