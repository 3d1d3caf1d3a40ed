import { createSubscriber } from 'svelte/reactivity';
import * as Y from 'yjs';
import type { Coding } from '../../../../shared/model/coding.ts';
import { codingsKey, codingsMap, readCodings, type StoredCoding } from '../../../../shared/ydoc/layer-doc.ts';
import { transcriptText } from '../../../../shared/ydoc/transcript-doc.ts';
import { createFrameCoalescer } from './frame-coalescer.ts';

/**
 * One layer's codings (`layer:` or `consensus:` room), resolved against the transcript, as a value
 * Svelte can read. Incremental: a change to some codings re-resolves only those (5,000 codings
 * take tens of milliseconds to resolve; one takes microseconds); a change to the transcript text
 * re-resolves them all, since every offset may have moved.
 *
 * Both paths go through `readCodings`, the schema's own reader: changed entries are copied into
 * a scratch doc and read from there, so no schema knowledge is duplicated here.
 *
 * Readers hear of this page's own changes at once (a coding made shows in the same frame), and
 * of changes from the server once per frame, however many messages brought them: another coder
 * (or an import) adding 50 codings a second would otherwise re-render the view 50 times a second.
 */
export class LayerCodings {
  readonly coderId: string;
  #layer: Y.Doc;
  #transcript: Y.Doc;
  #byId = new Map<string, Coding>();
  #all: readonly Coding[] = [];
  #fullRead = true;
  #changed = new Set<string>();
  #listeners = new Set<() => void>();
  #detach: () => void;
  #remote = createFrameCoalescer(() => this.#notify());
  #subscribe = createSubscriber((update) => {
    this.#listeners.add(update);
    return () => this.#listeners.delete(update);
  });

  constructor(layer: Y.Doc, transcript: Y.Doc, coderId: string) {
    this.#layer = layer;
    this.#transcript = transcript;
    this.coderId = coderId;
    const codings = codingsMap(layer);
    const text = transcriptText(transcript);
    const onCodings = (event: Y.YMapEvent<StoredCoding>) => {
      if (!this.#fullRead) for (const key of event.keysChanged) this.#changed.add(key);
      this.#changedBy(event.transaction);
    };
    const onText = (event: Y.YTextEvent) => {
      this.#fullRead = true;
      this.#changedBy(event.transaction);
    };
    codings.observe(onCodings);
    text.observe(onText);
    this.#detach = () => {
      codings.unobserve(onCodings);
      text.unobserve(onText);
    };
  }

  /** Every well-formed coding of the layer (orphaned ones included, flagged). */
  get current(): readonly Coding[] {
    this.#subscribe();
    this.#refresh();
    return this.#all;
  }

  get(id: string): Coding | undefined {
    this.#subscribe();
    this.#refresh();
    return this.#byId.get(id);
  }

  destroy(): void {
    this.#detach();
    this.#remote.cancel();
    this.#listeners.clear();
  }

  /** A change made on this page is shown at once; one from the server, with the others of its frame. */
  #changedBy(transaction: Y.Transaction): void {
    if (transaction.local) this.#remote.flushNow();
    else this.#remote.request();
  }

  #refresh(): void {
    // A large batch (the first sync, an import) is cheaper to read whole than entry by entry.
    if (this.#changed.size > 64 && this.#changed.size * 4 > this.#byId.size) this.#fullRead = true;
    if (this.#fullRead) {
      this.#byId = new Map(readCodings(this.#layer, this.#transcript, this.coderId).map((c) => [c.id, c]));
      this.#fullRead = false;
      this.#changed.clear();
      this.#all = [...this.#byId.values()];
      return;
    }
    if (this.#changed.size === 0) return;
    const source = codingsMap(this.#layer);
    // A fixed guid: a scratch doc is never shared, and a random one (uuidv4) was most of its cost.
    const scratch = new Y.Doc({ guid: 'layer-codings-scratch' });
    const copy = scratch.getMap(codingsKey);
    scratch.transact(() => {
      for (const id of this.#changed) {
        this.#byId.delete(id);
        const value = source.get(id);
        if (value !== undefined) copy.set(id, value);
      }
    });
    for (const coding of readCodings(scratch, this.#transcript, this.coderId)) this.#byId.set(coding.id, coding);
    scratch.destroy();
    this.#changed.clear();
    this.#all = [...this.#byId.values()];
  }

  #notify(): void {
    for (const listener of this.#listeners) listener();
  }
}
