import { SaxesParser } from 'saxes';
import { RefiError } from './refi-error.ts';
import { formatOverLimit } from './refi-limits.ts';

/** One element of a parsed document: local names, attributes by local name (prefixed ones keep their prefix). */
export interface XmlElement {
  readonly name: string;
  /** The namespace URI of the element, or null when it has none. */
  readonly namespace: string | null;
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: readonly XmlElement[];
  /** The element's own character data and CDATA, concatenated (not its children's). */
  readonly text: string;
  /** 1-based line of the start tag, for messages. */
  readonly line: number;
}

export interface XmlLimits {
  readonly maxXmlBytes: number;
  readonly maxElements: number;
  readonly maxDepth: number;
}

interface MutableElement {
  name: string;
  namespace: string | null;
  attributes: Map<string, string>;
  children: MutableElement[];
  text: string;
  line: number;
  prefixes: Map<string, string> | null;
}

/**
 * Decodes and parses an XML document into a small tree, refusing anything unsafe before parsing:
 * a DTD (`<!DOCTYPE …>`, where entities — billion laughs, external files — would be declared) is
 * refused from the prolog, and the strict saxes parser knows only XML's five entities, so nothing
 * is ever expanded or fetched. Malformed XML is refused naming the line and column. Namespaces
 * are resolved by hand (an undeclared prefix is tolerated, as some tools write `xsi:` without
 * declaring it); a missing namespace is not an error.
 *
 * @example
 * parseXml(new TextEncoder().encode('<Project xmlns="urn:QDA-XML:project:1.0" name="S"/>'), 'project.qde', limits)
 * // { name: 'Project', namespace: 'urn:QDA-XML:project:1.0', attributes: Map { 'name' => 'S' }, children: [], … }
 */
export function parseXml(bytes: Uint8Array, fileName: string, limits: XmlLimits): XmlElement {
  if (bytes.length > limits.maxXmlBytes) {
    const sizes = formatOverLimit(bytes.length, limits.maxXmlBytes);
    throw new RefiError('tooLarge', `${fileName} is ${sizes.size}, more than the ${sizes.limit} Accord reads.`);
  }
  const text = decodeXml(bytes, fileName);
  refuseDoctype(text, fileName);
  return buildTree(text, fileName, limits);
}

/** XML is UTF-8 unless it starts with a UTF-16 byte-order mark (XML 1.0 §4.3.3); a UTF-8 BOM is dropped. */
function decodeXml(bytes: Uint8Array, fileName: string): string {
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : undefined;
  try {
    return new TextDecoder(utf16 ?? 'utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw new RefiError('encoding', `${fileName} is not valid ${utf16 ?? 'UTF-8'} text, as QDA-XML requires; export the project again.`, { cause: error });
  }
}

/**
 * A DTD can only stand in the prolog, before the root element: skip the XML declaration,
 * processing instructions, comments and white space, and refuse any other `<!`.
 */
function refuseDoctype(text: string, fileName: string): void {
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    while (at < text.length && /\s/.test(text[at]!)) at++;
    if (text.startsWith('<?', at)) {
      const end = text.indexOf('?>', at + 2);
      if (end === -1) return; // the parser reports it
      at = end + 2;
    } else if (text.startsWith('<!--', at)) {
      const end = text.indexOf('-->', at + 4);
      if (end === -1) return;
      at = end + 3;
    } else if (text.startsWith('<!', at)) {
      throw dtdError(fileName, lineOf(text, at));
    } else return;
  }
}

function dtdError(fileName: string, line: number): RefiError {
  return new RefiError(
    'dtd',
    `${fileName} declares a document type (<!DOCTYPE …>, line ${line}). QDA-XML never needs one, and it could define ` +
      'entities that expand without end or read files, so the file was not opened.',
  );
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function buildTree(text: string, fileName: string, limits: XmlLimits): XmlElement {
  const parser = new SaxesParser({ xmlns: false, position: true, fileName });
  const stack: MutableElement[] = [];
  let root: MutableElement | undefined;
  let elements = 0;
  let failure: RefiError | undefined;

  const stop = (error: RefiError): never => {
    failure = error;
    throw error;
  };

  // Second line of defence: saxes does not expand a DTD, but none may pass at all.
  parser.on('doctype', () => stop(dtdError(fileName, parser.line)));
  parser.on('opentag', (tag) => {
    elements++;
    if (elements > limits.maxElements) stop(new RefiError('tooLarge', `${fileName} has more than ${limits.maxElements} elements, more than Accord reads.`));
    if (stack.length >= limits.maxDepth) stop(new RefiError('tooLarge', `${fileName} nests elements more than ${limits.maxDepth} deep (line ${parser.line}), more than Accord reads.`));
    const parent = stack[stack.length - 1];
    let prefixes: Map<string, string> | null = null;
    const attributes = new Map<string, string>();
    for (const [qualified, attribute] of Object.entries(tag.attributes)) {
      if (qualified === 'xmlns' || qualified.startsWith('xmlns:')) {
        prefixes ??= new Map();
        prefixes.set(qualified === 'xmlns' ? '' : qualified.slice(6), attribute);
      } else attributes.set(qualified, attribute);
    }
    const colon = tag.name.indexOf(':');
    const prefix = colon === -1 ? '' : tag.name.slice(0, colon);
    const element: MutableElement = {
      name: colon === -1 ? tag.name : tag.name.slice(colon + 1),
      namespace: null,
      attributes,
      children: [],
      text: '',
      line: parser.line,
      prefixes,
    };
    stack.push(element);
    element.namespace = resolvePrefix(stack, prefix);
    if (parent) parent.children.push(element);
    else root = element;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.on('text', (data) => {
    const current = stack[stack.length - 1];
    if (current) current.text += data;
  });
  parser.on('cdata', (data) => {
    const current = stack[stack.length - 1];
    if (current) current.text += data;
  });

  try {
    parser.write(text).close();
  } catch (error) {
    if (failure) throw failure;
    const message = error instanceof Error ? error.message : String(error);
    // saxes messages read "fileName:line:column: problem".
    const match = /:(\d+):(\d+): (.*)$/s.exec(message);
    const where = match ? `line ${match[1]}, column ${Number(match[2]) + 1}` : `line ${parser.line}`;
    const problem = (match ? match[3]! : message).replace(/\.$/, '');
    throw new RefiError('malformedXml', `${fileName} is not well-formed XML (${where}: ${problem}), so it cannot be read. Export it again from the program that made it.`, {
      cause: error,
    });
  }
  if (!root) throw new RefiError('malformedXml', `${fileName} has no root element, so it cannot be read.`);
  return root;
}

/** The URI bound to `prefix` by the nearest enclosing declaration; null when none (tolerated). */
function resolvePrefix(stack: readonly MutableElement[], prefix: string): string | null {
  for (let i = stack.length - 1; i >= 0; i--) {
    const bound = stack[i]!.prefixes?.get(prefix);
    if (bound !== undefined) return bound === '' ? null : bound;
  }
  return null;
}
