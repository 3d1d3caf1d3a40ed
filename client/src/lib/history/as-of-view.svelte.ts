import type { CodingsAsOf } from '../../../../shared/api/index.ts';
import { toApiError, type ApiError } from '../api-error.ts';
import type { AsOfReader } from './as-of-reader.ts';

/** How long the scrubber must rest on an event before it is read (dragging passes many). */
const settleMs = 150;

/**
 * "View the document as of this event": which document, which event (seq), and its codings per
 * layer as the server folds them from the history. Answers to earlier positions of the scrubber
 * that arrive late are dropped.
 */
export class AsOfView {
  documentId = $state<string | null>(null);
  seq = $state<number | null>(null);
  result = $state.raw<CodingsAsOf | null>(null);
  loading = $state(false);
  error = $state.raw<ApiError | null>(null);
  /** Bumped when the view opens, so the panel takes focus. */
  focusRequest = $state(0);
  readonly isOpen: boolean = $derived(this.documentId !== null && this.seq !== null);
  #reader: AsOfReader;
  #issued = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(reader: AsOfReader) {
    this.#reader = reader;
  }

  open(documentId: string, seq: number): void {
    const moving = this.documentId === documentId;
    this.documentId = documentId;
    if (!moving) this.result = null;
    this.focusRequest += 1;
    this.#go(seq, 0);
  }

  /** The scrubber moved: read once it rests. */
  moveTo(seq: number): void {
    if (this.documentId !== null) this.#go(seq, settleMs);
  }

  retry(): void {
    if (this.seq !== null) this.#go(this.seq, 0);
  }

  close(): void {
    this.#clearTimer();
    this.#issued += 1;
    this.documentId = null;
    this.seq = null;
    this.result = null;
    this.error = null;
    this.loading = false;
  }

  #go(seq: number, delay: number): void {
    this.seq = seq;
    this.#clearTimer();
    const issued = ++this.#issued;
    this.loading = true;
    this.#timer = setTimeout(() => void this.#read(issued), delay);
  }

  async #read(issued: number): Promise<void> {
    const { documentId, seq } = this;
    if (documentId === null || seq === null) return;
    try {
      const result = await this.#reader.read(documentId, seq);
      if (issued !== this.#issued) return;
      this.result = result;
      this.error = null;
    } catch (error) {
      if (issued !== this.#issued) return;
      this.error = toApiError(error);
    } finally {
      if (issued === this.#issued) this.loading = false;
    }
  }

  #clearTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  destroy(): void {
    this.close();
  }
}
