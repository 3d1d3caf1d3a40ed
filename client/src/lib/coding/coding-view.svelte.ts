import type { Code } from '../../../../shared/model/codebook.ts';
import { codeTree } from '../../../../shared/model/codebook.ts';
import type { Coding } from '../../../../shared/model/coding.ts';
import { CodingIndex, type PlacedCoding } from './coding-index.ts';
import { commandFor, isTypingTarget } from './keyboard.ts';
import { filterTree, flattenTree, pinnedCodes, rankCodes } from './code-list.ts';
import type { DocumentSession } from './document-session.svelte.ts';
import type { LayerRoom } from './layer-room.svelte.ts';
import { PaletteState } from './palette-state.svelte.ts';
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
  readonly visibleLayers: readonly LayerRoom[] = $derived.by(() => this.session.layers.filter((l) => l.visible && !l.hiddenReason && !l.problem));
  readonly index = $derived(
    new CodingIndex(
      this.transcript.units,
      this.visibleLayers.map((l) => ({ key: l.key, codings: l.currentCodings })),
    ),
  );
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

  constructor(session: DocumentSession) {
    this.session = session;
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
  selectText(range: TextRange | null, at?: { x: number; y: number }): void {
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
      this.palette.show(at.x, at.y);
    } else if (!range) {
      this.palette.close();
    }
  }

  clearTextSelection(): void {
    this.pending = null;
    this.palette.close();
    this.session.presence.setSelection(null);
    window.getSelection()?.removeAllRanges();
  }

  // --- coding actions (own layer only) -------------------------------------------------------

  /** Codes the pending selection with `codeId`; returns false (and says why) when it cannot. */
  apply(codeId: string, memo = ''): boolean {
    const own = this.session.own;
    const range = this.pending;
    const code = this.codeById.get(codeId);
    if (!this.canCode || !own?.writer) {
      this.announce(this.readOnlyNotice ?? 'You cannot code in this document.');
      return false;
    }
    if (!range) {
      this.announce('Select a passage of the transcript first, then choose a code.');
      return false;
    }
    if (!code) return false;
    const id = own.writer.add(codeId, range.start, range.end, memo.trim());
    this.clearTextSelection();
    this.selected = { layerKey: own.key, codingId: id };
    this.announce(`Coded as ${code.name}${memo.trim() ? ', with a memo' : ''}. Ctrl+Z undoes it.`);
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
    switch (command.kind) {
      case 'search':
        if (this.pending && this.canCode && !this.palette.open) this.palette.show(this.palette.x, this.palette.y, 'filter');
        else if (this.palette.open) this.palette.focus = 'filter';
        else this.focusSearchRequest += 1;
        break;
      case 'pinned':
        if (!this.pending) return;
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
