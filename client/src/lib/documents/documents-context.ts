import { getContext, hasContext, setContext } from 'svelte';
import type { DocumentsManagement } from './documents-management.svelte.ts';

const key = Symbol('Documents');

/**
 * The project home page's document management, for the documents table and its bars. Optional:
 * a table rendered without it (elsewhere) shows documents without filter, selection or renaming.
 */
export const documentsContext = {
  set: (value: DocumentsManagement): DocumentsManagement => setContext(key, value),
  get(): DocumentsManagement {
    if (!hasContext(key)) throw new Error('Documents context is missing: render this component inside ProjectHomePage.svelte');
    return getContext<DocumentsManagement>(key);
  },
  maybe: (): DocumentsManagement | null => (hasContext(key) ? getContext<DocumentsManagement>(key) : null),
};
