/** Which column a table is sorted by, and which way. `key` null: the codebook's own order. */
export class TableSort {
  key = $state<string | null>(null);
  descending = $state(false);

  /** First click sorts a value column best-first (descending); the next click reverses; names go A–Z first. */
  toggle(key: string, firstDescending = true): void {
    if (this.key === key) this.descending = !this.descending;
    else {
      this.key = key;
      this.descending = firstDescending;
    }
  }

  ariaSort(key: string): 'ascending' | 'descending' | 'none' {
    return this.key !== key ? 'none' : this.descending ? 'descending' : 'ascending';
  }

  /**
   * Sorts rows by `value(row)`; rows without a value (undefined coefficients) always go last, in
   * their original order, whichever way the column is sorted.
   */
  apply<T>(rows: readonly T[], value: (row: T, key: string) => number | string | null): T[] {
    const key = this.key;
    if (key === null) return [...rows];
    const sign = this.descending ? -1 : 1;
    return rows
      .map((row, index) => ({ row, index, v: value(row, key) }))
      .sort((a, b) => {
        if (a.v === null || b.v === null) return a.v === null && b.v === null ? a.index - b.index : a.v === null ? 1 : -1;
        const order = typeof a.v === 'string' ? a.v.localeCompare(b.v as string, undefined, { numeric: true }) : a.v - (b.v as number);
        return order === 0 ? a.index - b.index : sign * order;
      })
      .map((x) => x.row);
  }
}
