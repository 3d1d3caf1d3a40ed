import { defineContext } from '../context.ts';
import type { CodingView } from './coding-view.svelte.ts';

/** The open coding view, for the components inside it. */
export const codingContext = defineContext<CodingView>('Coding view', 'CodingWorkspace.svelte');
