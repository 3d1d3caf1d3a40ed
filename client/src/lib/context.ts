import { getContext, hasContext, setContext } from 'svelte';
import type { Api } from './api.ts';
import type { ProjectState } from './project-state.svelte.ts';
import type { Router } from './router.svelte.ts';
import type { Session } from './session.svelte.ts';
import type { Shell } from './shell.svelte.ts';

export interface TypedContext<T> {
  /** Reads the value set by an ancestor; throws, naming the provider, when there is none. */
  get(): T;
  set(value: T): T;
}

/** A context with a type and a clear error when a component is rendered outside its provider. */
export function defineContext<T>(name: string, providedBy: string): TypedContext<T> {
  const key = Symbol(name);
  return {
    get() {
      if (!hasContext(key)) throw new Error(`${name} context is missing: render this component inside ${providedBy}`);
      return getContext<T>(key);
    },
    set: (value) => setContext(key, value),
  };
}

export interface AppContext {
  readonly api: Api;
  readonly session: Session;
  readonly router: Router;
  readonly shell: Shell;
}

export const appContext = defineContext<AppContext>('App', 'App.svelte');
export const projectContext = defineContext<ProjectState>('Project', 'ProjectLayout.svelte');
