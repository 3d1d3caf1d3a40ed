import { defineContext } from '../context.ts';
import type { AssignmentsState } from './assignments-state.svelte.ts';

/** The project's assignments, for the documents table's cells and the dialog. */
export const assignmentsContext = defineContext<AssignmentsState>('Assignments', 'ProjectHomePage.svelte');
