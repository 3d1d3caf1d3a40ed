import type { ImportPlanReport, ProjectImportResponse } from '../../../../shared/api/index.ts';
import { formatCount } from '../format.ts';

/**
 * What the import report shows, made from any of the three import answers (a new project, a file
 * added to a project, a codebook): counts on top, then sections (added, already there, not
 * imported), each grouped by kind. One shape, so one component shows all three.
 */
export interface ImportReportView {
  readonly title: string;
  readonly counts: readonly ReportCount[];
  readonly sections: readonly ReportSection[];
  /** Set when the file brings nothing the project lacks: said in place of an empty report. */
  readonly nothingNew: string | null;
}

/** "12 codings": `value` shown large, `label` after it. */
export interface ReportCount {
  readonly value: number;
  readonly label: string;
}

export interface ReportSection {
  readonly key: 'added' | 'matched' | 'ignored' | 'changed';
  readonly heading: string;
  readonly note: string | null;
  readonly total: number;
  readonly groups: readonly ReportGroup[];
}

export interface ReportGroup {
  readonly kind: string;
  readonly label: string;
  readonly items: readonly ReportItem[];
}

export interface ReportItem {
  readonly name: string;
  /** Why it was matched or left out, or how many codings a coder layer brings. */
  readonly detail: string | null;
}

/** Anything a report lists: the plan's `ImportItem` and the new project's `skipped` entries both fit. */
export interface ReportSource {
  readonly kind: string;
  readonly name: string;
  readonly reason?: string | undefined;
  readonly codings?: number | undefined;
}

/** Kinds in the order a researcher thinks of a project: its texts, who coded, the codes, the codings, the rest. */
const kindLabels: ReadonlyMap<string, string> = new Map([
  ['document', 'Documents'],
  ['source', 'Sources'],
  ['layer', 'Coder layers'],
  ['user', 'Users'],
  ['code', 'Codes'],
  ['set', 'Code sets'],
  ['coding', 'Codings'],
  ['consensus', 'Consensus codings'],
  ['selection', 'Selections'],
  ['attribute', 'Attributes'],
  ['variable', 'Variables'],
  ['value', 'Attribute values'],
  ['case', 'Cases'],
  ['memo', 'Memos'],
  ['note', 'Notes'],
  ['file', 'Files'],
  ['entry', 'Archive entries'],
  ['element', 'Other parts of the file'],
  ['project', 'Project'],
]);
const kindOrder = [...kindLabels.keys()];
/** The reader's "and N more" line when it stopped listing: always last. */
const moreKind = 'more';

/** The heading of a kind's group: "Coder layers"; a kind this client does not know keeps its own name. */
export function kindLabel(kind: string): string {
  if (kind === moreKind) return 'Not listed';
  return kindLabels.get(kind) ?? `${kind.charAt(0).toUpperCase()}${kind.slice(1)}`;
}

function rank(kind: string): number {
  if (kind === moreKind) return Number.MAX_SAFE_INTEGER;
  const at = kindOrder.indexOf(kind);
  return at < 0 ? kindOrder.length : at;
}

/**
 * Items grouped by kind: known kinds in a fixed order (documents, layers, codes, codings …),
 * unknown ones after them alphabetically; items keep the file's order within their group.
 *
 * groupByKind([{ kind: 'code', name: 'Push' }, { kind: 'document', name: 'P07' }])
 * // [{ kind: 'document', label: 'Documents', items: [P07] }, { kind: 'code', label: 'Codes', items: [Push] }]
 */
export function groupByKind(items: readonly ReportSource[]): ReportGroup[] {
  const byKind = new Map<string, ReportItem[]>();
  for (const item of items) {
    const group = byKind.get(item.kind) ?? [];
    group.push({ name: item.name, detail: detailOf(item) });
    byKind.set(item.kind, group);
  }
  return [...byKind.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([kind, groupItems]) => ({ kind, label: kindLabel(kind), items: groupItems }));
}

