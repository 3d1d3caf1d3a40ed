/** The floating code palette that opens on a text selection. Position is in content pixels of the transcript. */
export class PaletteState {
  open = $state(false);
  x = $state(0);
  y = $state(0);
  filter = $state('');
  /** Index of the highlighted option among the filtered codes. */
  active = $state(0);
  memoOpen = $state(false);
  memo = $state('');
  /** Where the keyboard should be when it opens: on the palette itself, or already in the filter. */
  focus = $state<'palette' | 'filter'>('palette');

  show(x: number, y: number, focus: 'palette' | 'filter' = 'palette'): void {
    this.x = x;
    this.y = y;
    this.filter = '';
    this.active = 0;
    this.memoOpen = false;
    this.memo = '';
    this.focus = focus;
    this.open = true;
  }

  close(): void {
    this.open = false;
  }
}
