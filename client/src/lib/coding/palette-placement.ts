/**
 * Where the code palette goes, in content pixels of the transcript, and how tall its list may be,
 * so that all of it is on screen: below the selection when it fits there (or there is more room
 * there than above), else above it; the list shrinks (down to `minList`) to fit the side chosen,
 * and when even that does not fit, the palette is kept on screen over the selection's last line
 * (its first line quotes the selection).
 *
 * @example
 * // 300 px of palette (100 of it the list) below a selection at y 500, in a view 0–600 tall: above it.
 * placePalette({ below: 500, above: 470, chrome: 200, list: 100, viewTop: 0, viewBottom: 600 }) // { top: 170, listMax: 264 }
 */
export function placePalette(input: {
  /** The palette's top when below the selection (just under its last line). */
  readonly below: number;
  /** The palette's bottom when above the selection (just over its last line). */
  readonly above: number;
  /** Height of everything in the palette but its list. */
  readonly chrome: number;
  /** The list's natural height (all its options). */
  readonly list: number;
  /** The part of the content on screen. */
  readonly viewTop: number;
  readonly viewBottom: number;
  readonly maxList?: number;
  readonly minList?: number;
}): { top: number; listMax: number } {
  const maxList = input.maxList ?? 272;
  const minList = input.minList ?? 150;
  const margin = 6;
  const natural = input.chrome + Math.min(maxList, input.list);
  const roomBelow = input.viewBottom - margin - input.below;
  const roomAbove = input.above - (input.viewTop + margin);
  const below = roomBelow >= natural || roomBelow >= roomAbove;
  const room = below ? roomBelow : roomAbove;
  const listMax = Math.max(minList, Math.min(maxList, room - input.chrome));
  const height = input.chrome + Math.min(listMax, input.list);
  const top = below ? input.below : input.above - height;
  return { top: Math.max(input.viewTop + margin, Math.min(top, input.viewBottom - margin - height)), listMax };
}
