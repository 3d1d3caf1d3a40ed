import type { TranscriptUnit } from '../../../../shared/model/transcript.ts';
import { readTranscriptText } from '../../../../shared/ydoc/transcript-doc.ts';
import type { DocumentSession } from '../coding/document-session.svelte.ts';
import { applyTranscriptCorrection, CorrectionError, planCorrection, spansRemovedBy } from '../coding/transcript-correction.ts';
import { formatCount } from '../format.ts';

/** The origin of a correction's transaction, so observers can tell it from other changes. */
export const correctionOrigin = Symbol('transcript correction');

/** One passage being corrected: where it was when its editor opened, and what it said then. */
interface OpenPassage {
  readonly index: number;
  readonly start: number;
  readonly end: number;
  readonly base: string;
}

/**
 * The coding view's "Correct transcript" mode (owners): one passage (a transcript unit) is edited
 * at a time, saved as the smallest change to the `text:` room (`lib/coding/transcript-correction.ts`),
 * so codings stay on their words. A change that would remove the whole text of some codings says
 * so first; they are then listed as orphaned, never deleted.
 */
export class TranscriptCorrection {
  active = $state(false);
  passage = $state.raw<OpenPassage | null>(null);
  draft = $state('');
  error = $state<string | null>(null);
  /** Codings the draft would leave without text, asked about before saving. */
  orphaning = $state(0);
  /** Read out after a save. */
  announcement = $state('');
  /** The first passage corrected in this round of the mode: the transcript opens there again afterwards. */
  lastCorrected = $state<number | null>(null);

  readonly #session: DocumentSession;

  constructor(session: DocumentSession) {
    this.#session = session;
  }

  /** Why this person may not correct this transcript, or null when they may (a dropped connection is no reason: edits wait for it). */
  get deniedReason(): string | null {
    const session = this.#session;
    if (session.project?.role !== 'owner') return 'Only the project’s owners can correct transcripts.';
    if (session.round?.phase === 'locked') return 'This document’s round is locked: its transcript is final.';
    return session.text.state.readOnly;
  }

  /** Why the mode cannot be started now, or null when it can. */
  get blockedReason(): string | null {
    return this.deniedReason ?? (this.#session.text.state.synced ? null : 'The transcript is still loading.');
  }

  get canCorrect(): boolean {
    return this.blockedReason === null;
  }

  /** The draft differs from what the passage said when its editor opened. */
  get dirty(): boolean {
    return this.passage !== null && this.draft !== this.passage.base;
  }

  start(): void {
    if (!this.canCorrect) return;
    this.active = true;
    this.lastCorrected = null;
    this.announcement = '';
  }

  /** Leaves the mode; refused (false) while a passage has unsaved changes. */
  stop(): boolean {
    if (this.dirty) {
      this.error = 'Save or cancel the passage you are correcting first.';
      return false;
    }
    this.#close();
    this.active = false;
    return true;
  }

  /** Opens one passage's editor; refused (false) while another has unsaved changes. */
  open(index: number, unit: TranscriptUnit, text: string): boolean {
    if (this.passage?.index === index) return true;
    if (this.dirty) {
      this.error = 'Save or cancel the passage you are correcting first.';
      return false;
    }
    const base = text.slice(unit.start, unit.end);
    this.passage = { index, start: unit.start, end: unit.end, base };
    this.draft = base;
    this.error = null;
    this.orphaning = 0;
    return true;
  }

  cancel(): void {
    this.#close();
  }

  /**
   * Saves the open passage. `spans` are the codings (of the layers shown) over it; when the
   * draft would remove the whole text of some, the first save only asks (`orphaning`) and a
   * second confirms. True when the editor may close.
   */
  save(spans: readonly { readonly start: number; readonly end: number }[]): boolean {
    const passage = this.passage;
    if (!passage) return true;
    const doc = this.#session.text.doc;
    try {
      const edit = planCorrection(readTranscriptText(doc), { ...passage, text: this.draft });
      if (!edit) {
        this.#close();
        return true;
      }
      const orphaned = spansRemovedBy(edit, spans);
      if (orphaned > 0 && this.orphaning !== orphaned) {
        this.orphaning = orphaned;
        return false;
      }
      applyTranscriptCorrection(doc, { ...passage, text: this.draft }, correctionOrigin);
      this.lastCorrected ??= passage.index;
      this.announcement =
        orphaned > 0
          ? `Saved. ${formatCount(orphaned, 'coding')} lost all ${orphaned === 1 ? 'its' : 'their'} words and ${orphaned === 1 ? 'is' : 'are'} listed under Orphaned codings; the others moved with their words.`
          : 'Saved. Codings stay on their words.';
      this.#close();
      return true;
    } catch (error) {
      if (!(error instanceof CorrectionError)) throw error;
      this.error = error.message;
      this.orphaning = 0;
      return false;
    }
  }

  #close(): void {
    this.passage = null;
    this.draft = '';
    this.error = null;
    this.orphaning = 0;
  }
}

const corrections = new WeakMap<DocumentSession, TranscriptCorrection>();

/** The correction mode of one open transcript, shared by the toolbar's toggle and the view. */
export function transcriptCorrectionOf(session: DocumentSession): TranscriptCorrection {
  let correction = corrections.get(session);
  if (!correction) corrections.set(session, (correction = new TranscriptCorrection(session)));
  return correction;
}
