/**
 * Response bodies computed in the worker (reports, details), kept per key for one project version
 * at a time and bounded by their bytes (and count), least recently used out first. A body is
 * cached as a promise so concurrent requests share one computation; a failed one is dropped, so
 * the next request tries again.
 */
export class BodyCache {
  private readonly entries = new Map<string, { version: string; body: Promise<Uint8Array<ArrayBuffer>>; bytes: number }>();
  private bytes = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly maxEntries: number,
  ) {}

  /** The body for `key` at `version`, computing it with `compute` unless it is cached. */
  get(key: string, version: string, compute: () => Promise<Uint8Array<ArrayBuffer>>): Promise<Uint8Array<ArrayBuffer>> {
    const cached = this.entries.get(key);
    if (cached?.version === version) {
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached.body;
    }
    this.forget(key);
    const entry = { version, body: compute(), bytes: 0 };
    this.entries.set(key, entry);
    entry.body.then(
      (body) => {
        if (this.entries.get(key) !== entry) return;
        entry.bytes = body.byteLength;
        this.bytes += entry.bytes;
        this.trim();
      },
      () => {
        if (this.entries.get(key) === entry) this.forget(key);
      },
    );
    this.trim();
    return entry.body;
  }

  private trim(): void {
    for (const [oldest] of this.entries) {
      if (this.bytes <= this.maxBytes && this.entries.size <= this.maxEntries) break;
      this.forget(oldest);
    }
  }

  private forget(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }
}
