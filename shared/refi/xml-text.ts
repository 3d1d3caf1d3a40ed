/**
 * Escaping for the XML Accord writes. Besides the five markup characters, characters XML 1.0 does
 * not allow at all (C0 controls other than tab and line breaks, U+FFFE/U+FFFF, lone surrogates)
 * become U+FFFD, so a stray control character in a memo cannot make the file unreadable; carriage
 * returns and, in attributes, tabs and line feeds are written as character references, so a reader's
 * end-of-line and attribute-value normalisation gives back exactly what was written.
 */

// Lone surrogates: a high not followed by a low, or a low not preceded by a high.
const forbidden = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Text content of an element.
 *
 * @example
 * escapeXmlText('a < b & "c"\r\n') // 'a &lt; b &amp; "c"&#13;\n'
 */
export function escapeXmlText(value: string): string {
  return value.replace(forbidden, '\ufffd').replace(/[&<>\r]/g, (ch) => textEntities[ch]!);
}

/**
 * An attribute value, to be written between double quotes.
 *
 * @example
 * escapeXmlAttribute('Tom & "Jerry"\n') // 'Tom &amp; &quot;Jerry&quot;&#10;'
 */
export function escapeXmlAttribute(value: string): string {
  return value.replace(forbidden, '\ufffd').replace(/[&<>"\t\n\r]/g, (ch) => attributeEntities[ch]!);
}

const textEntities: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };
const attributeEntities: Readonly<Record<string, string>> = {
  ...textEntities,
  '"': '&quot;',
  '\t': '&#9;',
  '\n': '&#10;',
};

/**
 * A finite number as `xsd:decimal`, which has no exponent: JavaScript writes 1e-7 and 1e21 that way.
 *
 * @example
 * toXsdDecimal(1.5e-7) // '0.00000015'
 * toXsdDecimal(2e21)   // '2000000000000000000000'
 */
export function toXsdDecimal(value: number): string {
  const plain = String(value);
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(plain);
  if (!match) return plain;
  const [, sign, lead, fraction = '', exponentText] = match;
  const digits = lead! + fraction;
  const point = 1 + Number(exponentText); // position of the decimal point within `digits`
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}
