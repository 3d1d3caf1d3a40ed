import type { ReadReport } from './read-report.ts';
import { refiGuid } from './refi-guid.ts';
import type { RefiCode } from './refi-model.ts';
import { attribute, childrenByName, childText, guidAttribute } from './xml-access.ts';
import type { XmlElement } from './xml-tree.ts';

const colorPattern = /^#([0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})$/;

/** A code as read, with a mutable `noteGuids` so links and checks can be applied after reading. */
export interface CodeDraft extends RefiCode {
  readonly noteGuids: string[];
  readonly children: CodeDraft[];
}

/**
 * Reads `Code` elements (of a project's `CodeBook/Codes` or a `.qdc`'s `Codes`) into a tree. A code
 * without a GUID gets a stable one from its path (its sub-codes and codings would otherwise be
 * lost); a GUID seen twice keeps its first code, the later one is skipped with its sub-codes;
 * `isCodable` defaults to true; an unreadable colour is dropped. Each change is reported.
 */
export function readCodes(elements: readonly XmlElement[], report: ReadReport, seen: Set<string> = new Set(), path = ''): CodeDraft[] {
  const codes: CodeDraft[] = [];
  for (const [index, element] of elements.entries()) {
    const name = attribute(element, 'name') ?? '';
    const label = name || `(unnamed code ${index + 1})`;
    let guid = guidAttribute(element, 'guid');
    if (guid === null) {
      guid = refiGuid('imported-code', `${path}/${index}:${name}`);
      report.warn('code', label, 'The code has no GUID; Accord gave it one.');
    }
    if (seen.has(guid)) {
      report.skip('code', label, `Its GUID ${guid} is already used by another code, so it and its sub-codes were not imported.`);
      continue;
    }
    seen.add(guid);
    if (!name) report.warn('code', label, 'The code has no name; it was named by its position.');
    const { Description, NoteRef = [], Code = [] } = childrenByName(element, ['Description', 'NoteRef', 'Code'], report);
    const color = attribute(element, 'color');
    if (color !== null && !colorPattern.test(color)) report.warn('code', label, `Its colour "${color}" is not #rrggbb and was left out.`);
    const codable = attribute(element, 'isCodable');
    codes.push({
      guid,
      name: label,
      isCodable: codable === null ? true : codable !== 'false' && codable !== '0',
      color: color !== null && colorPattern.test(color) ? color : null,
      description: childText(Description),
      noteGuids: NoteRef.map((ref) => guidAttribute(ref, 'targetGUID')).filter((g): g is string => g !== null),
      children: readCodes(Code, report, seen, `${path}/${index}`),
    });
  }
  return codes;
}
