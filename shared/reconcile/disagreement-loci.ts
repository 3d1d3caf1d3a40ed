import { codeDomains, type DomainCode } from './code-domains.ts';

/** A coding as reconciliation compares it: resolved offsets into one transcript, [start, end). */
export interface LocusCoding {
  readonly id: string;
  readonly coderId: string;
  readonly codeId: string;
  readonly start: number;
  readonly end: number;
}

export interface LociInput {
  readonly documentId: string;
  /** The coders assigned to the document: one who has no coding in a locus omitted it. */
  readonly coderIds: readonly string[];
  readonly codes: readonly DomainCode[];
  readonly codings: readonly LocusCoding[];
}

export interface LociOptions {
  /** IoU two same-code codings need to count as the same (default 0.9). */
  readonly theta?: number;
  /** Overlap / shorter length that links two codings into one locus (default 0.5). */
  readonly link?: number;
}

export const LocusType = {
  codeConflict: 'codeConflict',
  omission: 'omission',
  granularity: 'granularity',
  boundary: 'boundary',
  agreed: 'agreed',
} as const;
export type LocusType = (typeof LocusType)[keyof typeof LocusType];

/** Precedence of the flags: the first that applies is the locus's type (SPEC RC3). */
const precedence: readonly LocusType[] = ['codeConflict', 'omission', 'granularity', 'boundary', 'agreed'];

/** One coder's coding in a locus; `codeId` is what it counts as in the domain (SPEC RC1). */
export interface LocusVersion {
  readonly coderId: string;
  readonly codingId: string;
  readonly codeId: string;
  /** The code the coder applied, when it differs from `codeId` (a sub-code of a stage). */
  readonly appliedCodeId: string;
  readonly start: number;
  readonly end: number;
}

export interface Locus {
  readonly id: string;
  readonly documentId: string;
  readonly domainId: string;
  readonly exclusive: boolean;
  readonly type: LocusType;
  readonly flags: readonly LocusType[];
  /** The codes in the locus, sorted. */
  readonly codeIds: readonly string[];
  readonly start: number;
  readonly end: number;
  /** Sorted by start, end, coder, coding id. */
  readonly versions: readonly LocusVersion[];
  /** Assigned coders with no coding in the locus, in the order they were given. */
  readonly missingCoderIds: readonly string[];
}

/** Intersection over union of two ranges; 0 when either is empty. */
export function iou(a: { start: number; end: number }, b: { start: number; end: number }): number {
  const overlap = Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
  const union = Math.max(a.end, b.end) - Math.min(a.start, b.start);
  return union <= 0 ? 0 : overlap / union;
}

/**
 * FNV-1a over the text, twice with different offsets, as 16 hex digits: stable across runs and
 * machines, dependency-free, and ample for ids that only have to be unique within one document.
 */
function stableHash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x01000193) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

/** Union-find over indices, for the link graph's connected components. */
function components(count: number, pairs: Iterable<readonly [number, number]>): number[][] {
  const parent = Array.from({ length: count }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  for (const [i, j] of pairs) {
    const ri = find(i);
    const rj = find(j);
    if (ri !== rj) parent[Math.max(ri, rj)] = Math.min(ri, rj);
  }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < count; i++) {
    const root = find(i);
    const group = groups.get(root);
    if (group) group.push(i);
    else groups.set(root, [i]);
  }
  return [...groups.values()];
}

/** Pairs of versions (sorted by start) that link (SPEC RC2): a sweep, so only overlapping pairs are looked at. */
function* linkedPairs(versions: readonly LocusVersion[], link: number): Generator<readonly [number, number]> {
  for (let i = 0; i < versions.length; i++) {
    const a = versions[i]!;
    for (let j = i + 1; j < versions.length && versions[j]!.start < a.end; j++) {
      const b = versions[j]!;
      const overlap = Math.min(a.end, b.end) - b.start;
      if (overlap / Math.min(a.end - a.start, b.end - b.start) >= link) yield [i, j];
    }
  }
}

