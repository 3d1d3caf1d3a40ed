import { defineContext } from '../context.ts';
import type { HistoryView } from './history-view.svelte.ts';

/** The History page's state, for the components inside it. */
export const historyContext = defineContext<HistoryView>('History view', 'HistoryPage.svelte');
