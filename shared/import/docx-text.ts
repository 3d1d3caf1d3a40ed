import { decodeCharacterReferences } from './character-references.ts';

export interface DocxText {
  /** Paragraphs separated by a blank line; not yet normalised. */
  readonly text: string;
  /** The document has tracked deletions (`w:del`, `w:moveFrom`), which were left out. */
  readonly hadDeletions: boolean;
  /** The document has tracked insertions (`w:ins`, `w:moveTo`), which were kept. */
  readonly hadInsertions: boolean;
}

const wordNamespaces = ['http://schemas.openxmlformats.org/wordprocessingml/2006/main', 'http://purl.oclc.org/ooxml/wordprocessingml/main'];

/**
 * Elements whose content is not part of the visible text: deleted revisions, field instructions
 * ("PAGE", "HYPERLINK …"), property blocks (whose `w:tab` elements are tab stops, not tabs), and
 * the fallback copy of alternate content (the chosen copy is read instead).
 */
const hiddenLocalNames = new Set([
  'del', 'moveFrom', 'delText', 'delInstrText', 'instrText', 'pPr', 'rPr', 'sectPr', 'tblPr', 'tblGrid', 'trPr', 'tcPr',
  'tblStylePr', 'fldData', 'customXmlPr', 'sdtPr', 'sdtEndPr',
]);

// Attribute values cannot contain "<" (XML 1.0 §3.1), so a broken tag fails at the next "<"
// instead of scanning the rest of the document: matching stays linear on hostile input.
// Attributes must start with white space, so the name and the attributes never compete for the
// same characters.
const tagPattern = /<(\/?)([^\s/<>]+)((?:\s(?:[^<>"']|"[^"<]*"|'[^'<]*')*?)?)(\/?)>/y;
const preserveSpace = /\bxml:space\s*=\s*["']preserve["']/;

/**
 * Extracts the visible text of a WordprocessingML `document.xml` without an XML library (it must
 * run in the browser and on the server alike). Each paragraph (`w:p`) becomes a block, blocks are
 * separated by a blank line (Word separates paragraphs by spacing, so without the blank line every
 * document would be one paragraph); `w:tab` becomes a tab, `w:br`/`w:cr` a line break; `w:t` text
 * is entity-decoded and trimmed unless `xml:space="preserve"`. Tracked changes are read as if
 * accepted: deletions left out, insertions kept. A table row becomes one block with its cells
 * separated by tabs, so "Interviewer | question" tables read as speaker turns.
 *
 * @example
 * readDocxText('<w:document xmlns:w="…/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>P07:</w:t><w:tab/><w:t>Hi</w:t></w:r></w:p></w:body></w:document>').text;
 * // 'P07:\tHi'
 */
export function readDocxText(xml: string): DocxText {
  const wordPrefix = namespacePrefix(xml);
  const localName = (qualifiedName: string): string | undefined => {
    const colon = qualifiedName.indexOf(':');
    const prefix = colon === -1 ? '' : qualifiedName.slice(0, colon);
    const name = qualifiedName.slice(colon + 1);
    // Alternate-content fallbacks belong to the markup-compatibility namespace, whatever its prefix.
    if (name === 'Fallback' && prefix !== wordPrefix) return 'Fallback';
    return prefix === wordPrefix ? name : undefined;
  };

  const blocks: string[] = [];
  /** Where finished paragraphs go: the document, or the table cell being read. */
  const sinks: string[][] = [blocks];
  const rows: string[][] = [];
  const paragraphs: string[][] = [];
  let hiddenDepth = 0;
  let textStart = -1;
  let preserve = false;
  let hadDeletions = false;
  let hadInsertions = false;

  const append = (value: string): void => {
    paragraphs[paragraphs.length - 1]?.push(value);
  };
  const emit = (value: string): void => {
    sinks[sinks.length - 1]?.push(value);
  };

  let position = 0;
  while (position < xml.length) {
    const open = xml.indexOf('<', position);
    if (open === -1) break;
    if (xml.startsWith('<!--', open)) {
      position = endOf(xml, '-->', open);
      continue;
    }
    if (xml.startsWith('<![CDATA[', open)) {
      const end = endOf(xml, ']]>', open);
      if (textStart !== -1) append(xml.slice(open + 9, end - 3));
      position = end;
      continue;
    }
    if (xml.startsWith('<?', open) || xml.startsWith('<!', open)) {
      position = endOf(xml, '>', open);
      continue;
    }
    tagPattern.lastIndex = open;
    const tag = tagPattern.exec(xml);
    if (!tag) {
      position = open + 1;
      continue;
    }
    position = tagPattern.lastIndex;
    const [, slash, qualifiedName = '', attributes = '', selfClosing] = tag;
    const closing = slash === '/';
    const name = localName(qualifiedName);
    if (name === undefined) continue;

    if (name === 'del' || name === 'moveFrom') hadDeletions = true;
    if (name === 'ins' || name === 'moveTo') hadInsertions = true;
    if (hiddenLocalNames.has(name) || name === 'Fallback') {
      if (!selfClosing) hiddenDepth += closing ? -1 : 1;
      continue;
    }
    if (hiddenDepth > 0) continue;

    if (name === 't') {
      if (closing) {
        if (textStart !== -1) append(textOf(xml.slice(textStart, open), preserve));
        textStart = -1;
      } else if (!selfClosing) {
        textStart = position;
        preserve = preserveSpace.test(attributes);
      }
    } else if (name === 'p') {
      if (selfClosing) emit('');
      else if (closing) emit((paragraphs.pop() ?? []).join(''));
      else paragraphs.push([]);
    } else if (name === 'tab' || name === 'ptab') {
      append('\t');
    } else if (name === 'br' || name === 'cr') {
      append('\n');
    } else if (name === 'noBreakHyphen') {
      append('-');
    } else if (name === 'tr' && !selfClosing) {
      if (closing) emit((rows.pop() ?? []).join('\t'));
      else rows.push([]);
    } else if (name === 'tc' && !selfClosing) {
      if (closing) rows[rows.length - 1]?.push((sinks.pop() ?? []).join('\n'));
      else sinks.push([]);
    }
  }
  return { text: blocks.join('\n\n'), hadDeletions, hadInsertions };
}

/** The prefix the document binds to the WordprocessingML namespace; Word always uses "w". */
function namespacePrefix(xml: string): string {
  const head = xml.slice(0, 8192);
  for (const namespace of wordNamespaces) {
    const declaration = new RegExp(String.raw`xmlns(?::([\w.-]+))?\s*=\s*["']${namespace.replace(/[.]/g, '\\.')}["']`).exec(head);
    if (declaration) return declaration[1] ?? '';
  }
  return 'w';
}

function textOf(raw: string, preserve: boolean): string {
  const text = decodeCharacterReferences(raw);
  // Without xml:space="preserve", whitespace at the edges of w:t is formatting of the XML itself.
  if (preserve) return text;
  let start = 0;
  let end = text.length;
  while (start < end && isXmlSpace(text.charCodeAt(start))) start += 1;
  while (end > start && isXmlSpace(text.charCodeAt(end - 1))) end -= 1;
  return text.slice(start, end);
}

function isXmlSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

function endOf(xml: string, terminator: string, from: number): number {
  const index = xml.indexOf(terminator, from);
  return index === -1 ? xml.length : index + terminator.length;
}
