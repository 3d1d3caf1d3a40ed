/**
 * Something changed who may do what. Emitted by the HTTP routes after the change is stored; the
 * sync layer re-checks the affected sockets. In-process for now; with several server processes the
 * same events travel over Redis (see the roadmap), which is why they carry only ids.
 */
export type AccessEvent =
  | { readonly type: 'memberChanged'; readonly projectId: string; readonly userId: string }
  | { readonly type: 'projectChanged'; readonly projectId: string }
  | { readonly type: 'tokenRevoked'; readonly tokenId: string }
  | { readonly type: 'sessionEnded'; readonly sessionId: string };

export interface AccessEvents {
  emit(event: AccessEvent): void;
  subscribe(listener: (event: AccessEvent) => void): () => void;
}

export function createAccessEvents(): AccessEvents {
  const listeners = new Set<(event: AccessEvent) => void>();
  return {
    emit(event) {
      for (const listener of listeners) listener(event);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
