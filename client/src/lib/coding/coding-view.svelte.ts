import type { Code } from '../../../../shared/model/codebook.ts';
import { codeTree } from '../../../../shared/model/codebook.ts';
import type { Coding } from '../../../../shared/model/coding.ts';
import { CodebookWriter } from '../sync/codebook-writer.ts';
import { createCodingId } from '../sync/layer-writer.ts';
import { codeNamed, inVivoParentName, paletteCode, planInVivo, tidyName } from './code-creation.ts';
import { CodingIndex, type PlacedCoding } from './coding-index.ts';
import { commandFor, isTypingTarget } from './keyboard.ts';
import { filterTree, flattenTree, pinnedCodes, rankCodes } from './code-list.ts';
import type { DocumentSession } from './document-session.svelte.ts';
import type { LayerRoom } from './layer-room.svelte.ts';
import { paletteMenu } from './palette-options.ts';
import { PaletteState, type PaletteSpot } from './palette-state.svelte.ts';
import { extendHead, moveCaret, trimRange, unitContentStart, unitIndexAt, type StepSize } from './selection-steps.ts';
import type { TextRange } from './text-selection.ts';
import { LayoutBatch } from './layout-batch.ts';
import { labelParts, type LabelPart } from './unit-label.ts';
import type { RemoteMark } from './unit-segments.ts';
import { VirtualList } from './virtual-list.svelte.ts';

export interface SelectedCoding {
  readonly layerKey: string;
  readonly codingId: string;
}

export interface OrphanedCoding {
  readonly layer: LayerRoom;
  readonly coding: Coding;
}

/** A selection made (or taken over) with keys: `anchor` stays, `head` moves; a caret when they meet. */
export interface KeySelection {
  readonly anchor: number;
  readonly head: number;
}

/** Codes the palette lists at most (the filter finds the rest). */
export const paletteMaxCodes = 10;

/** Line height and measure of the transcript, for estimating rows before they are measured. */
const estimatedCharsPerLine = 68;
const estimatedLinePx = 27;
const estimatedRowPaddingPx = 22;

/**
 * The coding view's state: what is shown (layers, codes, index), what is selected (text, coding),
 * and the coder's actions on their own layer. Components render it and call its methods; only
 * `lib/sync` touches Yjs.
 */
export class CodingView {
  readonly session: DocumentSession;
  readonly list = new VirtualList();
  readonly palette = new PaletteState();
  /** Margin bars of all rows on screen are measured together (one layout per batch). */
  readonly layout = new LayoutBatch();
  /** Codebook search (left column). */
  search = $state('');
  /** The text range the palette or a digit key will code. */
  pending = $state.raw<TextRange | null>(null);
  /**
   * The keyboard's caret and selection, when the coder selects with keys (`s`, Shift+arrows); it
   * sets `pending` like a mouse selection does, and is drawn as one. Null otherwise.
   */
  keySelection = $state.raw<KeySelection | null>(null);
  /** Bumped after each key step: the transcript scrolls the caret into view and moves an open palette. */
  caretRevealRequest = $state(0);
  /**
   * Where the palette goes for a range, in content pixels (below its last line), or null when the
   * range is not rendered. Set by the transcript, which has the elements to measure.
   */
  locateRange: ((range: TextRange) => PaletteSpot | null) | null = null;
  /** The passage the page was opened at (`?at=start-end`), framed until Esc. */
  focusRange = $state.raw<TextRange | null>(null);
  /**
   * A coding of the own layer waiting for its new span: the next text selection resizes it (or
   * re-anchors it, when it was orphaned) instead of opening the palette.
   */
  spanEdit = $state.raw<{ readonly codingId: string; readonly label: string } | null>(null);
  selected = $state.raw<SelectedCoding | null>(null);
  cardOpen = $state(false);
  /** The card's vertical position, in content pixels of the transcript. */
  cardY = $state(0);
  /** Ask the card to focus its memo field when it opens (`m`). */
  cardFocusMemo = $state(false);
  /** Bumped each time the card is opened (again), so it takes focus even when already open. */
  cardFocusRequest = $state(0);
  helpOpen = $state(false);
  /** The code whose definition is shown (hover or focus in the codebook), at viewport (left, top). */
  definition = $state.raw<{ code: Code; left: number; top: number } | null>(null);
  /** Narrow windows: the codebook is a drawer. */
  codebookOpen = $state(false);
  /** A quiet sentence for the status line (and screen readers): "Coded as Push." */
  announcement = $state('');
  /** Bumped to ask the codebook search box, or the transcript, to take focus. */
  focusSearchRequest = $state(0);
  focusTranscriptRequest = $state(0);

