import { CloseCode, parseRoomName } from '../../shared/protocol/index.ts';
import type { Logger } from '../logger.ts';
import type { DirectoryStore } from '../persistence/directory-store.ts';
import type { Connection } from '../sync/connection.ts';
import type { DocumentRegistry } from '../sync/document-registry.ts';
import type { AccessEvent, AccessEvents, AccessResync } from './access-events.ts';
import { decideSocketAccess } from './socket-access.ts';

/**
 * Keeps open sockets honest: when a token is revoked, a session ends, a member is removed or
 * changes role, or a project's settings change, the affected sockets are re-checked at once —
 * closed (4401/4403/4404) or switched to read-only/read-write. On a `resync` (events from other
 * instances may have been lost) every open socket is re-checked, and so are its credentials: the
 * API token must still be listed for its account, the session must still exist and not have expired.
 */
export function monitorSocketAccess(events: AccessEvents, registry: DocumentRegistry, directory: DirectoryStore, log: Logger): () => void {
  const recheck = async (connection: Connection) => {
    const decision = await decideSocketAccess(directory, { userId: connection.context.userId ?? null, isAdmin: connection.context.isAdmin ?? false }, connection.room);
    if (!decision.allowed) connection.close(decision.close);
    else {
      const changed = decision.writable !== connection.writable || decision.privileged !== connection.privileged || decision.isolated !== connection.isolated;
      connection.writable = decision.writable;
      const presenceWidened = (decision.privileged && !connection.privileged) || (connection.isolated && !decision.isolated);
      const isolationChanged = decision.isolated !== connection.isolated;
      connection.privileged = decision.privileged;
      connection.isolated = decision.isolated;
      if (decision.writable) connection.toldReadOnly = false;
      // Also when isolation narrows: the other instances filter this socket's presence by it.
      if (presenceWidened || isolationChanged) registry.presenceChanged(connection);
      // E.g. the reveal: the client re-opens the layers it was refused (4403) without a reload.
      if (changed) connection.notify({ type: 'accessChanged' });
    }
  };

  const affected = (event: AccessEvent | AccessResync, connection: Connection): 'close' | 'recheck' | null => {
    switch (event.type) {
      case 'resync':
        return 'recheck';
      case 'tokenRevoked':
        return connection.context.tokenId === event.tokenId ? 'close' : null;
      case 'sessionEnded':
        return connection.context.sessionId === event.sessionId ? 'close' : null;
      case 'memberChanged':
      case 'projectChanged': {
        const room = parseRoomName(connection.room);
        if (room?.projectId !== event.projectId) return null;
        // A member's change can also hide or reveal their layer to others, so every socket of the project is re-checked.
        return 'recheck';
      }
      case 'documentErased':
      case 'projectErased':
      case 'layersErased':
        // Their sockets are closed as their rooms are discarded (`followErasures`).
        return null;
    }
  };

  /** After a resync: sockets whose API token is no longer listed for its account are closed. */
  const recheckTokens = async (connections: readonly Connection[]) => {
    const listed = new Map<string, Promise<Set<string>>>();
    for (const connection of connections) {
      const { userId, tokenId } = connection.context;
      if (!userId || !tokenId) continue;
      let tokens = listed.get(userId);
      if (!tokens) listed.set(userId, (tokens = directory.listApiTokens(userId).then((records) => new Set(records.map((t) => t.id)))));
      if (!(await tokens).has(tokenId)) connection.close(CloseCode.unauthorized, 'credentials revoked');
    }
  };

  /** After a resync: sockets whose session ended (signed out, expired, ended elsewhere) are closed. */
  const recheckSessions = async (connections: readonly Connection[]) => {
    const sessionIds = [...new Set(connections.map((c) => c.context.sessionId).filter((id): id is string => typeof id === 'string'))];
    if (sessionIds.length === 0) return;
    const live = await directory.liveSessionIds(sessionIds, new Date().toISOString());
    for (const connection of connections) {
      const { sessionId } = connection.context;
      if (sessionId && !live.has(sessionId)) connection.close(CloseCode.unauthorized, 'credentials revoked');
    }
  };

  return events.subscribe((event) => {
    const work: Promise<void>[] = [];
    const connections = [...registry.openConnections()];
    for (const connection of connections) {
      const action = affected(event, connection);
      if (action === 'close') connection.close(CloseCode.unauthorized, 'credentials revoked');
      else if (action === 'recheck') work.push(recheck(connection));
    }
    if (event.type === 'resync') work.push(recheckTokens(connections), recheckSessions(connections));
    void Promise.all(work).catch((error: unknown) => log.error('socket access re-check failed', { event: event.type, error }));
  });
}
