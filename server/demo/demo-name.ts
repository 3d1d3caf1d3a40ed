import { demoProjectName } from '../../shared/model/demo.ts';

const numbered = new RegExp(`^${demoProjectName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\((\\d{1,6})\\)$`);

/**
 * The name of a new demo project, given the names of the owner's projects: the plain demo name for
 * the first, then "… (2)", "… (3)", one more than the highest demo number in use, so two demos in
 * one project list can be told apart.
 *
 * @example
 * nextDemoName([]) // 'Demo: implementation support pathways'
 * nextDemoName(['Demo: implementation support pathways']) // 'Demo: implementation support pathways (2)'
 */
export function nextDemoName(existing: readonly string[]): string {
  let highest = 0;
  for (const name of existing) {
    if (name === demoProjectName) highest = Math.max(highest, 1);
    const match = numbered.exec(name);
    if (match) highest = Math.max(highest, Number(match[1]));
  }
  return highest === 0 ? demoProjectName : `${demoProjectName} (${highest + 1})`;
}
