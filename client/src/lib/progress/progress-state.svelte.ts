import type { CodingProgress } from '../../../../shared/api/index.ts';
import type { Api } from '../api.ts';
import { progressCounts, type ProgressCount } from './progress-counts.ts';

/**
 * Codings per coder per document for the documents table. Fetched when the project home opens and
 * then every 15 s while it stays open; a failed fetch keeps the last figures (progress is a hint,
 * not something to alarm anyone about).
 */
export class ProgressState {
  progress = $state.raw<CodingProgress | null>(null);

  constructor(
    private readonly api: Api,
    private readonly projectId: string,
  ) {}

  /** The largest count in the project, so bars are comparable across documents. */
  get max(): number {
    let max = 0;
    for (const row of this.progress?.documents ?? []) for (const n of Object.values(row.counts)) max = Math.max(max, n);
    return max;
  }

  countsFor(documentId: string): ProgressCount[] {
    return progressCounts(this.progress, documentId);
  }

  start(intervalMs = 15_000): () => void {
    const load = () =>
      this.api.progress(this.projectId).then(
        (progress) => (this.progress = progress),
        () => {},
      );
    void load();
    const timer = setInterval(load, intervalMs);
    return () => clearInterval(timer);
  }
}
