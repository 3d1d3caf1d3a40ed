/** The five entities XML predefines. */
export const xmlEntities: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

const reference = /&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,8})|([A-Za-z][A-Za-z0-9]{1,31}));/g;

/**
 * Decodes `&name;`, `&#NNN;` and `&#xHHH;` in one pass (so "&amp;lt;" becomes "&lt;", not "<").
 * Unknown names stay as written; numbers that are not Unicode scalar values become U+FFFD.
 *
 * @example
 * decodeCharacterReferences('Q&amp;A &#8212; &#x263A; &lt;3'); // 'Q&A — ☺ <3'
 */
export function decodeCharacterReferences(text: string, entities: Readonly<Record<string, string>> = xmlEntities): string {
  if (!text.includes('&')) return text;
  return text.replace(reference, (whole, decimal: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name !== undefined) return Object.hasOwn(entities, name) ? (entities[name] ?? whole) : whole;
    const codePoint = decimal !== undefined ? Number.parseInt(decimal, 10) : Number.parseInt(hex ?? '', 16);
    const isScalarValue = codePoint > 0 && codePoint <= 0x10ffff && !(codePoint >= 0xd800 && codePoint <= 0xdfff);
    return isScalarValue ? String.fromCodePoint(codePoint) : '\uFFFD';
  });
}
