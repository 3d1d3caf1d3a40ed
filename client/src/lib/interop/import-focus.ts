import type { Attachment } from 'svelte/attachments';

/**
 * `{@attach focusWhen(condition)}`: focuses the element as it appears when `condition` holds — the
 * import's report heading, its failure, the picker again — so a keyboard or screen reader user
 * follows the step that replaced the one they were on instead of being left on the page's body.
 */
export function focusWhen(condition: boolean): Attachment<HTMLElement> {
  return (element) => {
    if (condition) element.focus({ preventScroll: false });
  };
}
