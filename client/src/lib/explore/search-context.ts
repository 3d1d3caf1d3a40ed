import { defineContext } from '../context.ts';
import type { SearchState } from './search-state.svelte.ts';

/** The Search view's state, for the components inside it. */
export const searchContext = defineContext<SearchState>('Search view', 'SearchView.svelte');
