import { paths } from './routes.ts';

/**
 * The project-wide "go to" keys (ux.md, keyboard map): `g` then a letter opens a tab of the
 * project, from any of its pages and from the coding view. Pure: `GoKeys.press` says where to go;
 * the page listening navigates.
 */
export const goTargets: readonly { readonly key: string; readonly label: string; readonly path: (projectId: string) => string }[] = [
  { key: 'd', label: 'Documents', path: paths.project },
  { key: 'c', label: 'Codebook', path: paths.codebook },
  { key: 'o', label: 'Rounds', path: paths.rounds },
  { key: 'a', label: 'Agreement', path: paths.agreement },
  { key: 'r', label: 'Reconcile', path: paths.reconcile },
  { key: 'p', label: 'Pathways', path: (projectId) => paths.pathways(projectId) },
  { key: 'e', label: 'Explore', path: (projectId) => paths.explore(projectId) },
  { key: 'h', label: 'History', path: paths.history },
  { key: 'm', label: 'Members', path: paths.members },
  { key: 's', label: 'Settings', path: paths.settings },
];

/** How long after `g` the second key still counts. */
export const goWindowMs = 1500;

export type GoKey = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>;

/**
 * `g` arms it; the next key within `goWindowMs` is looked up. A key that is not a target disarms
 * it and stays the page's own (so `g` then `j` still steps in the reconcile view).
 *
 * @example
 * const keys = new GoKeys();
 * keys.press({ key: 'g', ctrlKey: false, metaKey: false, altKey: false }, 0);   // 'armed'
 * keys.press({ key: 'h', ctrlKey: false, metaKey: false, altKey: false }, 400); // { path: '/projects/p1/history' …} with projectId 'p1'
 */
export class GoKeys {
  #armedAt: number | null = null;

  /** `'armed'` after `g`, the target after `g` + its letter, else null (the key is not ours). */
  press(event: GoKey, now: number): 'armed' | (typeof goTargets)[number] | null {
    if (event.ctrlKey || event.metaKey || event.altKey) {
      this.#armedAt = null;
      return null;
    }
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    const armed = this.#armedAt !== null && now - this.#armedAt <= goWindowMs;
    this.#armedAt = null;
    if (armed) {
      const target = goTargets.find((t) => t.key === key);
      if (target) return target;
    }
    if (key === 'g') {
      this.#armedAt = now;
      return 'armed';
    }
    return null;
  }
}

/** The `?` dialogs' line for these keys. */
export const goShortcut = { keys: ['g'], action: `Go to a project tab: g, then ${goTargets.map((t) => `${t.key} ${t.label}`).join(', ')}` } as const;
