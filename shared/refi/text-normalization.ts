/**
 * Accord's text normalisation (`shared/import/normalize-text.ts`: line endings to `\n`, other
 * control characters dropped, NFC, trailing white space trimmed per line, runs of blank lines made
 * one, blank lines at both ends dropped) done step by step while recording where every offset of
 * the input lands in the output, so an imported text's selections move with their characters.
 *
 * Every step but NFC only deletes characters or replaces one code unit by one: an offset maps to
 * the number of characters kept before it, exact at every position. NFC can merge characters
 * (e + U+0301 → é); it is applied per cluster (a character with its combining marks and Hangul
 * jamo), and an offset inside a cluster that changed maps outwards — to the cluster's start for a
 * selection's start, to its end for a selection's end — so a selection widens to whole characters
 * rather than cut one, and says so (`widened`). Should the clusters ever normalise differently
 * from the whole text (not seen with Unicode 15), NFC is left out rather than risk an offset.
 */
export interface NormalizedText {
  readonly text: string;
  /**
   * Where the UTF-16 range `[start, end)` of the input lies in `text`. A range whose characters
   * were all removed (trailing spaces, extra blank lines) comes back empty (`start === end`).
   */
  mapRange(start: number, end: number): { readonly start: number; readonly end: number; readonly widened: boolean };
}

/**
 * Normalises like `normalizeText` and maps offsets across it.
 *
 * @example
 * const normalized = normalizeWithOffsets('Q: hi  \r\n\r\n\r\nA: yes');
 * normalized.text                // 'Q: hi\n\nA: yes'
 * normalized.mapRange(16, 19)    // { start: 10, end: 13, widened: false }: "yes"
 */
export function normalizeWithOffsets(input: string): NormalizedText {
  const lineEndings = replaceLineEndings(input);
  const composed = composeNfc(lineEndings?.text ?? input);
  const trimmed = trimLineEnds(composed?.text ?? lineEndings?.text ?? input);
  const collapsed = collapseBlankLines(trimmed?.text ?? composed?.text ?? lineEndings?.text ?? input);
  const text = collapsed?.text ?? trimmed?.text ?? composed?.text ?? lineEndings?.text ?? input;
  // Already normalised (every Accord export): offsets are unchanged.
  if (!lineEndings && !composed && !trimmed && !collapsed) return { text, mapRange: (start, end) => checkedIdentity(start, end, input.length) };

  // Compose the steps' maps over the input's offsets: at most two arrays alive at a time.
  const starts = lineEndings?.map ?? identityMap(input.length);
  const ends = new Map<number, number>();
  const after = (at: number): number => {
    const trimmedAt = trimmed ? trimmed.map[at]! : at;
    return collapsed ? collapsed.map[trimmedAt]! : trimmedAt;
  };
  for (let i = 0; i < starts.length; i++) {
    const at = starts[i]!;
    const end = composed?.ends.get(at);
    if (end !== undefined) ends.set(i, after(end));
    starts[i] = after(composed ? composed.map[at]! : at);
  }
  return {
    text,
    mapRange(start, end) {
      const from = starts[start];
      const to = ends.get(end) ?? starts[end];
      if (from === undefined || to === undefined || !Number.isInteger(start) || !Number.isInteger(end)) {
        throw new RangeError(`offset outside the text (${start}–${end} of ${input.length})`);
      }
      return { start: from, end: Math.max(from, to), widened: ends.has(start) || ends.has(end) };
    },
  };
}

function checkedIdentity(start: number, end: number, length: number): { start: number; end: number; widened: boolean } {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > length || start > end) {
    throw new RangeError(`offset outside the text (${start}–${end} of ${length})`);
  }
  return { start, end, widened: false };
}

function identityMap(length: number): Int32Array {
  const map = new Int32Array(length + 1);
  for (let i = 0; i < map.length; i++) map[i] = i;
  return map;
}

interface Step {
  readonly text: string;
  /** Output offset of every input offset 0…length (inclusive). */
  readonly map: Int32Array;
}

/** Keep the unit (`keep`), drop it (`drop`), or put this UTF-16 code unit in its place. */
const keep = -1;
const drop = -2;

