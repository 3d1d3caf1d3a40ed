import type { CodingAsOf, CodingsAsOf } from '../../../../shared/api/index.ts';
import type { Api } from '../api.ts';

/**
 * Reads documents as of an event (`GET …/documents/:id/codings?asOf=<seq>`), keeping the last
 * few answers: the history is append-only, so a document at a seq never changes (only its text
 * is resolved against the current transcript). Shared by the rows' passages and the as-of view.
 */
export class AsOfReader {
  #cache = new Map<string, Promise<CodingsAsOf>>();

  constructor(
    private readonly api: Api,
    private readonly projectId: string,
    private readonly capacity = 40,
  ) {}

  read(documentId: string, seq: number): Promise<CodingsAsOf> {
    const key = `${documentId}@${seq}`;
    let answer = this.#cache.get(key);
    if (answer) {
      // Most recently used last.
      this.#cache.delete(key);
      this.#cache.set(key, answer);
      return answer;
    }
    answer = this.api.getCodingsAsOf(this.projectId, documentId, seq);
    this.#cache.set(key, answer);
    // A failure is not kept: the next look asks again.
    answer.catch(() => this.#cache.delete(key));
    while (this.#cache.size > this.capacity) this.#cache.delete(this.#cache.keys().next().value!);
    return answer;
  }
}

/** One coding of one layer (`consensus` or a coder's id) in an as-of answer, or null when absent or not readable. */
export function codingIn(result: CodingsAsOf, layer: string, codingId: string): CodingAsOf | null {
  const codings = layer === 'consensus' ? result.consensus : result.layers[layer];
  return codings?.find((c) => c.codingId === codingId) ?? null;
}
