/**
 * The documents an owner has ticked in the documents table, for the actions on many documents at
 * once (add to a set, remove from one, assign). Only documents on screen stay ticked: a filter that
 * hides one unticks it, so an action never reaches a document one cannot see.
 */
export class DocumentSelection {
  ids = $state.raw<ReadonlySet<string>>(new Set());

  get size(): number {
    return this.ids.size;
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  toggle(id: string, on: boolean): void {
    this.setMany([id], on);
  }

  setMany(ids: readonly string[], on: boolean): void {
    const next = new Set(this.ids);
    for (const id of ids) {
      if (on) next.add(id);
      else next.delete(id);
    }
    this.ids = next;
  }

  clear(): void {
    if (this.ids.size > 0) this.ids = new Set();
  }

  /** Unticks every document not among `shown` (filtered out, or deleted). */
  keepOnly(shown: readonly string[]): void {
    const visible = new Set(shown);
    if ([...this.ids].every((id) => visible.has(id))) return;
    this.ids = new Set([...this.ids].filter((id) => visible.has(id)));
  }
}
