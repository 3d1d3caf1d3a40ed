/**
 * Something changed who may do what. Emitted by the HTTP routes after the change is stored; the
 * sync layer re-checks the affected sockets. With several instances the same events travel between
 * them (`AccessRelay`, the Redis fan-out), which is why they carry only ids.
 */
export type AccessEvent =
  | { readonly type: 'memberChanged'; readonly projectId: string; readonly userId: string }
  | { readonly type: 'projectChanged'; readonly projectId: string }
  | { readonly type: 'tokenRevoked'; readonly tokenId: string }
  | { readonly type: 'sessionEnded'; readonly sessionId: string }
  // Deleted for good: every instance discards the rooms it holds of them (`followErasures`).
  | { readonly type: 'documentErased'; readonly projectId: string; readonly documentId: string }
  | { readonly type: 'projectErased'; readonly projectId: string }
  | { readonly type: 'layersErased'; readonly userId: string };

/**
 * Told to this instance's listeners only, never relayed: events from other instances may have been
 * lost (the relay was away and came back), so every open socket is re-checked.
 */
export interface AccessResync {
  readonly type: 'resync';
}

export interface AccessEvents {
  emit(event: AccessEvent): void;
  subscribe(listener: (event: AccessEvent | AccessResync) => void): () => void;
}

/** How events reach the other instances of a deployment (`RoomFanout` is one). */
export interface AccessRelay {
  publishAccess(event: AccessEvent): void;
  onAccess(listener: (event: AccessEvent) => void): () => void;
  /** After the connection to the others came back: events may have been lost meanwhile. */
  onRecovered(listener: () => void): () => void;
}

/**
 * The access events of this instance; with a `relay`, also those emitted on the others (each
 * instance's listeners hear every event once: its own directly, the others' through the relay),
 * and a `resync` when the relay recovers.
 */
export function createAccessEvents(relay: AccessRelay | null = null): AccessEvents {
  const listeners = new Set<(event: AccessEvent | AccessResync) => void>();
  const dispatch = (event: AccessEvent | AccessResync) => {
    for (const listener of listeners) listener(event);
  };
  relay?.onAccess(dispatch);
  relay?.onRecovered(() => dispatch({ type: 'resync' }));
  return {
    emit(event) {
      dispatch(event);
      relay?.publishAccess(event);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
