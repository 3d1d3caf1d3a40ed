import { digest } from 'lib0/hash/sha256';

const encoder = new TextEncoder();

/**
 * A stable QDA-XML GUID for an Accord object: the SHA-256 of `kind` and `id`, shaped as an
 * RFC 9562 version-8 UUID (lower case, no braces). The same Accord id always gives the same GUID,
 * so exporting a project twice gives the same file and other tools see the same objects; `kind`
 * keeps a coding's selection and its `Coding` (same Accord id) apart.
 *
 * @example
 * refiGuid('code', 'c_42') // 'xxxxxxxx-xxxx-8xxx-[89ab]xxx-xxxxxxxxxxxx', the same on every run
 */
export function refiGuid(kind: string, id: string): string {
  // The kind's length makes the input unambiguous whatever characters kind and id hold.
  const hash = digest(encoder.encode(`accord-refi:${kind.length}:${kind}:${id}`));
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80; // version 8: custom (here SHA-256 based)
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // variant 10xx
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const guidPattern = /^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$/;

/**
 * Whether a value is a GUID as the QDA-XML schema allows (optionally in braces, any case).
 *
 * @example
 * isRefiGuid('{6F35C6F2-BD8F-4F08-AD49-6D62CB8442A5}') // true
 */
export function isRefiGuid(value: string): boolean {
  const match = guidPattern.exec(value);
  // Braces must come as a pair.
  return match !== null && value.startsWith('{') === value.endsWith('}');
}

/**
 * The form the model keeps GUIDs in: lower case, braces removed. Tools differ (MAXQDA writes upper
 * case, some write `{…}`), while references must match. A value that is not a GUID is kept as is
 * (trimmed), so a reference to it still resolves.
 *
 * @example
 * normalizeGuid(' {6F35C6F2-BD8F-4F08-AD49-6D62CB8442A5} ') // '6f35c6f2-bd8f-4f08-ad49-6d62cb8442a5'
 */
export function normalizeGuid(value: string): string {
  const trimmed = value.trim();
  const match = guidPattern.exec(trimmed);
  return match && isRefiGuid(trimmed) ? match[1]!.toLowerCase() : trimmed;
}
