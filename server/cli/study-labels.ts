import { CliError } from './cli-error.ts';
import type { StudyNames } from './read-qdpx-study.ts';

type Kind = keyof StudyNames;
const singular: Readonly<Record<Kind, string>> = { coders: 'coder', documents: 'document', codes: 'code' };

/** Each id's name, with the start of its id added where two share a name (so no line is ambiguous). */
function displayNames(names: Readonly<Record<string, string>>): Map<string, string> {
  const count = new Map<string, number>();
  for (const name of Object.values(names)) count.set(name, (count.get(name) ?? 0) + 1);
  return new Map(Object.entries(names).map(([id, name]) => [id, count.get(name)! > 1 ? `${name} (${id.slice(0, 8)})` : name]));
}

/**
 * How a report's ids read to people: a `.qdpx` study's ids are GUIDs, so its coders, documents
 * and codes print by name; a study without names prints its ids. Also reads names given on the
 * command line (`--coders "Ana Ortiz,Ben Kim"`) back into ids.
 *
 * @example
 * const labels = new StudyLabels({ coders: { g1: 'Ana' }, documents: {}, codes: { g2: 'Push' } });
 * labels.level('g2@90%') // 'Push@90%'
 */
export class StudyLabels {
  private readonly display: Readonly<Record<Kind, Map<string, string>>>;

  constructor(private readonly names: StudyNames | undefined) {
    this.display = {
      coders: displayNames(names?.coders ?? {}),
      documents: displayNames(names?.documents ?? {}),
      codes: displayNames(names?.codes ?? {}),
    };
  }

  of(kind: Kind, id: string): string {
    return this.display[kind].get(id) ?? id;
  }

  /** A result's level with a code id in it (a per-code level, `CODE@T%`) named; other levels as they are. */
  level(level: string | null): string | null {
    if (level === null) return null;
    const threshold = /^(.*)(@[0-9.]+%)$/.exec(level);
    if (threshold && this.display.codes.has(threshold[1]!)) return `${this.of('codes', threshold[1]!)}${threshold[2]}`;
    return this.display.codes.get(level) ?? level;
  }

  /**
   * Ids for a list of ids or names from the command line: an id stays, a name becomes its id. Without
   * names (a JSON study) the list is returned as it is, for the report to check.
   */
  resolve(kind: Kind, entries: readonly string[] | undefined): string[] | undefined {
    const names = this.names?.[kind];
    if (entries === undefined || names === undefined) return entries === undefined ? undefined : [...entries];
    return entries.map((entry) => {
      if (entry in names) return entry;
      const ids = Object.keys(names).filter((id) => names[id] === entry || this.display[kind].get(id) === entry);
      if (ids.length === 1) return ids[0]!;
      const known = [...this.display[kind].values()].map((n) => `"${n}"`).join(', ');
      if (ids.length === 0) throw new CliError('usage', `--${kind}: the file has no ${singular[kind]} named "${entry}" (it has ${known || 'none'})`);
      throw new CliError('usage', `--${kind}: ${ids.length} ${kind} are named "${entry}"; give one of their ids (${ids.join(', ')})`);
    });
  }
}
