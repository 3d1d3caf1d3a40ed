/** A coded passage with a little of the text around it, as a retrieval row shows it. */
export interface SegmentExcerpt {
  /** Up to `context` characters before the passage, starting at a word ("…" first when cut). */
  readonly before: string;
  /** The coded text; a passage longer than `maxText` keeps its start and end around " … ". */
  readonly text: string;
  /** Up to `context` characters after the passage, ending at a word ("…" last when cut). */
  readonly after: string;
  /** True when the middle of the coded text was left out. */
  readonly elided: boolean;
}

/**
 * The passage [start, end) of `text` with its context.
 *
 * @example
 * excerptSegment('We asked them for help, and then we built the plan.', 9, 23, { context: 10 })
 * // { before: 'We asked ', text: 'them for help,', after: ' and then…', elided: false }
 */
export function excerptSegment(text: string, start: number, end: number, options: { context?: number; maxText?: number } = {}): SegmentExcerpt {
  const context = options.context ?? 120;
  const maxText = options.maxText ?? 1500;
  const from = Math.max(0, start - context);
  let before = text.slice(from, start);
  if (from > 0) {
    // Start at a word: drop the partial word the cut left.
    const space = before.search(/\s/);
    before = `…${space >= 0 && space < before.length - 1 ? before.slice(space + 1) : before}`;
  }
  const to = Math.min(text.length, end + context);
  let after = text.slice(end, to);
  if (to < text.length) {
    const space = Math.max(after.lastIndexOf(' '), after.lastIndexOf('\n'));
    after = `${space > 0 ? after.slice(0, space) : after}…`;
  }
  const whole = text.slice(start, end);
  if (whole.length <= maxText) return { before, text: whole, after, elided: false };
  const head = Math.floor((maxText * 2) / 3);
  return { before, text: `${whole.slice(0, head)} … ${whole.slice(whole.length - (maxText - head))}`, after, elided: true };
}
