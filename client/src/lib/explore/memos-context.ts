import { defineContext } from '../context.ts';
import type { MemosView } from './memos-view.svelte.ts';

/** The Memos view's state, for the components inside it. */
export const memosContext = defineContext<MemosView>('Memos view', 'MemosView.svelte');
