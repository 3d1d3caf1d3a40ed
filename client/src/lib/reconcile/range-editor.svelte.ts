import type { LocusView } from '../../../../shared/api/index.ts';
import { intersectionRange, unionRange, wordBoundary } from './edit-range.ts';
import type { LaneRange } from './coder-lanes.ts';

/** The code most versions of the locus use (ties: the first in the locus's sorted codes). */
function commonestCode(locus: LocusView): string {
  const counts = new Map<string, number>();
  for (const v of locus.versions) counts.set(v.codeId, (counts.get(v.codeId) ?? 0) + 1);
  let best = locus.codeIds[0] ?? '';
  for (const id of locus.codeIds) if ((counts.get(id) ?? 0) > (counts.get(best) ?? 0)) best = id;
  return best;
}

/**
 * The "edit" action's draft (spec §3.3, Fix & Accept): a code and a range for the consensus,
 * starting from the coders' union, adjusted with union / intersection / a coder's version, word
 * nudges or typed offsets.
 */
export class RangeEditor {
  locusId = $state<string | null>(null);
  codeId = $state('');
  start = $state(0);
  end = $state(0);
  /** Bumped to ask the editor's first field to take focus. */
  focusRequest = $state(0);
  readonly isOpen: boolean = $derived(this.locusId !== null);
  readonly range: LaneRange = $derived({ start: this.start, end: this.end });

  begin(locus: LocusView): void {
    this.locusId = locus.id;
    this.codeId = commonestCode(locus);
    this.setRange(unionRange(locus.versions) ?? locus);
    this.focusRequest += 1;
  }

  close(): void {
    this.locusId = null;
  }

  setRange(range: LaneRange): void {
    this.start = range.start;
    this.end = range.end;
  }

  union(locus: LocusView): void {
    const range = unionRange(locus.versions);
    if (range) this.setRange(range);
  }

  /** Returns false when the versions share no text (there is no intersection to take). */
  intersection(locus: LocusView): boolean {
    const range = intersectionRange(locus.versions);
    if (range) this.setRange(range);
    return range !== null;
  }

  /** Moves one edge to the next word boundary, keeping the range at least one character long. */
  nudge(edge: 'start' | 'end', direction: 1 | -1, text: string): void {
    if (edge === 'start') this.start = Math.min(wordBoundary(text, this.start, direction), this.end - 1);
    else this.end = Math.max(wordBoundary(text, this.end, direction), this.start + 1);
  }

  /** An error sentence for the typed range, or null when it can be sent. */
  problem(textLength: number): string | null {
    if (!this.codeId) return 'Choose a code.';
    if (!Number.isInteger(this.start) || !Number.isInteger(this.end)) return 'Start and end are character offsets (whole numbers).';
    if (this.start < 0 || this.end > textLength) return `The range must lie within the transcript (0–${textLength}).`;
    if (this.end <= this.start) return 'The end must come after the start.';
    return null;
  }
}