function detailOf(item: ReportSource): string | null {
  const parts = [item.codings === undefined ? null : formatCount(item.codings, 'coding'), item.reason?.trim() || null].filter((part) => part !== null);
  return parts.length ? parts.join(' — ') : null;
}

/** Groups up to this long are shown whole; longer ones show their first `collapsedLength` items behind "Show all N". */
export const collapseAbove = 8;
export const collapsedLength = 5;

export function isCollapsible(group: ReportGroup): boolean {
  return group.items.length > collapseAbove;
}

export function visibleItems(group: ReportGroup, expanded: boolean): readonly ReportItem[] {
  return expanded || !isCollapsible(group) ? group.items : group.items.slice(0, collapsedLength);
}

function section(key: ReportSection['key'], heading: string, note: string | null, items: readonly ReportSource[]): ReportSection | null {
  if (items.length === 0) return null;
  return { key, heading, note, total: items.length, groups: groupByKind(items) };
}

function counts(entries: readonly [number, string, string][]): ReportCount[] {
  return entries.map(([value, one, many]) => ({ value, label: value === 1 ? one : many }));
}

const present = (sections: readonly (ReportSection | null)[]): ReportSection[] => sections.filter((s): s is ReportSection => s !== null);

/** `POST /api/projects/import`: what the new project holds, and what the file had that it does not. */
export function describeNewProject({ project, report }: ProjectImportResponse): ImportReportView {
  return {
    title: `Imported “${project.name}”`,
    counts: counts([
      [report.documents, 'document', 'documents'],
      [report.codes, 'code', 'codes'],
      [report.codings, 'coding', 'codings'],
      [report.layers, 'coder layer', 'coder layers'],
    ]),
    sections: present([section('ignored', 'Not imported', 'Parts of the file Accord does not take in, each with why.', report.skipped), changedSection(report.warnings ?? [])]),
    nothingNew: null,
  };
}

/** What the reader read differently from the file (a missing namespace, a coding without a user …): worth knowing, nothing lost. */
function changedSection(warnings: readonly ReportSource[]): ReportSection | null {
  return section('changed', 'Read with care', 'Imported, but read differently from what the file says; each says how.', warnings);
}

/** Into an existing project, or into its codebook: the preview (nothing changed yet) or the import done. */
export type PlanScope = 'project' | 'codebook';
export type PlanStage = 'preview' | 'final';

/** `POST …/import[?preview=1]` and `POST …/codebook/import[?preview=1]`: added, matched, ignored. */
export function describePlan(report: ImportPlanReport, stage: PlanStage, scope: PlanScope): ImportReportView {
  const preview = stage === 'preview';
  const where = scope === 'codebook' ? 'the codebook' : 'this project';
  const title = preview ? 'What this file brings' : scope === 'codebook' ? 'Imported into the codebook' : 'Imported into this project';
  const totals: [number, string, string][] =
    scope === 'codebook'
      ? [[report.codes, 'code', 'codes']]
      : [
          [report.documents, 'document', 'documents'],
          [report.codes, 'code', 'codes'],
          [report.layers, 'coder layer', 'coder layers'],
          [report.codings, 'coding', 'codings'],
        ];
  const nothingAdded = report.added.length === 0 && totals.every(([value]) => value === 0);
  return {
    title,
    counts: counts(totals),
    sections: present([
      section('added', preview ? 'To be added' : 'Added', null, report.added),
      section('matched', `Already in ${where}`, preview ? 'Found already; they are not added again. Each says how it was matched.' : 'Found already and left as they were. Each says how it was matched.', report.matched),
      section('ignored', preview ? 'Will not be imported' : 'Not imported', null, report.ignored),
      changedSection(report.warnings ?? []),
    ]),
    nothingNew: nothingAdded ? `This file brings nothing new: everything in it is already in ${where}${report.ignored.length ? ', or cannot be imported' : ''}.` : null,
  };
}
