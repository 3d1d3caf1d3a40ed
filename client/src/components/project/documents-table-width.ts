/** Narrowest comfortable widths of the documents table's columns, in rem (padding included). */
const nameRem = 14.5;
const attributeRem = 7.5;
const progressRem = 13.5;
/** "Assigned to": the names and the owner's "Change" link. */
const assignedRem = 12.5;
const actionsRem = 6.5;

/**
 * How wide the documents table must be, in rem, to give each attribute a column of its own; below
 * that it lists the attributes in one column instead of overflowing the page.
 *
 * @example
 * documentsTableRem({ fields: 2, progress: true, actions: true }) // 62
 */
export function documentsTableRem(columns: { readonly fields: number; readonly progress: boolean; readonly actions: boolean }): number {
  return nameRem + columns.fields * attributeRem + (columns.progress ? progressRem : 0) + assignedRem + (columns.actions ? actionsRem : 0);
}
