import type { AccountDeletionPreview } from '../../../../shared/api/index.ts';
import { formatCount } from '../format.ts';

/**
 * The sentence the removal dialog leads with: everything that goes with someone's account, counted
 * (the administrator's version of `describeAccountDeletion`).
 *
 * @example
 * describeUserRemoval('Ana', { projects: [a], codings: { documentCount: 14, projectCount: 3 }, blockers: [] })
 * // 'Ana’s account, 1 project where Ana is the only member, and Ana’s codings in 14 documents of 3 other projects will be deleted.'
 */
export function describeUserRemoval(name: string, preview: AccountDeletionPreview): string {
  const parts = [`${name}’s account`];
  if (preview.projects.length > 0) parts.push(`${formatCount(preview.projects.length, 'project')} where ${name} is the only member`);
  const { documentCount, projectCount } = preview.codings;
  if (documentCount > 0) parts.push(`${name}’s codings in ${formatCount(documentCount, 'document')} of ${formatCount(projectCount, 'other project')}`);
  const list = parts.length <= 2 ? parts.join(' and ') : `${parts.slice(0, -1).join(', ')}, and ${parts.at(-1)}`;
  return `${list} will be deleted.`;
}