/** A step that keeps, drops or replaces each code unit one for one. */
function keepOrDrop(input: string, decide: (index: number, unit: number) => number): Step {
  const map = new Int32Array(input.length + 1);
  const out: string[] = [];
  let written = 0;
  let runStart = 0;
  for (let i = 0; i < input.length; i++) {
    map[i] = written;
    const decision = decide(i, input.charCodeAt(i));
    if (decision === keep) {
      written++;
      continue;
    }
    // Flush the unchanged run before this unit in one slice.
    if (i > runStart) out.push(input.slice(runStart, i));
    runStart = i + 1;
    if (decision !== drop) {
      out.push(String.fromCharCode(decision));
      written++;
    }
  }
  map[input.length] = written;
  if (runStart < input.length) out.push(input.slice(runStart));
  return { text: out.join(''), map };
}

const lineFeed = 0x0a;
const carriageReturn = 0x0d;

/** `\r\n` → `\n` (the `\r` dropped), other line breaks → `\n`, other C0 controls and DEL dropped; null when nothing changes. */
function replaceLineEndings(input: string): Step | null {
  if (!/[\x00-\x08\x0b-\x1f\x7f\u0085\u2028\u2029]/.test(input)) return null;
  return keepOrDrop(input, (i, unit) => {
    if (unit === carriageReturn) return input.charCodeAt(i + 1) === lineFeed ? drop : lineFeed;
    if (unit === 0x0b || unit === 0x0c || unit === 0x85 || unit === 0x2028 || unit === 0x2029) return lineFeed;
    if (unit === 0x09 || unit === lineFeed) return keep;
    return unit < 0x20 || unit === 0x7f ? drop : keep;
  });
}

/** Whether NFC could combine `codePoint` with what precedes it (so no cluster may start there). */
function joinsPrevious(codePoint: number, ch: string): boolean {
  return (codePoint >= 0x1161 && codePoint <= 0x1175) || (codePoint >= 0x11a8 && codePoint <= 0x11c2) || /\p{M}/u.test(ch);
}

/** NFC per cluster; `ends` holds the end-side offset of every offset inside a cluster NFC changed. */
function composeNfc(input: string): (Step & { readonly ends: ReadonlyMap<number, number> }) | null {
  const whole = input.normalize('NFC');
  if (whole === input) return null;
  const map = new Int32Array(input.length + 1);
  const ends = new Map<number, number>();
  const out: string[] = [];
  let written = 0;
  let clusterStart = 0;
  const flush = (clusterEnd: number): void => {
    const cluster = input.slice(clusterStart, clusterEnd);
    const normalized = cluster.normalize('NFC');
    if (normalized === cluster) {
      for (let i = clusterStart; i < clusterEnd; i++) map[i] = written + (i - clusterStart);
    } else {
      for (let i = clusterStart; i < clusterEnd; i++) map[i] = written;
      for (let i = clusterStart + 1; i < clusterEnd; i++) ends.set(i, written + normalized.length);
    }
    out.push(normalized);
    written += normalized.length;
  };
  for (let i = 0; i < input.length; ) {
    const codePoint = input.codePointAt(i)!;
    const width = codePoint > 0xffff ? 2 : 1;
    if (i > clusterStart && !joinsPrevious(codePoint, input.slice(i, i + width))) {
      flush(i);
      clusterStart = i;
    }
    i += width;
  }
  if (clusterStart < input.length) flush(input.length);
  map[input.length] = written;
  const text = out.join('');
  // The safety net the header promises: offsets stay exact even if NFC was not cluster-local.
  if (text !== whole) return null;
  return { text, map, ends };
}

/** Drops the white space at the end of every line (what `trimEnd` removes: JavaScript's `\s`). */
function trimLineEnds(input: string): Step | null {
  if (!/[^\S\n](\n|$)/.test(input)) return null;
  const dropped = new Uint8Array(input.length);
  let lineEnd = input.length;
  for (let i = input.length - 1; i >= -1; i--) {
    if (i === -1 || input[i] === '\n') {
      for (let j = lineEnd - 1; j > i && /\s/.test(input[j]!); j--) dropped[j] = 1;
      lineEnd = i;
    }
  }
  return keepOrDrop(input, (i) => (dropped[i] ? drop : keep));
}

/** Keeps at most two `\n` in a row, and none at the start or the end. */
function collapseBlankLines(input: string): Step | null {
  if (!/^\n|\n$|\n\n\n/.test(input)) return null;
  let first = 0;
  while (input[first] === '\n') first++;
  let last = input.length;
  while (last > first && input[last - 1] === '\n') last--;
  return keepOrDrop(input, (i, unit) => {
    if (i < first || i >= last) return drop;
    return unit === lineFeed && input.charCodeAt(i - 1) === lineFeed && input.charCodeAt(i - 2) === lineFeed ? drop : keep;
  });
}
