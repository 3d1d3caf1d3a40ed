import { ApiErrorCode } from '../../shared/api/index.ts';
import type { AttributeField, AttributeValue } from '../../shared/model/attributes.ts';
import type { Code } from '../../shared/model/codebook.ts';
import { TimeSlice } from '../agreement/time-slice.ts';
import { ApiError } from '../http/api-error.ts';
import type { SegmentQuery } from './segment-query.ts';
import type { VisibleSegment, VisibleSegments } from './visible-segments.ts';

/** What a selection is made from: a reader's visible segments. */
export type SegmentSource = Pick<VisibleSegments, 'documents' | 'codes' | 'coders' | 'segments' | 'unitsOf'>;

/** The segments a query selects, in the source's order, and in how many documents they lie. */
export interface SegmentSelection {
  readonly segments: readonly VisibleSegment[];
  readonly documentCount: number;
}

const invalid = (field: string, message: string) => new ApiError(ApiErrorCode.validation, message, field);

/**
 * Checks a query's ids against the project: codes of the codebook (or of a visible coding, for a
 * code deleted since), documents of the project, its members or `consensus`, attribute fields.
 * A member whose layer the reader may not see is a valid filter that selects nothing.
 */
export function checkSegmentQuery(query: SegmentQuery, source: Pick<SegmentSource, 'documents' | 'codes' | 'coders' | 'segments'>, fields: readonly AttributeField[]): void {
  const codes = new Set(source.codes.map((c) => c.id));
  const isCode = (id: string) => codes.has(id) || source.segments.some((s) => s.codeId === id);
  const badCode = query.codeIds?.find((id) => !isCode(id));
  if (badCode !== undefined) throw invalid('codeId', `codeId "${badCode}" is not a code of this project`);
  if (query.cooccursWith !== null && !isCode(query.cooccursWith)) throw invalid('cooccursWith', `cooccursWith "${query.cooccursWith}" is not a code of this project`);
  const documents = new Set(source.documents.map((d) => d.id));
  const badDocument = query.documentIds?.find((id) => !documents.has(id));
  if (badDocument !== undefined) throw invalid('documentId', `documentId "${badDocument}" is not a document of this project`);
  const coders = new Set(source.coders.map((c) => c.id));
  const badUser = query.userIds?.find((id) => !coders.has(id));
  if (badUser !== undefined) throw invalid('userId', `userId "${badUser}" is not a member of this project (or consensus)`);
  const keys = new Set(fields.map((f) => f.key));
  const badKey = query.attributes.find((a) => !keys.has(a.key));
  if (badKey !== undefined) throw invalid(`attr.${badKey.key}`, `"${badKey.key}" is not a participant attribute of this project`);
}

/**
 * The codes `ids` stand for: themselves, and with `withSubcodes` every code below them in the
 * tree (a parent cycle, which concurrent moves can make, is walked once).
 *
 * @example
 * expandCodes(codes, ['barriers'], true) // Set { 'barriers', 'cost', 'time', … }
 */
export function expandCodes(codes: readonly Code[], ids: readonly string[], withSubcodes: boolean): Set<string> {
  const out = new Set(ids);
  if (!withSubcodes) return out;
  const children = new Map<string, string[]>();
  for (const code of codes) {
    if (code.parentId === null) continue;
    const list = children.get(code.parentId) ?? [];
    list.push(code.id);
    children.set(code.parentId, list);
  }
  const queue = [...ids];
  while (queue.length > 0) {
    for (const child of children.get(queue.pop()!) ?? []) {
      if (out.has(child)) continue;
      out.add(child);
      queue.push(child);
    }
  }
  return out;
}

/** Lower case without accents: "Café" and "cafe" match. */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function matchesAttribute(field: AttributeField | undefined, value: AttributeValue | undefined, wanted: readonly string[]): boolean {
  if (value === null || value === undefined) return false;
  if (field?.type === 'number' || typeof value === 'number') {
    const n = typeof value === 'number' ? value : Number(value);
    return wanted.some((w) => w.trim() !== '' && Number(w.trim().replace(',', '.')) === n);
  }
  const folded = foldText(String(value).trim());
  return wanted.some((w) => foldText(w.trim()) === folded);
}

