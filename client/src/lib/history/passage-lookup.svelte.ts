import { SvelteMap } from 'svelte/reactivity';
import type { CodingAsOf, HistoryEventView } from '../../../../shared/api/index.ts';
import { toApiError } from '../api-error.ts';
import { codingIn, type AsOfReader } from './as-of-reader.ts';
import type { EventPassages } from './event-sentence.ts';

/** A coding event's passage(s), looked up when its row is opened. */
export type PassageState =
  | { readonly status: 'loading' }
  /** `before`: the coding just before the event; `after`: just after (null where it did not exist or may not be read). */
  | { readonly status: 'ready'; readonly before: CodingAsOf | null; readonly after: CodingAsOf | null }
  | { readonly status: 'failed'; readonly message: string };

/** Whether a row can show its coded text: a coding event of a document that still exists. */
export function hasPassage(event: HistoryEventView): boolean {
  return event.type.startsWith('coding.') && !event.redacted && event.documentId !== null && event.codingId !== null && event.layer !== null;
}

/**
 * The coded text of coding events. The event holds anchors, not text, so the text is read from
 * the document as of the event (after it for additions and changes, just before it for removals
 * and the "before" of a change), only for rows someone opens.
 */
export class PassageLookup {
  #states = new SvelteMap<number, PassageState>();

  constructor(private readonly reader: AsOfReader) {}

  stateOf(seq: number): PassageState | undefined {
    return this.#states.get(seq);
  }

  /** The texts for the event's sentence, once known. */
  passagesOf(event: HistoryEventView): EventPassages {
    const state = this.#states.get(event.seq);
    if (state?.status !== 'ready') return {};
    return { before: state.before?.text ?? null, after: state.after?.text ?? null };
  }

  async load(event: HistoryEventView): Promise<void> {
    if (!hasPassage(event)) return;
    const current = this.#states.get(event.seq);
    if (current && current.status !== 'failed') return;
    this.#states.set(event.seq, { status: 'loading' });
    const { documentId, codingId, layer } = event as HistoryEventView & { documentId: string; codingId: string; layer: string };
    const at = (seq: number) => this.reader.read(documentId, seq).then((result) => codingIn(result, layer, codingId));
    try {
      const [before, after] = await Promise.all([event.type === 'coding.added' ? null : at(event.seq - 1), event.type === 'coding.removed' ? null : at(event.seq)]);
      this.#states.set(event.seq, { status: 'ready', before, after });
    } catch (error) {
      this.#states.set(event.seq, { status: 'failed', message: toApiError(error).message });
    }
  }
}