  readonly transcript = $derived.by(() => this.session.transcript.current);
  readonly codes: readonly Code[] = $derived.by(() => this.session.codes.current);
  readonly codeById: ReadonlyMap<string, Code> = $derived(new Map(this.codes.map((c) => [c.id, c])));
  readonly tree = $derived(codeTree(this.codes));
  readonly flat = $derived(flattenTree(this.tree));
  readonly pinned = $derived(pinnedCodes(this.flat));
  readonly filteredTree = $derived(filterTree(this.tree, this.search));
  readonly paletteCodes = $derived(rankCodes(this.flat, this.palette.filter));
  /**
   * Why this coder may not add codes to the codebook now (role, the project's codebook-editing
   * setting, the room's own refusal); null when they may. The server checks it too.
   */
  readonly codebookEditNotice: string | null = $derived.by(() => {
    const project = this.session.project;
    if (!project) return 'The project is still loading.';
    if (project.role === 'viewer') return 'Viewers cannot add codes.';
    if (project.role === 'coder' && !project.codersEditCodebook) return 'Only the project’s owners can add codes: its settings keep coders from editing the codebook.';
    const state = this.session.codebook.state;
    if (state.readOnly) return state.readOnly;
    if (state.status === 'refused') return state.reason ?? 'The codebook cannot be changed now.';
    return null;
  });
  readonly canAddCodes: boolean = $derived(this.codebookEditNotice === null);
  /** The palette's options: matching codes, in vivo, and "Create" for a new name. */
  readonly paletteMenu = $derived.by(() =>
    paletteMenu({
      ranked: this.paletteCodes,
      codes: this.codes,
      filter: this.palette.filter,
      selectedText: this.pending ? this.transcript.text.slice(this.pending.start, this.pending.end) : '',
      canAddCodes: this.canAddCodes,
      maxCodes: paletteMaxCodes,
    }),
  );
  readonly visibleLayers: readonly LayerRoom[] = $derived.by(() => this.session.layers.filter((l) => l.visible && !l.hiddenReason && !l.problem));
  readonly index: CodingIndex = $derived.by(() => {
    // Built on the last index, so rows whose codings did not change keep their arrays (CodingIndex).
    const index = new CodingIndex(
      this.transcript.units,
      this.visibleLayers.map((l) => ({ key: l.key, codings: l.currentCodings })),
      this.#lastIndex,
    );
    this.#lastIndex = index;
    return index;
  });
  #lastIndex: CodingIndex | undefined = undefined;
  /** Codings per code in this document, over the visible layers. */
  readonly counts: ReadonlyMap<string, number> = $derived.by(() => {
    const counts = new Map<string, number>();
    for (const p of this.index.ordered) counts.set(p.coding.codeId, (counts.get(p.coding.codeId) ?? 0) + 1);
    return counts;
  });
  readonly orphaned: readonly OrphanedCoding[] = $derived.by(() => {
    // Before the transcript has arrived every anchor looks orphaned: wait for it.
    if (!this.session.text.state.synced && this.transcript.text.length === 0) return [];
    return this.visibleLayers.flatMap((layer) => layer.currentCodings.filter((c) => c.orphaned).map((coding) => ({ layer, coding })));
  });
  readonly remoteMarks: readonly RemoteMark[] = $derived.by(() =>
    this.session.presence.others.flatMap((p) =>
      p.selection ? [{ key: String(p.clientId), name: p.user.name, colour: p.user.colour, start: p.selection.start, end: p.selection.end }] : [],
    ),
  );
  readonly selectedPlaced: PlacedCoding | undefined = $derived(this.selected ? this.index.find(this.selected.layerKey, this.selected.codingId) : undefined);
  readonly selectedLayer: LayerRoom | undefined = $derived.by(() => this.selected ? this.session.layers.find((l) => l.key === this.selected!.layerKey) : undefined);
  /** Until the project (and so the role) and the document's round are known, nothing is written. */
  readonly canCode: boolean = $derived.by(() => this.session.project !== null && this.session.roundKnown && (this.session.own?.canWrite ?? false));
  readonly lanes: readonly LayerRoom[] = $derived(this.visibleLayers);
  readonly hasCueTimes: boolean = $derived(this.transcript.units.some((u) => u.kind === 'cue' && u.startTime !== undefined));
  #labels = new Map<number, LabelPart[]>();
  #labelsFor: unknown = null;

