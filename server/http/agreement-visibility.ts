import { blindRoundDocuments } from '../rounds/document-round.ts';
import type { DirectoryStore } from '../persistence/directory-store.ts';
import { forbidden } from './api-error.ts';
import type { ProjectAccess } from './project-access.ts';

/**
 * The documents a caller's agreement request may cover while some documents are in a blind round:
 * owners see everything; coders and viewers do not see the blind round's documents — neither
 * their codings (passages) nor, unless the owner allowed it, their statistics. Returns the
 * documents to use instead of `requested` (null: all, no narrowing needed); refuses a request
 * left with none.
 */
export async function visibleAgreementDocuments(directory: DirectoryStore, access: ProjectAccess, requested: readonly string[] | null | undefined, shows: 'statistics' | 'codings'): Promise<string[] | null> {
  if (access.role === 'owner' || (shows === 'statistics' && access.project.agreementVisibleInBlind)) return requested ? [...requested] : null;
  const blind = await blindRoundDocuments(directory, access.project.id);
  if (blind.size === 0) return requested ? [...requested] : null;
  const candidates = requested ?? (await directory.listDocuments(access.project.id)).map((d) => d.id);
  const visible = candidates.filter((id) => !blind.has(id));
  if (visible.length === 0) throw forbidden(shows === 'codings' ? 'Passages show other coders’ codings, which stay hidden until the blind round ends' : 'Agreement on these documents is hidden from coders until their blind round ends; the project owner can show it');
  return visible;
}
