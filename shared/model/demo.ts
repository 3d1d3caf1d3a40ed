/**
 * The demo project’s name: the server gives it to the first demo project it makes (later ones are numbered), and the project
 * home recognises it to introduce the demo (a renamed demo is simply a project).
 */
export const demoProjectName = 'Demo: implementation support pathways';

/**
 * Whether a project carries a demo's name: the first demo's, or a later one's numbered "… (2)".
 *
 * @example
 * isDemoProjectName('Demo: implementation support pathways (2)') // true
 */
export function isDemoProjectName(name: string | null | undefined): boolean {
  return name === demoProjectName || (typeof name === 'string' && name.startsWith(`${demoProjectName} (`) && /\(\d+\)$/.test(name));
}
