import { RefiError } from './refi-error.ts';
import { normalizeGuid } from './refi-guid.ts';
import type { ReadReport } from './read-report.ts';
import type { XmlElement } from './xml-tree.ts';

/** Whether an element belongs to QDA-XML: any `urn:QDA-XML:` namespace, or none (some tools omit it). */
export function isQdaElement(element: XmlElement): boolean {
  return element.namespace === null || element.namespace.startsWith('urn:QDA-XML:');
}

/**
 * The QDA-XML children of an element grouped by name. Children the schema does not define there,
 * and elements of other namespaces (vendor extensions), are ignored — never fatal — and reported
 * once per name as a warning.
 *
 * @example
 * const { Users = [], CodeBook = [] } = childrenByName(project, ['Users', 'CodeBook'], report);
 */
export function childrenByName(element: XmlElement, known: readonly string[], report: ReadReport): Partial<Record<string, XmlElement[]>> {
  const groups: Partial<Record<string, XmlElement[]>> = {};
  for (const child of element.children) {
    if (isQdaElement(child) && known.includes(child.name)) (groups[child.name] ??= []).push(child);
    else reportUnknownElement(report, child, element);
  }
  return groups;
}

/** One warning per element name and place, however often it occurs. */
export function reportUnknownElement(report: ReadReport, element: XmlElement, parent: XmlElement): void {
  const where = `<${element.name}> in <${parent.name}>`;
  report.warn('element', `${element.name} in ${parent.name}`, `${where} is not part of QDA-XML 1.0 (perhaps a vendor extension); it was ignored.`);
}

/** An attribute, trimmed; null when absent or empty. */
export function attribute(element: XmlElement, name: string): string | null {
  const value = element.attributes.get(name)?.trim();
  return value ? value : null;
}

/** A GUID-valued attribute in the model's form (lower case, no braces); null when absent. */
export function guidAttribute(element: XmlElement, name: string): string | null {
  const value = attribute(element, name);
  return value === null ? null : normalizeGuid(value);
}

/** The text of the first child of that name (`Description`, `PlainTextContent`); null when absent or empty. */
export function childText(children: readonly XmlElement[] | undefined): string | null {
  const text = children?.[0]?.text;
  return text ? text : null;
}

/** The root must be `Project` (or `CodeBook`) with a QDA-XML namespace of that kind, or none. */
export function checkRoot(root: XmlElement, name: string, kind: 'project' | 'codebook', what: string): void {
  const namespaceOk = root.namespace === null || root.namespace.toLowerCase().startsWith(`urn:qda-xml:${kind}:`);
  if (root.name !== name || !namespaceOk) {
    const found = root.namespace ? `<${root.name}> in ${root.namespace}` : `<${root.name}>`;
    throw new RefiError('notRefi', `${what} is ${found}, not a QDA-XML ${kind} (<${name}> in urn:QDA-XML:${kind}:1.0), so it cannot be imported.`);
  }
}