  #codebook: CodebookWriter;

  constructor(session: DocumentSession) {
    this.session = session;
    this.#codebook = new CodebookWriter(session.codebook.doc);
  }

  /** Re-sizes the virtual list when the units change (a new transcript arrived). */
  syncRows(): void {
    const units = this.transcript.units;
    const text = this.transcript.text;
    this.list.reset(units.length, (i) => {
      const unit = units[i]!;
      let lines = 0;
      let lineStart = unit.start;
      while (lineStart <= unit.end) {
        const newline = text.indexOf('\n', lineStart);
        const lineEnd = newline === -1 || newline > unit.end ? unit.end : newline;
        lines += Math.max(1, Math.ceil((lineEnd - lineStart) / estimatedCharsPerLine));
        lineStart = lineEnd + 1;
      }
      return lines * estimatedLinePx + estimatedRowPaddingPx;
    });
  }

  /** Speaker-label parts of unit `index` (cached until the transcript changes). */
  labelsOf(index: number): readonly LabelPart[] {
    if (this.#labelsFor !== this.transcript) {
      this.#labels.clear();
      this.#labelsFor = this.transcript;
    }
    let parts = this.#labels.get(index);
    if (!parts) {
      const unit = this.transcript.units[index];
      parts = unit ? labelParts(this.transcript.text, unit) : [];
      this.#labels.set(index, parts);
    }
    return parts;
  }

  colourOf = (codeId: string): string => this.codeById.get(codeId)?.colour ?? '#999999';

  layerName(layerKey: string): string {
    return this.session.layers.find((l) => l.key === layerKey)?.name ?? 'Unknown coder';
  }

  // --- selection of text -------------------------------------------------------------------

  /** The coder selected text: remember it, tell the others, and open the palette at (x, y). */
  selectText(range: TextRange | null, at?: PaletteSpot): void {
    // The mouse took over (or clicked elsewhere): the keyboard's caret goes.
    this.keySelection = null;
    if (range && this.spanEdit) {
      const { codingId, label } = this.spanEdit;
      this.spanEdit = null;
      const writer = this.session.own?.writer;
      if (writer?.setSpan(codingId, range.start, range.end)) {
        this.announce(`${label} now covers “${this.excerpt(range.start, range.end)}”. Ctrl+Z undoes it.`);
        window.getSelection()?.removeAllRanges();
        return;
      }
    }
    this.pending = range;
    this.session.presence.setSelection(range);
    if (range && at && this.canCode) {
      this.cardOpen = false;
      this.palette.show(at);
    } else if (!range) {
      this.palette.close();
    }
  }

  /** Drops the selection; a selection made with keys leaves its caret where its moving end was. */
  clearTextSelection(): void {
    this.pending = null;
    this.palette.close();
    this.session.presence.setSelection(null);
    window.getSelection()?.removeAllRanges();
    const keys = this.keySelection;
    if (keys) this.keySelection = { anchor: keys.head, head: keys.head };
  }

  // --- selecting with keys ----------------------------------------------------------------------

  /** `s`: a caret at the start of the turn holding the caret, or of the first turn (or sentence of a long one) in view. */
  startCaret(): void {
    if (this.transcript.units.length === 0) return;
    const at = this.keySelection ? unitContentStart(this.transcript, unitIndexAt(this.transcript, this.keySelection.head)) : this.#startInView();
    this.#setKeySelection(at, at);
  }

  /**
   * Shift + arrows / Page keys: moves the selection's moving end by a word, sentence or turn. It
   * starts from the caret, else takes over the selection made with the mouse, else starts at the
   * turn in view.
   */
  extendSelection(by: StepSize, direction: 1 | -1): void {
    if (this.transcript.units.length === 0) return;
    let from = this.keySelection;
    if (!from && this.pending) from = { anchor: this.pending.start, head: this.pending.end };
    if (!from) {
      const at = this.#startInView();
      from = { anchor: at, head: at };
    }
    this.#setKeySelection(from.anchor, extendHead(this.transcript, from.head, by, direction));
  }

