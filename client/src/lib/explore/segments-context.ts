import { defineContext } from '../context.ts';
import type { SegmentsView } from './segments-view.svelte.ts';

/** The coded-segments view's state, for the components inside it. */
export const segmentsContext = defineContext<SegmentsView>('Coded segments view', 'SegmentsView.svelte');
