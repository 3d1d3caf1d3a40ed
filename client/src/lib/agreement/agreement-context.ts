import { defineContext } from '../context.ts';
import type { AgreementDashboard } from './agreement-dashboard.svelte.ts';
import type { PassagesView } from './passages.svelte.ts';
import type { ValueTooltip } from './value-tooltip.svelte.ts';

/** The agreement page's state, shared with its components. */
export interface AgreementContext {
  readonly dashboard: AgreementDashboard;
  readonly tooltip: ValueTooltip;
  readonly passages: PassagesView;
}

export const agreementContext = defineContext<AgreementContext>('Agreement', 'AgreementPage.svelte');
