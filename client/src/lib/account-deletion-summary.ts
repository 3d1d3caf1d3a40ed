import type { AccountDeletionPreview } from '../../../shared/api/types.ts';
import { formatCount } from './format.ts';

/**
 * The sentence the account-deletion dialog leads with: everything that goes, counted.
 *
 * @example
 * describeAccountDeletion({ projects: [a, b], codings: { documentCount: 14, projectCount: 3 }, blockers: [] })
 * // 'Your account, 2 projects where you are the only member, and your codings in 14 documents of 3 other projects will be deleted.'
 */
export function describeAccountDeletion(preview: AccountDeletionPreview): string {
  const parts = ['Your account'];
  if (preview.projects.length > 0) parts.push(`${formatCount(preview.projects.length, 'project')} where you are the only member`);
  const { documentCount, projectCount } = preview.codings;
  if (documentCount > 0) parts.push(`your codings in ${formatCount(documentCount, 'document')} of ${formatCount(projectCount, 'other project')}`);
  const list = parts.length <= 2 ? parts.join(' and ') : `${parts.slice(0, -1).join(', ')}, and ${parts.at(-1)}`;
  return `${list} will be deleted.`;
}
