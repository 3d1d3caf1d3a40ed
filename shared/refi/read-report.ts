import type { RefiSkipped } from './refi-model.ts';

/** Listed one by one up to this many; past it, one line counts the rest (a 6,000-coding file could list thousands). */
const maxListed = 2_000;
/** Names shown in one grouped warning before "and N more". */
const namesPerWarning = 5;

/**
 * What a reader collects while it reads: `skipped` (data not brought into the model, each listed)
 * and `warnings` (things changed on the way, grouped by kind and reason).
 */
export class ReadReport {
  private readonly skippedItems: RefiSkipped[] = [];
  private unlisted = 0;
  private readonly warningGroups = new Map<string, { kind: string; reason: string; names: string[]; count: number }>();

  skip(kind: string, name: string, reason: string): void {
    if (this.skippedItems.length < maxListed) this.skippedItems.push({ kind, name, reason });
    else this.unlisted++;
  }

  warn(kind: string, name: string, reason: string): void {
    const key = `${kind}\u0000${reason}`;
    const group = this.warningGroups.get(key) ?? { kind, reason, names: [], count: 0 };
    group.count++;
    if (group.names.length < namesPerWarning) group.names.push(name);
    this.warningGroups.set(key, group);
  }

  get skipped(): RefiSkipped[] {
    if (this.unlisted === 0) return [...this.skippedItems];
    return [...this.skippedItems, { kind: 'more', name: `${this.unlisted} more`, reason: `${this.unlisted} more items were skipped for the reasons above.` }];
  }

  get warnings(): RefiSkipped[] {
    return [...this.warningGroups.values()].map(({ kind, reason, names, count }) => ({
      kind,
      name: count > names.length ? `${names.join(', ')} and ${count - names.length} more` : names.join(', '),
      reason,
    }));
  }
}
