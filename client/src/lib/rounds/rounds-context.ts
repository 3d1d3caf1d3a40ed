import { defineContext } from '../context.ts';
import type { RoundsView } from './rounds-view.svelte.ts';

/** The rounds page's state, for the components inside it. */
export const roundsContext = defineContext<RoundsView>('Rounds view', 'RoundsPage.svelte');
