import { defineContext } from '../context.ts';
import type { PathwaysView } from './pathways-view.svelte.ts';

/** The Pathways page's state, for the components inside it. */
export const pathwaysContext = defineContext<PathwaysView>('Pathways view', 'PathwaysPage.svelte');
