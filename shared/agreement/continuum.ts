import { AgreementError } from './agreement-error.ts';
import { categoryKey } from './reliability-data.ts';

/** A coded stretch [start, end) of a continuum, 0-based, half-open (README §2). */
export type Segment = { readonly start: number; readonly end: number; readonly code: string };

/** The README §2 `continuum` input: one list of segments per coder over [0, length). */
export type ContinuumInput = {
  readonly type?: 'continuum';
  readonly length: number;
  readonly coders: readonly (readonly { start: number; end: number; code: string | number }[])[];
  /** Optional code → semantic domain mapping (ATLAS.ti-style cu-alpha / Cu-alpha). */
  readonly domains?: Readonly<Record<string, string>> | null | undefined;
};

/** A validated continuum: codes normalised to strings, empty segments dropped, segments sorted. */
export type Continuum = {
  readonly length: number;
  readonly coders: readonly (readonly Segment[])[];
  readonly domains: ReadonlyMap<string, string>;
};

/** A unit of a coder's partition with its value index (≥ 0); everything else is gap. */
export type ValuedUnit = { readonly start: number; readonly end: number; readonly value: number };

/**
 * Validates a continuum (SPEC KA14): integer offsets with 0 ≤ start ≤ end ≤ length; zero-length
 * segments carry no characters and are dropped. Segments are sorted by start, then end.
 *
 * @example
 * validateContinuum({ length: 10, coders: [[{ start: 0, end: 4, code: 'A' }], []] }).coders[1] // []
 */
export function validateContinuum(input: ContinuumInput): Continuum {
  if (input === null || typeof input !== 'object') {
    throw new AgreementError('invalidInput', 'continuum input must be an object');
  }
  const { length } = input;
  if (typeof length !== 'number' || !Number.isInteger(length) || length < 0) {
    throw new AgreementError('invalidInput', `continuum "length" must be a non-negative integer, got ${JSON.stringify(length)}`);
  }
  if (!Array.isArray(input.coders)) throw new AgreementError('invalidInput', 'continuum input needs a "coders" array');
  const coders = input.coders.map((list, coder) => {
    if (!Array.isArray(list)) throw new AgreementError('invalidInput', `coder ${coder} is not a list of segments`);
    const segments: Segment[] = [];
    for (const raw of list) {
      if (raw === null || typeof raw !== 'object') {
        throw new AgreementError('invalidInput', `coder ${coder} has a segment that is not an object`);
      }
      const { start, end } = raw;
      if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > length) {
        throw new AgreementError(
          'segmentOutOfRange',
          `coder ${coder}: segment [${String(start)}, ${String(end)}) is not within [0, ${length})`,
        );
      }
      if (raw.code === null || raw.code === undefined) {
        throw new AgreementError('invalidInput', `coder ${coder}: segment [${start}, ${end}) has no code`);
      }
      if (end > start) segments.push({ start, end, code: categoryKey(raw.code) });
    }
    return segments.sort(compareSegments);
  });
  const domains = new Map<string, string>();
  if (input.domains !== null && input.domains !== undefined) {
    if (typeof input.domains !== 'object') throw new AgreementError('invalidInput', '"domains" must map codes to domain names');
    for (const [code, domain] of Object.entries(input.domains)) domains.set(code, String(domain));
  }
  return { length, coders, domains };
}

function compareSegments(a: Segment, b: Segment): number {
  return a.start - b.start || a.end - b.end || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

/**
 * The distinct codes of a continuum in order of first appearance (coder by coder).
 *
 * @example
 * continuumCodes(validateContinuum({ length: 5, coders: [[{ start: 0, end: 1, code: 'B' }, { start: 2, end: 3, code: 'A' }]] })) // ['B', 'A']
 */
export function continuumCodes(continuum: Continuum): string[] {
  const seen = new Set<string>();
  for (const segments of continuum.coders) for (const s of segments) seen.add(s.code);
  return [...seen];
}

/**
 * Each coder's segments as a partition of valued units (SPEC KA15): the segments kept by `valueOf`
 * (which returns a value index, or −1 to treat the segment as gap) must not overlap within a coder;
 * touching units stay separate units.
 *
 * @example
 * partitionUnits(continuum, (code) => codes.indexOf(code))
 */
export function partitionUnits(continuum: Continuum, valueOf: (code: string) => number): ValuedUnit[][] {
  return continuum.coders.map((segments, coder) => {
    const units: ValuedUnit[] = [];
    let lastEnd = 0;
    for (const s of segments) {
      const value = valueOf(s.code);
      if (value < 0) continue;
      if (s.start < lastEnd) {
        throw new AgreementError(
          'overlappingSegments',
          `coder ${coder}: segment [${s.start}, ${s.end}) "${s.code}" overlaps an earlier segment; this measure needs a partition (README §2)`,
        );
      }
      units.push({ start: s.start, end: s.end, value });
      lastEnd = s.end;
    }
    return units;
  });
}

/**
 * Merges a coder's segments that overlap (share at least one character) into one unit; merely
 * touching segments stay separate (SPEC KA16). Input need not be sorted. Already sorted,
 * non-overlapping input of the same value is returned as it is (no copy: the common case).
 *
 * @example
 * mergeOverlapping([{ start: 0, end: 5 }, { start: 3, end: 8 }, { start: 8, end: 9 }], 0)
 * // [{ start: 0, end: 8, value: 0 }, { start: 8, end: 9, value: 0 }]
 */
export function mergeOverlapping(
  segments: readonly { readonly start: number; readonly end: number; readonly value?: number }[],
  value: number,
): ValuedUnit[] {
  let clean = true;
  for (let i = 0; i < segments.length && clean; i++) {
    const s = segments[i] as { start: number; end: number; value?: number };
    const previous = segments[i - 1];
    if (s.value !== value || s.end <= s.start || (previous !== undefined && s.start < previous.end)) clean = false;
  }
  if (clean) return segments as ValuedUnit[];
  const sorted = segments.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: ValuedUnit[] = [];
  let start = 0;
  let end = -1;
  for (const s of sorted) {
    if (end >= 0 && s.start < end) {
      if (s.end > end) end = s.end;
      continue;
    }
    if (end >= 0) merged.push({ start, end, value });
    start = s.start;
    end = s.end;
  }
  if (end >= 0) merged.push({ start, end, value });
  return merged;
}
