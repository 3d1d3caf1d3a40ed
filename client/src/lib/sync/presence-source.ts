import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { createPresenceState, encodeSelection, readPresenceState, resolveSelection, type PresenceUser } from '../../../../shared/ydoc/presence.ts';
import { transcriptText } from '../../../../shared/ydoc/transcript-doc.ts';
import { YjsValue } from './yjs-value.ts';

export interface RemotePresence {
  /** The awareness client id: one per open tab. */
  readonly clientId: number;
  readonly user: PresenceUser;
  /** Current offsets of their selection in the transcript, or null. */
  readonly selection: { readonly start: number; readonly end: number } | null;
}

/**
 * Presence in a `text:` room (`shared/ydoc/presence.ts`): announces this page's user and text
 * selection, and exposes everyone else's, with selections resolved against the transcript. What
 * arrives is filtered by the server (blind mode); what is read is checked (`readPresenceState`).
 */
export class PresenceSource {
  readonly self: PresenceUser;
  #awareness: Awareness;
  #transcript: Y.Doc;
  #others: YjsValue<readonly RemotePresence[]>;
  #lastSelection = '';

  constructor(awareness: Awareness, transcript: Y.Doc, user: { readonly id: string; readonly name: string }) {
    this.#awareness = awareness;
    this.#transcript = transcript;
    const state = createPresenceState(user, null);
    this.self = state.user;
    awareness.setLocalState(state);
    this.#others = new YjsValue(
      () => this.#readOthers(),
      (changed) => {
        const text = transcriptText(transcript);
        awareness.on('change', changed);
        text.observe(changed);
        return () => {
          awareness.off('change', changed);
          text.unobserve(changed);
        };
      },
    );
  }

  /** Everyone else in the room, one entry per tab, sorted by name. */
  get others(): readonly RemotePresence[] {
    return this.#others.current;
  }

  /** Announces the selection [start, end) of the transcript, or none. Unchanged selections are not resent. */
  setSelection(range: { readonly start: number; readonly end: number } | null): void {
    const selection = range ? encodeSelection(transcriptText(this.#transcript), range.start, range.end) : null;
    const key = range && selection ? `${range.start}:${range.end}` : '';
    if (key === this.#lastSelection) return;
    this.#lastSelection = key;
    this.#awareness.setLocalStateField('selection', selection);
  }

  destroy(): void {
    this.#others.destroy();
  }

  #readOthers(): RemotePresence[] {
    const others: RemotePresence[] = [];
    this.#awareness.getStates().forEach((value, clientId) => {
      if (clientId === this.#awareness.clientID) return;
      const state = readPresenceState(value);
      if (!state) return;
      others.push({ clientId, user: state.user, selection: state.selection ? resolveSelection(state.selection, this.#transcript) : null });
    });
    return others.sort((a, b) => a.user.name.localeCompare(b.user.name) || a.clientId - b.clientId);
  }
}
