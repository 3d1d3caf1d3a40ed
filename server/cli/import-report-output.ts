import type { ProjectImportPlanResponse, ProjectImportResponse } from '../../shared/api/index.ts';

/** Lines listed per kind before "… and N more": a file with 6,000 codings should not flood a terminal. */
export const itemsShownPerKind = 20;

/** An item of a report: `ImportItem`, or a `skipped` entry of a new-project import. */
type ListedItem = { readonly kind: string; readonly name: string; readonly reason?: string | undefined; readonly codings?: number | undefined };

const count = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

function itemLine(item: ListedItem): string {
  const codings = item.codings === undefined ? '' : ` (${count(item.codings, 'coding')})`;
  return `${item.name}${codings}${item.reason ? ` — ${item.reason}` : ''}`;
}

/**
 * Items under a heading, grouped by kind in first-seen order with a count each, at most
 * `itemsShownPerKind` lines per kind.
 *
 * @example
 * groupedItemLines('Added', [{ kind: 'document', name: 'P13' }])
 * // ['Added (1)', '  document (1)', '    P13']
 */
export function groupedItemLines(heading: string, items: readonly ListedItem[]): string[] {
  if (items.length === 0) return [`${heading}: none`];
  const byKind = new Map<string, ListedItem[]>();
  for (const item of items) {
    const list = byKind.get(item.kind);
    if (list) list.push(item);
    else byKind.set(item.kind, [item]);
  }
  const lines = [`${heading} (${items.length.toLocaleString('en')})`];
  for (const [kind, list] of byKind) {
    lines.push(`  ${kind} (${list.length.toLocaleString('en')})`);
    for (const item of list.slice(0, itemsShownPerKind)) lines.push(`    ${itemLine(item)}`);
    if (list.length > itemsShownPerKind) lines.push(`    … and ${(list.length - itemsShownPerKind).toLocaleString('en')} more (--json lists every one)`);
  }
  return lines;
}

/** `POST /api/projects/import`'s answer for people. */
export function newProjectImportLines(fileName: string, response: ProjectImportResponse): string[] {
  const { project, report } = response;
  return [
    `Imported ${fileName} as a new project "${project.name}" (id ${project.id}):`,
    `  ${count(report.documents, 'document')}, ${count(report.codes, 'code')}, ${count(report.layers, 'coder layer')}, ${count(report.codings, 'coding')} placed.`,
    ...groupedItemLines('Not imported', report.skipped),
  ];
}

/** `POST /api/projects/:id/import[?preview=1]`'s answer for people. */
export function projectImportPlanLines(fileName: string, response: ProjectImportPlanResponse): string[] {
  const { project, report, preview } = response;
  const totals = `${count(report.documents, 'document')}, ${count(report.codes, 'code')}, ${count(report.layers, 'coder layer')} and ${count(report.codings, 'coding')}`;
  return [
    preview
      ? `Preview of importing ${fileName} into "${project.name}" (id ${project.id}) — nothing was changed. It would add ${totals}.`
      : `Imported ${fileName} into "${project.name}" (id ${project.id}): added ${totals}.`,
    ...groupedItemLines(preview ? 'Would add' : 'Added', report.added),
    ...groupedItemLines('Already in the project', report.matched),
    ...groupedItemLines(preview ? 'Would not import' : 'Not imported', report.ignored),
  ];
}
