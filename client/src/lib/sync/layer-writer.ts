import { createSubscriber } from 'svelte/reactivity';
import * as Y from 'yjs';
import { addCoding, codingsMap, updateCoding } from '../../../../shared/ydoc/layer-doc.ts';
import { createSpanAnchor } from '../../../../shared/ydoc/span-anchor.ts';
import { transcriptText } from '../../../../shared/ydoc/transcript-doc.ts';

/** Random ids that work on plain-http origins too (`crypto.randomUUID` needs a secure context). */
export function createCodingId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(36).padStart(2, '0')).join('');
}

/**
 * Writes the signed-in coder's own layer (`shared/ydoc/layer-doc.ts`) and undoes/redoes those
 * writes. The undo manager is scoped to the layer's `codings` map and tracks only this writer's
 * origin, so undo never reverts what arrived from the server (e.g. the same coder in another tab).
 */
export class LayerWriter {
  /** The transaction origin of every write made here. */
  readonly origin = Symbol('own coding action');
  #layer: Y.Doc;
  #transcript: Y.Doc;
  #undo: Y.UndoManager;
  #listeners = new Set<() => void>();
  #subscribe = createSubscriber((update) => {
    this.#listeners.add(update);
    return () => this.#listeners.delete(update);
  });

  constructor(layer: Y.Doc, transcript: Y.Doc) {
    this.#layer = layer;
    this.#transcript = transcript;
    // captureTimeout 0: every action is its own undo step, however fast they come.
    this.#undo = new Y.UndoManager(codingsMap(layer), { trackedOrigins: new Set([this.origin]), captureTimeout: 0 });
    const notify = () => {
      for (const listener of this.#listeners) listener();
    };
    this.#undo.on('stack-item-added', notify);
    this.#undo.on('stack-item-popped', notify);
    this.#undo.on('stack-cleared', notify);
  }

  get canUndo(): boolean {
    this.#subscribe();
    return this.#undo.canUndo();
  }

  get canRedo(): boolean {
    this.#subscribe();
    return this.#undo.canRedo();
  }

  /** Codes [start, end) of the transcript; returns the new coding's id. */
  add(codeId: string, start: number, end: number, memo = ''): string {
    const id = createCodingId();
    const anchor = createSpanAnchor(transcriptText(this.#transcript), start, end);
    this.#layer.transact(() => addCoding(this.#layer, { id, codeId, anchor, memo, at: Date.now() }), this.origin);
    return id;
  }

  update(id: string, changes: { codeId?: string; memo?: string }): boolean {
    let done = false;
    this.#layer.transact(() => (done = updateCoding(this.#layer, id, changes, Date.now())), this.origin);
    return done;
  }

  /** Moves a coding to [start, end): resizing it, or re-anchoring an orphan to new text. */
  setSpan(id: string, start: number, end: number): boolean {
    const anchor = createSpanAnchor(transcriptText(this.#transcript), start, end);
    let done = false;
    this.#layer.transact(() => (done = updateCoding(this.#layer, id, { anchor }, Date.now())), this.origin);
    return done;
  }

  remove(id: string): boolean {
    const codings = codingsMap(this.#layer);
    if (!codings.has(id)) return false;
    this.#layer.transact(() => codings.delete(id), this.origin);
    return true;
  }

  /** Undoes the last own action; false when there is none. */
  undo(): boolean {
    return this.#undo.undo() !== null;
  }

  redo(): boolean {
    return this.#undo.redo() !== null;
  }

  destroy(): void {
    this.#listeners.clear();
    this.#undo.destroy();
  }
}
