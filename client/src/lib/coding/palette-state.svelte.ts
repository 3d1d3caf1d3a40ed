/**
 * Where the palette goes, in content pixels of the transcript: `x` and `y` just below the
 * selection's last line; `above`, the selection's last line top, where the palette's bottom goes
 * when there is no room below it.
 */
export interface PaletteSpot {
  readonly x: number;
  readonly y: number;
  readonly above: number;
}

/** The floating code palette that opens on a text selection. */
export class PaletteState {
  open = $state(false);
  x = $state(0);
  y = $state(0);
  above = $state(0);
  filter = $state('');
  /**
   * Index of the highlighted option (`PaletteMenu.options`); null until the arrows move it, when
   * the menu's preferred option is highlighted (the best code, else "Create").
   */
  active = $state<number | null>(null);
  memoOpen = $state(false);
  memo = $state('');
  /** Where the keyboard should be when it opens: on the palette itself, in the filter, or in the memo. */
  focus = $state<'palette' | 'filter' | 'memo'>('palette');

  show(spot: PaletteSpot, focus: 'palette' | 'filter' | 'memo' = 'palette', filter = ''): void {
    this.moveTo(spot);
    this.filter = filter;
    this.active = null;
    this.memoOpen = focus === 'memo';
    this.memo = '';
    this.focus = focus;
    this.open = true;
  }

  /** Moves it (the selection it belongs to grew or shrank) without touching what was typed. */
  moveTo(spot: PaletteSpot): void {
    this.x = spot.x;
    this.y = spot.y;
    this.above = spot.above;
  }

  close(): void {
    this.open = false;
  }
}