function classify(versions: readonly LocusVersion[], exclusive: boolean, coderIds: readonly string[], theta: number): { flags: LocusType[]; missing: string[] } {
  const byCoder = new Map<string, LocusVersion[]>();
  for (const v of versions) byCoder.set(v.coderId, [...(byCoder.get(v.coderId) ?? []), v]);
  const codes = new Set(versions.map((v) => v.codeId));
  const missing = coderIds.filter((id) => !byCoder.has(id));
  const flags = new Set<LocusType>();
  if (exclusive && codes.size > 1) flags.add('codeConflict');
  if (missing.length > 0) flags.add('omission');
  for (const code of codes) {
    // Split vs merged: the coders who used the code did so with different numbers of codings.
    const counts = new Set([...byCoder.values()].map((list) => list.filter((v) => v.codeId === code).length).filter((n) => n > 0));
    if (counts.size > 1) flags.add('granularity');
  }
  // One code, the same number of codings per coder: their k-th codings are compared (k = 1 mostly).
  const lists = [...byCoder.values()];
  if (codes.size === 1 && !flags.has('granularity')) {
    let least = 1;
    for (let k = 0; k < lists[0]!.length; k++) {
      for (let i = 0; i < lists.length; i++) for (let j = i + 1; j < lists.length; j++) least = Math.min(least, iou(lists[i]![k]!, lists[j]![k]!));
    }
    if (least < theta) flags.add('boundary');
    else if (missing.length === 0) flags.add('agreed');
  }
  return { flags: precedence.filter((f) => flags.has(f)), missing };
}

const byPosition = (a: LocusVersion, b: LocusVersion) => a.start - b.start || a.end - b.end || a.coderId.localeCompare(b.coderId) || a.codingId.localeCompare(b.codingId);

/**
 * The disagreement loci of one document (SPEC RC1–RC4): per code domain, the connected components
 * of the link graph over every coder's codings, classified, with stable ids. Deterministic: sorted
 * by start, then end, then domain.
 *
 * @example
 * computeLoci({ documentId: 'P1', coderIds: ['A', 'B'], codes, codings }).map((l) => [l.type, l.start, l.end])
 * // [['granularity', 0, 260], ['boundary', 290, 430], ['omission', 440, 480], ['agreed', 500, 650]]
 */
export function computeLoci(input: LociInput, options: LociOptions = {}): Locus[] {
  const theta = options.theta ?? 0.9;
  const link = options.link ?? 0.5;
  const domains = codeDomains(input.codes);
  const byDomain = new Map<string, { exclusive: boolean; versions: LocusVersion[] }>();
  for (const coding of input.codings) {
    const domain = domains.get(coding.codeId);
    if (!domain || !(coding.end > coding.start)) continue;
    let entry = byDomain.get(domain.domainId);
    if (!entry) byDomain.set(domain.domainId, (entry = { exclusive: domain.exclusive, versions: [] }));
    entry.versions.push({ coderId: coding.coderId, codingId: coding.id, codeId: domain.codeId, appliedCodeId: coding.codeId, start: coding.start, end: coding.end });
  }
  const loci: Locus[] = [];
  for (const [domainId, { exclusive, versions }] of byDomain) {
    versions.sort(byPosition);
    for (const group of components(versions.length, linkedPairs(versions, link))) {
      const members = group.map((i) => versions[i]!).sort(byPosition);
      const { flags, missing } = classify(members, exclusive, input.coderIds, theta);
      loci.push({
        id: `locus-${stableHash([input.documentId, domainId, ...members.map((v) => v.codingId).sort()].join('\u0000'))}`,
        documentId: input.documentId,
        domainId,
        exclusive,
        type: flags[0]!,
        flags,
        codeIds: [...new Set(members.map((v) => v.codeId))].sort(),
        start: Math.min(...members.map((v) => v.start)),
        end: Math.max(...members.map((v) => v.end)),
        versions: members,
        missingCoderIds: missing,
      });
    }
  }
  return loci.sort((a, b) => a.start - b.start || a.end - b.end || a.domainId.localeCompare(b.domainId));
}
