/**
 * Room names: the path segment after `/sync/` and the key under which a document is stored.
 * Limited to a conservative alphabet so a name is safe in URLs, logs and SQL keys alike.
 *
 * @example
 * isValidRoomName('text:p1:d1') // true
 * isValidRoomName('../etc')     // false
 */
export const maxRoomNameLength = 200;

const roomNamePattern = /^[A-Za-z0-9][A-Za-z0-9:_.-]*$/;

export function isValidRoomName(name: string): boolean {
  return name.length > 0 && name.length <= maxRoomNameLength && roomNamePattern.test(name);
}
