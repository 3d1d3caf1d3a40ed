/** One contiguous change of a transcript: at `at` (an offset in the text before it), `removed` became `inserted`. */
export interface TranscriptEdit {
  readonly at: number;
  readonly removed: string;
  readonly inserted: string;
}

type DeltaOp = { readonly retain?: number; readonly delete?: number; readonly insert?: unknown };

/**
 * The edits a Y.Text event's delta made to `before` (the text as it was), a delete next to an
 * insert joined into one edit — "help" → "support from the county" is one edit, as a reader
 * thinks of it. Offsets are in the text before the change.
 *
 * @example
 * transcriptEdits([{ retain: 3 }, { delete: 4 }, { insert: 'xy' }], 'abcdefgh') // [{ at: 3, removed: 'defg', inserted: 'xy' }]
 */
export function transcriptEdits(delta: readonly DeltaOp[], before: string): TranscriptEdit[] {
  const edits: TranscriptEdit[] = [];
  let position = 0;
  let open: { at: number; removed: string; inserted: string } | null = null;
  const close = () => {
    if (open && (open.removed || open.inserted)) edits.push(open);
    open = null;
  };
  for (const op of delta) {
    if (op.retain !== undefined) {
      close();
      position += op.retain;
    } else if (op.delete !== undefined) {
      open ??= { at: position, removed: '', inserted: '' };
      open.removed += before.slice(position, position + op.delete);
      position += op.delete;
    } else if (op.insert !== undefined) {
      open ??= { at: position, removed: '', inserted: '' };
      open.inserted += typeof op.insert === 'string' ? op.insert : '';
    }
  }
  close();
  return edits;
}
