import type { ValueNote } from './value-note.ts';

/**
 * The one tooltip of the dashboard: which value it explains and where to draw it. Shown on hover
 * and on keyboard focus, hidden on leave, blur or Escape; drawn fixed, so it never moves the page.
 * It holds a function rather than a note so an open tooltip follows a live update.
 */
export class ValueTooltip {
  readonly id = `value-tooltip-${Math.random().toString(36).slice(2, 9)}`;
  describe = $state.raw<(() => ValueNote) | null>(null);
  anchor = $state.raw<DOMRect | null>(null);
  owner = $state.raw<Element | null>(null);

  show(element: Element, describe: () => ValueNote): void {
    this.owner = element;
    this.describe = describe;
    this.anchor = element.getBoundingClientRect();
  }

  /** Re-reads where the value is, after the page scrolled or resized. */
  follow(): void {
    if (this.owner) this.anchor = this.owner.getBoundingClientRect();
  }

  hide(element?: Element): void {
    if (element && element !== this.owner) return;
    this.owner = null;
    this.describe = null;
  }

  isFor(element: Element | null | undefined): boolean {
    return element !== null && element !== undefined && element === this.owner;
  }
}