  /** Arrows / Page keys with a caret: moves it (a selection collapses). False when there is no caret. */
  moveCaret(by: StepSize, direction: 1 | -1): boolean {
    const from = this.keySelection;
    if (!from) return false;
    const at = moveCaret(this.transcript, from.head, by, direction);
    this.#setKeySelection(at, at);
    return true;
  }

  dropCaret(): void {
    this.keySelection = null;
  }

  #setKeySelection(anchor: number, head: number): void {
    this.keySelection = { anchor, head };
    // Drawn as `pending`, like the mouse's selection once made; the browser's own highlight would
    // disagree with it (and cannot span rows that are not rendered).
    window.getSelection()?.removeAllRanges();
    const range = trimRange(this.transcript.text, anchor, head);
    this.pending = range;
    this.session.presence.setSelection(range);
    if (!range && this.palette.open) {
      this.palette.close();
      // The palette had the keyboard: give it back to the transcript.
      this.focusTranscriptRequest += 1;
    }
    this.caretRevealRequest += 1;
    if (range) {
      const next = this.canCode ? ' Type a code, a digit, v (in vivo) or Enter.' : '';
      this.announce(`Selected “${this.#ends(range)}”.${next}`);
    } else {
      this.announce(`Caret before “${this.excerpt(head, head + 40, 24)}”. Shift+→ word, Shift+↓ sentence, Shift+PgDn turn; Esc leaves.`);
    }
  }

  /** A long selection as its first and last words ("They pushed … Everybody went"): where it ends matters when extending it. */
  #ends(range: TextRange): string {
    if (range.end - range.start <= 48) return this.excerpt(range.start, range.end, 48);
    const tail = this.transcript.text.slice(range.end - 22, range.end).replace(/\s+/g, ' ').replace(/^\S*\s/, '');
    return `${this.excerpt(range.start, range.start + 22, 22).replace(/…$/, '').replace(/\s\S*$/, '')} … ${tail}`;
  }

  /**
   * Where a selection with keys starts when there is no caret: the start of the first turn in
   * view — or, when a long turn fills the top of the screen with its start scrolled past, the
   * first sentence starting near the top (placed by the share of the row scrolled past).
   */
  #startInView(): number {
    const list = this.list;
    const t = this.transcript;
    if (list.count === 0) return 0;
    const index = list.indexAt(list.scrollTop);
    const top = list.offsetOf(index);
    if (top >= list.scrollTop - 1) return unitContentStart(t, index);
    if (index + 1 < list.count && list.offsetOf(index + 1) < list.scrollTop + list.viewportHeight / 2) return unitContentStart(t, index + 1);
    const unit = t.units[index]!;
    const share = (list.scrollTop - top) / Math.max(1, list.heightOf(index));
    const guess = Math.round(unit.start + share * (unit.end - unit.start));
    const next = moveCaret(t, guess, 'sentence', 1);
    return next > guess && next < unit.end ? next : unitContentStart(t, index);
  }

  /** Opens the palette at the pending selection (made with keys: there is no mouse position). */
  openPalette(focus: 'palette' | 'filter' | 'memo', filter = ''): void {
    const range = this.pending;
    if (!range || !this.canCode) return;
    const spot = this.locateRange?.(range) ?? { x: 16, y: this.list.scrollTop + 16, above: this.list.scrollTop + 16 };
    this.cardOpen = false;
    this.palette.show(spot, focus, filter);
  }

  // --- coding actions (own layer only) -------------------------------------------------------

  /** Codes the pending selection with `codeId`; returns false (and says why) when it cannot. */
  apply(codeId: string, memo = ''): boolean {
    const code = this.codeById.get(codeId);
    if (!this.#canApply()) return false;
    return code ? this.#applyCode(code, memo) : false;
  }

  /**
   * "Create “…”" in the palette: adds a code of that name to the shared codebook (the least-used
   * colour, top level) and codes the pending selection with it. Undo removes the coding; the code
   * stays. A name that is a code's already just applies that code.
   */
  createAndApply(name: string, memo = ''): boolean {
    if (!this.#canApply()) return false;
    const existing = codeNamed(this.codes, name, { shortNames: true });
    if (existing) return this.#applyCode(existing, memo);
    if (!tidyName(name)) return false;
    if (!this.canAddCodes) {
      this.announce(this.codebookEditNotice ?? 'You cannot add codes to this codebook.');
      return false;
    }
    const code = paletteCode({ name, parentId: null }, this.codes, this.#made());
    this.#codebook.add(code);
    return this.#applyCode(code, memo, `Created the code “${code.name}” and coded the passage with it${memo.trim() ? ', with a memo' : ''}. Ctrl+Z removes the coding; the code stays in the codebook.`);
  }

  /**
   * In-vivo coding (`v`, or the palette's "In vivo" option): a code named from the selected words,
   * under the "In vivo" parent (made once when missing), applied to the selection. A code of that
   * name already in the codebook is applied instead of a second one.
   */
  codeInVivo(memo = ''): boolean {
    if (!this.#canApply()) return false;
    const range = this.pending!;
    const plan = planInVivo(this.transcript.text.slice(range.start, range.end), this.codes, this.#made());
    if (!plan.code) {
      this.announce('The selection has no words to name a code with.');
      return false;
    }
    if (plan.add.length > 0 && !this.canAddCodes) {
      this.announce(this.codebookEditNotice ?? 'You cannot add codes to this codebook.');
      return false;
    }
    for (const code of plan.add) this.#codebook.add(code);
    const created = plan.add.length > 0 ? `Created the in-vivo code “${plan.code.name}” under ${inVivoParentName} and coded the passage with it${memo.trim() ? ', with a memo' : ''}. Ctrl+Z removes the coding; the code stays in the codebook.` : undefined;
    return this.#applyCode(plan.code, memo, created);
  }

  #made() {
    return { id: createCodingId(), userId: this.session.user.id, now: new Date() };
  }

  /** Whether the pending selection can be coded now; says why not. */
  #canApply(): boolean {
    if (!this.canCode || !this.session.own?.writer) {
      this.announce(this.readOnlyNotice ?? 'You cannot code in this document.');
      return false;
    }
    if (!this.pending) {
      this.announce('Select a passage of the transcript first, then choose a code.');
      return false;
    }
    return true;
  }

  #applyCode(code: Code, memo: string, announcement?: string): boolean {
    const own = this.session.own!;
    const range = this.pending!;
    const byKeys = this.keySelection !== null;
    const id = own.writer!.add(code.id, range.start, range.end, memo.trim());
    this.clearTextSelection();
    // Coding with keys goes on from the end of what was coded.
    if (byKeys) this.keySelection = { anchor: range.end, head: range.end };
    this.selected = { layerKey: own.key, codingId: id };
    this.announce(announcement ?? `Coded as ${code.name}${memo.trim() ? ', with a memo' : ''}. Ctrl+Z undoes it.`);
    return true;
  }

  /** Applies pinned code `n` (1–9) to the pending selection. */
  applyPinned(n: number): boolean {
    const code = this.pinned[n - 1];
    return code ? this.apply(code.id) : false;
  }

  removeSelected(): void {
    const layer = this.selectedLayer;
    const selected = this.selected;
    if (!selected || !layer?.canWrite || !layer.writer) return;
    const coding = layer.codings?.get(selected.codingId);
    if (layer.writer.remove(selected.codingId)) {
      this.selected = null;
      this.cardOpen = false;
      this.announce(`Removed the ${this.codeById.get(coding?.codeId ?? '')?.name ?? ''} coding. Ctrl+Z brings it back.`);
    }
  }

  /** Waits for the next text selection to become this own coding's span (Esc cancels). */
  startSpanEdit(codingId: string): void {
    const own = this.session.own;
    const coding = own?.codings?.get(codingId);
    if (!own?.canWrite || !coding) return;
    const label = `The ${this.codeById.get(coding.codeId)?.name ?? ''} coding`;
    this.spanEdit = { codingId, label };
    this.cardOpen = false;
    this.announce(`Select the text ${label.toLowerCase()} should cover. Esc cancels.`);
  }

  cancelSpanEdit(): void {
    if (!this.spanEdit) return;
    this.spanEdit = null;
    this.announce('Span unchanged.');
  }

  removeOrphaned(item: OrphanedCoding): void {
    if (!item.layer.canWrite || !item.layer.writer) return;
    if (item.layer.writer.remove(item.coding.id)) this.announce('Removed the orphaned coding. Ctrl+Z brings it back.');
  }

  changeCode(codeId: string): void {
    const layer = this.selectedLayer;
    if (!this.selected || !layer?.canWrite || !layer.writer) return;
    layer.writer.update(this.selected.codingId, { codeId });
    this.announce(`Changed to ${this.codeById.get(codeId)?.name ?? 'another code'}.`);
  }

  setMemo(memo: string): void {
    const layer = this.selectedLayer;
    if (!this.selected || !layer?.canWrite || !layer.writer) return;
    const current = layer.codings?.get(this.selected.codingId);
    if (current && current.memo === memo) return;
    layer.writer.update(this.selected.codingId, { memo });
    this.announce('Memo saved.');
  }

  undo(): void {
    // A frozen layer (submitted, revealed) is not changed by undoing either.
    if (!this.canCode) return this.announce(this.readOnlyNotice ?? 'Nothing to undo.');
    const writer = this.session.own?.writer;
    if (writer?.undo()) this.announce('Undone.');
    else this.announce('Nothing to undo.');
  }

  redo(): void {
    if (!this.canCode) return this.announce(this.readOnlyNotice ?? 'Nothing to redo.');
    const writer = this.session.own?.writer;
    if (writer?.redo()) this.announce('Redone.');
    else this.announce('Nothing to redo.');
  }

  // --- selecting codings ----------------------------------------------------------------------

  select(layerKey: string, codingId: string, options: { card?: boolean; cardY?: number; focusMemo?: boolean } = {}): void {
    this.selected = { layerKey, codingId };
    if (options.cardY !== undefined) this.cardY = options.cardY;
    if (options.card) {
      this.palette.close();
      this.cardFocusMemo = options.focusMemo ?? false;
      this.cardOpen = true;
      this.cardFocusRequest += 1;
    }
  }

  deselect(): void {
    this.selected = null;
    this.cardOpen = false;
  }

  /**
   * Shows the passage [start, end): framed, scrolled into view, and said aloud — for links from
   * elsewhere (a pathway's quote, a lane's run). Offsets outside the transcript are clipped; a
   * passage that no longer exists (the text was shortened) is announced as such.
   */
  showPassage(start: number, end: number): void {
    const length = this.transcript.text.length;
    const from = Math.max(0, Math.min(start, length));
    const to = Math.max(from, Math.min(end, length));
    if (to <= from) {
      this.announce('That passage is no longer in the transcript.');
      return;
    }
    this.focusRange = { start: from, end: to };
    const unit = this.index.unitAt(from);
    if (!this.list.isRowVisible(unit)) this.list.scrollToRow(unit);
    this.announce(`Showing characters ${from}–${to}: “${this.excerpt(from, to)}”. Esc clears the frame.`);
  }

  /** `[` and `]`: the previous or next coding of the visible layers, scrolled into view. */
  step(direction: 1 | -1): void {
    const fromOffset = this.list.count > 0 ? (this.transcript.units[this.list.indexAt(this.list.scrollTop)]?.start ?? 0) : 0;
    const next = this.index.step(this.selectedPlaced, direction, fromOffset);
    if (!next) {
      this.announce('No codings in the visible layers.');
      return;
    }
    this.selected = { layerKey: next.layerKey, codingId: next.coding.id };
    this.cardOpen = false;
    const unit = this.index.unitAt(next.start);
    if (!this.list.isRowVisible(unit)) this.list.scrollToRow(unit);
    this.announce(`${this.codeById.get(next.coding.codeId)?.name ?? 'Coding'} by ${this.layerName(next.layerKey)}: “${this.excerpt(next.start, next.end)}”`);
  }

  /** A one-line quote of [start, end), cut at `max` characters (cached: every bar's label uses one). */
  excerpt(start: number, end: number, max = 80): string {
    if (this.#excerptsFor !== this.transcript) {
      this.#excerpts.clear();
      this.#excerptsFor = this.transcript;
    }
    const key = `${start}:${end}:${max}`;
    let excerpt = this.#excerpts.get(key);
    if (excerpt === undefined) {
      const text = this.transcript.text.slice(start, Math.min(end, start + max * 2)).replace(/\s+/g, ' ').trim();
      excerpt = text.length > max || end - start > max * 2 ? `${text.slice(0, max - 1)}…` : text;
      this.#excerpts.set(key, excerpt);
    }
    return excerpt;
  }
  #excerpts = new Map<string, string>();
  #excerptsFor: unknown = null;

  get readOnlyNotice(): string | null {
    const own = this.session.own;
    if (!this.session.project) return null;
    if (!own) return 'You are a viewer in this project: you can read every visible layer but not code.';
    if (own.readOnly) return own.readOnly;
    return own.problem;
  }

  /** The view's keyboard map (ux.md). Keys typed into fields are left alone, except Escape. */
  handleKey(event: KeyboardEvent): void {
    if (event.defaultPrevented || event.isComposing) return;
    const command = commandFor(event);
    if (!command) return;
    const typing = isTypingTarget(event.target);
    if (typing && command.kind !== 'escape') return;
    // A modal dialog (shortcuts, confirmations) has the keyboard to itself.
    if (document.querySelector('dialog[open]')) return;
    // Selecting with keys happens in the transcript (the palette, inside it, included).
    const inTranscript = event.target instanceof Element && event.target.closest('[data-transcript-keys]') !== null;
    // A selection made with keys has no palette until a key asks for it (not while choosing a span).
    const paletteClosedOnSelection = this.pending !== null && this.canCode && !this.palette.open && !this.spanEdit;
    switch (command.kind) {
      case 'search':
        if (paletteClosedOnSelection) this.openPalette('filter');
        else if (this.palette.open) this.palette.focus = 'filter';
        else this.focusSearchRequest += 1;
        break;
      case 'caret':
        if (!inTranscript) return;
        this.startCaret();
        break;
      case 'extend':
        if (!inTranscript) return;
        this.extendSelection(command.by, command.direction);
        break;
      case 'move':
        if (!inTranscript || !this.moveCaret(command.by, command.direction)) return;
        break;
      case 'inVivo':
        if (!this.pending || this.spanEdit) return;
        if (this.codeInVivo()) this.focusTranscriptRequest += 1;
        break;
      case 'type':
        // A selection made with keys has no palette yet: the first letter opens it, filtering.
        if (!inTranscript || !paletteClosedOnSelection) return;
        this.openPalette('filter', command.text);
        break;
      case 'pinned':
        if (!this.pending || this.spanEdit) return;
        this.applyPinned(command.n);
        this.focusTranscriptRequest += 1;
        break;
      case 'delete':
        if (!this.selected || !this.selectedLayer?.canWrite) return;
        this.removeSelected();
        break;
      case 'undo':
        this.undo();
        break;
      case 'redo':
        this.redo();
        break;
      case 'step':
        this.step(command.direction);
        break;
      case 'help':
        this.helpOpen = true;
        break;
      case 'memo':
      case 'open':
        if (command.kind === 'open' && this.spanEdit && this.pending) {
          // A span chosen with keys is confirmed with Enter; the selection was only for it.
          this.selectText(this.pending);
          this.clearTextSelection();
          break;
        }
        if (paletteClosedOnSelection) {
          this.openPalette(command.kind === 'memo' ? 'memo' : 'palette');
          break;
        }
        if (!this.selected || this.pending) return;
        this.select(this.selected.layerKey, this.selected.codingId, { card: true, focusMemo: command.kind === 'memo', cardY: this.#selectedY() });
        break;
      case 'escape':
        if (this.spanEdit) this.cancelSpanEdit();
        else if (typing && !this.palette.open && !this.cardOpen) {
          (event.target as HTMLElement).blur();
          this.focusTranscriptRequest += 1;
        } else if (this.palette.open || this.pending) this.clearTextSelection();
        else if (this.cardOpen) this.cardOpen = false;
        else if (this.selected) this.selected = null;
        else if (this.keySelection) this.dropCaret();
        else if (this.focusRange) this.focusRange = null;
        else return;
        this.focusTranscriptRequest += 1;
        break;
    }
    event.preventDefault();
  }

  /** Content y just below the unit where the selected coding ends, for placing its card. */
  #selectedY(): number {
    const placed = this.selectedPlaced;
    if (!placed) return this.list.scrollTop + 16;
    const unit = this.index.unitAt(Math.max(placed.start, placed.end - 1));
    return this.list.offsetOf(unit) + this.list.heightOf(unit);
  }

  announce(message: string): void {
    // Re-announce an identical message too (screen readers ignore unchanged text).
    this.announcement = this.announcement === message ? `${message}\u00a0` : message;
  }
}
