import { defineContext } from '../context.ts';
import type { ReconcileView } from './reconcile-view.svelte.ts';

/** The reconcile page's state, for the components inside it. */
export const reconcileContext = defineContext<ReconcileView>('Reconcile view', 'ReconcilePage.svelte');