/** Segments lying where a partner coding lies too: overlapping it, or sharing a transcript unit with it. */
async function cooccurring(candidates: readonly VisibleSegment[], partners: readonly VisibleSegment[], query: Pick<SegmentQuery, 'cooccurrence' | 'cooccurrenceBy'>, unitsOf: SegmentSource['unitsOf'], slice: TimeSlice): Promise<Set<VisibleSegment>> {
  const mode = query.cooccurrence;
  // Partners are looked for in the same document — and, with `cooccurrenceBy=same`, the same layer.
  const groupOf = query.cooccurrenceBy === 'same' ? (s: VisibleSegment) => `${s.documentId}\u0000${s.userId}` : (s: VisibleSegment) => s.documentId;
  const byGroup = new Map<string, VisibleSegment[]>();
  for (const p of partners) {
    const list = byGroup.get(groupOf(p)) ?? [];
    list.push(p);
    byGroup.set(groupOf(p), list);
  }
  const kept = new Set<VisibleSegment>();
  const candidatesByGroup = new Map<string, VisibleSegment[]>();
  for (const c of candidates) {
    if (!byGroup.has(groupOf(c))) continue;
    const list = candidatesByGroup.get(groupOf(c)) ?? [];
    list.push(c);
    candidatesByGroup.set(groupOf(c), list);
  }
  // A coding never co-occurs with itself (a code paired with itself: another coding of it must be there).
  const same = (a: VisibleSegment, b: VisibleSegment) => a.codingId === b.codingId && a.userId === b.userId;
  for (const [group, list] of candidatesByGroup) {
    const others = byGroup.get(group)!;
    if (mode === 'overlap') {
      // Partners by start; for each prefix, the two largest ends of different codings.
      const sorted = [...others].sort((a, b) => a.start - b.start);
      const best: (VisibleSegment | null)[] = [];
      const second: number[] = [];
      let top: VisibleSegment | null = null;
      let next = -1;
      for (const p of sorted) {
        if (top === null || p.end > top.end) {
          if (top !== null && !same(top, p)) next = Math.max(next, top.end);
          top = p;
        } else if (!same(top, p)) next = Math.max(next, p.end);
        best.push(top);
        second.push(next);
      }
      for (const c of list) {
        // Partners starting before c ends: the prefix [0, n).
        let lo = 0;
        let hi = sorted.length;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (sorted[mid]!.start < c.end) lo = mid + 1;
          else hi = mid;
        }
        if (lo === 0) continue;
        const first = best[lo - 1]!;
        const reach = same(first, c) ? second[lo - 1]! : first.end;
        if (reach > c.start) kept.add(c);
      }
    } else {
      const units = await unitsOf(list[0]!.documentId);
      // A transcript without units is one unit.
      const bounds = units.length > 0 ? units : [[0, Number.MAX_SAFE_INTEGER] as [number, number]];
      const cover = new Int32Array(bounds.length + 1);
      const spanOf = (s: VisibleSegment): [number, number] => {
        let lo = 0;
        let hi = bounds.length;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (bounds[mid]![1] <= s.start) lo = mid + 1;
          else hi = mid;
        }
        let last = lo;
        while (last < bounds.length && bounds[last]![0] < s.end) last++;
        return [lo, last - 1];
      };
      for (const p of others) {
        const [a, b] = spanOf(p);
        if (a > b) continue;
        cover[a]! += 1;
        cover[b + 1]! -= 1;
      }
      for (let u = 1; u < cover.length; u++) cover[u]! += cover[u - 1]!;
      const partnerIds = new Set(others.map((p) => `${p.userId}\u0000${p.codingId}`));
      for (const c of list) {
        const [a, b] = spanOf(c);
        const own = partnerIds.has(`${c.userId}\u0000${c.codingId}`) ? 1 : 0;
        for (let u = a; u <= b; u++) {
          if (cover[u]! > own) {
            kept.add(c);
            break;
          }
        }
      }
    }
    await slice.yieldIfDue();
  }
  return kept;
}

/**
 * The segments a (checked) query selects, in the source's order. Every condition must hold; a
 * repeated id or attribute value is any of. `cooccursWith` keeps the selected segments that
 * overlap — or, with `cooccurrence=unit`, share a transcript unit with — a coding of that code
 * (with `includeSubcodes`, of it or a code below it) by any coder the reader may see (with
 * `cooccurrenceBy=same`, by the segment's own coder, as the co-occurrence matrix counts), whatever
 * the other filters. Long selections yield to the event loop every few milliseconds.
 */
export async function selectSegments(source: SegmentSource, query: SegmentQuery, fields: readonly AttributeField[]): Promise<SegmentSelection> {
  const slice = new TimeSlice();
  const codes = query.codeIds ? expandCodes(source.codes, query.codeIds, query.includeSubcodes) : null;
  const users = query.userIds ? new Set(query.userIds) : null;
  const fieldOf = new Map(fields.map((f) => [f.key, f]));
  let documents: Set<string> | null = query.documentIds ? new Set(query.documentIds) : null;
  if (query.attributes.length > 0) {
    const matching = source.documents.filter((d) => query.attributes.every((a) => matchesAttribute(fieldOf.get(a.key), d.attributes[a.key], a.values)));
    documents = new Set(matching.map((d) => d.id).filter((id) => documents === null || documents.has(id)));
  }
  const q = query.q === null ? null : foldText(query.q);
  const from = query.from;
  const to = query.to;
  const candidates: VisibleSegment[] = [];
  const segments = source.segments;
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]!;
    if (codes && !codes.has(s.codeId)) continue;
    if (users && !users.has(s.userId)) continue;
    if (documents && !documents.has(s.documentId)) continue;
    if (from !== null && (s.createdAt === null || s.createdAt < from)) continue;
    if (to !== null && (s.createdAt === null || s.createdAt > to)) continue;
    if (q !== null && (s.memo === '' || !foldText(s.memo).includes(q))) continue;
    candidates.push(s);
    if ((i & 1023) === 0) await slice.yieldIfDue();
  }
  let selected: readonly VisibleSegment[] = candidates;
  if (query.cooccursWith !== null) {
    const partnerCodes = expandCodes(source.codes, [query.cooccursWith], query.includeSubcodes);
    const partners = segments.filter((s) => partnerCodes.has(s.codeId));
    const kept = await cooccurring(candidates, partners, query, source.unitsOf, slice);
    selected = candidates.filter((c) => kept.has(c));
  }
  return { segments: selected, documentCount: new Set(selected.map((s) => s.documentId)).size };
}
