import { fromBase64, toBase64 } from 'lib0/buffer';
import type * as Y from 'yjs';
import { createSpanAnchor, resolveSpanAnchor } from './span-anchor.ts';

/**
 * Presence in a `text:` room (PROTOCOL.md): every client's awareness state is
 *
 *   { user: { id, name, colour }, selection: { start, end } | null }
 *
 * `start`/`end` are Y.RelativePositions into the transcript's Y.Text (made like span anchors:
 * start assoc 0, end assoc −1), encoded with `Y.encodeRelativePosition` and then base64, because
 * awareness states travel as JSON. Relative positions keep a remote selection on the same words
 * while the transcript changes under it. In blind mode the server relays presence only between
 * people who may see each other's layers; clients need not filter.
 *
 * @example
 * awareness.setLocalState(createPresenceState({ id: 'u1', name: 'Ana' }, encodeSelection(ytext, 10, 42)));
 * const remote = readPresenceState(state);          // null when malformed
 * if (remote?.selection) resolveSelection(remote.selection, transcriptDoc); // { start: 10, end: 42 }
 */
export interface PresenceUser {
  readonly id: string;
  readonly name: string;
  /** `#rrggbb`, from `presenceColour(id)`. */
  readonly colour: string;
}

export interface PresenceSelection {
  /** base64 of an encoded RelativePosition (assoc 0). */
  readonly start: string;
  /** base64 of an encoded RelativePosition (assoc −1). */
  readonly end: string;
}

export interface PresenceState {
  readonly user: PresenceUser;
  readonly selection: PresenceSelection | null;
}

/**
 * Okabe–Ito hues people are told apart by. Yellow is left out (a thin selection line in it is
 * invisible on white) and black too (it reads as text, not as a person).
 */
export const presenceColours = ['#E69F00', '#56B4E9', '#009E73', '#0072B2', '#D55E00', '#CC79A7'] as const;

/**
 * A stable colour for a user: FNV-1a of the id, so every client gives a person the same colour.
 *
 * @example
 * presenceColour('u1') === presenceColour('u1') // true, on every client
 */
export function presenceColour(userId: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < userId.length; i++) {
    hash ^= userId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return presenceColours[hash % presenceColours.length]!;
}

export function createPresenceState(user: { readonly id: string; readonly name: string }, selection: PresenceSelection | null): PresenceState {
  return { user: { id: user.id, name: user.name, colour: presenceColour(user.id) }, selection };
}

/** Encodes the selection [start, end) of the transcript; null for an empty or invalid range. */
export function encodeSelection(text: Y.Text, start: number, end: number): PresenceSelection | null {
  if (!(Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start < end && end <= text.length)) return null;
  const anchor = createSpanAnchor(text, start, end);
  return { start: toBase64(anchor.start), end: toBase64(anchor.end) };
}

/** Current offsets of a remote selection, or null when its text is gone or it does not decode. */
export function resolveSelection(selection: PresenceSelection, transcriptDoc: Y.Doc): { start: number; end: number } | null {
  try {
    const span = resolveSpanAnchor({ start: fromBase64(selection.start), end: fromBase64(selection.end) }, transcriptDoc);
    return span.orphaned ? null : { start: span.start, end: span.end };
  } catch (error) {
    // Another client's state is untrusted input: a selection that does not decode is not shown.
    if (error instanceof Error) return null;
    throw error;
  }
}

const colourPattern = /^#[0-9a-fA-F]{6}$/;
const maxNameChars = 80;

/** Reads another client's awareness state defensively: null unless it is a well-formed presence. */
export function readPresenceState(value: unknown): PresenceState | null {
  if (value === null || typeof value !== 'object') return null;
  const { user, selection } = value as Record<string, unknown>;
  if (user === null || typeof user !== 'object') return null;
  const { id, name, colour } = user as Record<string, unknown>;
  if (typeof id !== 'string' || id.length === 0 || typeof name !== 'string') return null;
  let readSelection: PresenceSelection | null = null;
  if (selection !== null && typeof selection === 'object') {
    const { start, end } = selection as Record<string, unknown>;
    if (typeof start === 'string' && typeof end === 'string') readSelection = { start, end };
  }
  return {
    user: { id, name: name.slice(0, maxNameChars), colour: typeof colour === 'string' && colourPattern.test(colour) ? colour : presenceColour(id) },
    selection: readSelection,
  };
}
