/** Who is behind a socket, as others are shown it: the account, never what the client claims. */
export interface PresenceIdentity {
  readonly id: string;
  readonly name: string;
}

const colourPattern = /^#[0-9a-fA-F]{6}$/;

/**
 * An awareness state as the server relays it: an object state's `user` becomes the socket's
 * identity, keeping from what the client sent only a well-formed `colour` (`#rrggbb`; anything else
 * could smuggle CSS into other people's pages). States that are not objects claim no identity and
 * pass unchanged. `json` is known to parse (the frame was validated).
 *
 * @example
 * stampIdentity('{"user":{"id":"owner","name":"Alice"},"selection":null}', { id: 'u2', name: 'Mallory' })
 * // '{"user":{"id":"u2","name":"Mallory"},"selection":null}'
 */
export function stampIdentity(json: string, identity: PresenceIdentity): string {
  const state: unknown = JSON.parse(json);
  if (state === null || typeof state !== 'object' || Array.isArray(state)) return json;
  const claimed = (state as { user?: unknown }).user;
  const colour = claimed !== null && typeof claimed === 'object' ? (claimed as { colour?: unknown }).colour : undefined;
  const user = { id: identity.id, name: identity.name, ...(typeof colour === 'string' && colourPattern.test(colour) && { colour }) };
  return JSON.stringify({ ...state, user });
}
