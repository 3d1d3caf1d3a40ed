import { readCodes } from './read-codes.ts';
import { ReadReport } from './read-report.ts';
import { RefiError } from './refi-error.ts';
import { refiGuid } from './refi-guid.ts';
import { formatOverLimit, resolveRefiLimits, type RefiLimits } from './refi-limits.ts';
import { walkCodes, type RefiCodebook, type RefiCodeSet, type RefiSkipped } from './refi-model.ts';
import { attribute, checkRoot, childrenByName, childText, guidAttribute } from './xml-access.ts';
import { parseXml } from './xml-tree.ts';

export interface RefiCodebookReadResult {
  readonly codebook: RefiCodebook;
  readonly skipped: RefiSkipped[];
  readonly warnings: RefiSkipped[];
}

/**
 * Reads a `.qdc` codebook with the same defences as a project's XML (no DTD, strict parsing,
 * size limits). Accepts what Taguette, ATLAS.ti, MAXQDA, NVivo and QualCoder write: the 1.0
 * namespace or none, an `xsi:schemaLocation` naming another version (ATLAS.ti writes
 * `urn:QDA-XML:codebook:0:4` there beside the 1.0 namespace; the location is never followed),
 * set members by `guid` (the codebook schema) or `targetGUID` (the project schema).
 *
 * @example
 * const { codebook } = readCodebook(bytes, { fileName: 'codes.qdc' });
 * codebook.codes.map((code) => code.name) // ['Push', 'Pull', …]
 */
export function readCodebook(bytes: Uint8Array, options: { readonly fileName?: string; readonly limits?: RefiLimits } = {}): RefiCodebookReadResult {
  const fileName = options.fileName ?? 'codebook.qdc';
  const limits = resolveRefiLimits(options.limits);
  if (bytes.length > limits.maxBytes) {
    const sizes = formatOverLimit(bytes.length, limits.maxBytes);
    throw new RefiError('tooLarge', `${fileName} is ${sizes.size}, more than the ${sizes.limit} Accord accepts.`);
  }
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    throw new RefiError('notRefi', `${fileName} is a zip archive (a .qdpx project?), not a codebook; import it as a project, or export the codebook as .qdc.`);
  }
  const root = parseXml(bytes, fileName, limits);
  checkRoot(root, 'CodeBook', 'codebook', fileName);
  const report = new ReadReport();
  if (root.namespace === null) report.warn('element', 'CodeBook', 'The codebook has no QDA-XML namespace; it was read as QDA-XML 1.0.');
  const groups = childrenByName(root, ['Codes', 'Sets'], report);
  const guids = new Set<string>();
  const codes = (groups.Codes ?? []).flatMap((element) => readCodes(childrenByName(element, ['Code'], report).Code ?? [], report, guids));
  const codeGuids = new Set([...walkCodes(codes)].map((code) => code.guid));
  const sets: RefiCodeSet[] = [];
  for (const element of (groups.Sets ?? []).flatMap((sets) => childrenByName(sets, ['Set'], report).Set ?? [])) {
    const name = attribute(element, 'name') ?? 'Set';
    const setGroups = childrenByName(element, ['Description', 'MemberCode'], report);
    let guid = guidAttribute(element, 'guid') ?? refiGuid('imported-set', name);
    for (let attempt = 1; guids.has(guid); attempt++) guid = refiGuid('imported-set', `${name}:${attempt}`);
    guids.add(guid);
    const members: string[] = [];
    for (const member of setGroups.MemberCode ?? []) {
      const code = guidAttribute(member, 'guid') ?? guidAttribute(member, 'targetGUID');
      if (code !== null && codeGuids.has(code)) members.push(code);
      else report.warn('set', name, 'The set lists a code that is not in the codebook; it was left out.');
    }
    sets.push({ guid, name, description: childText(setGroups.Description), codeGuids: members });
  }
  if (codeGuids.size === 0) report.warn('codebook', fileName, 'The codebook has no codes.');
  return { codebook: { origin: attribute(root, 'origin'), codes, sets }, skipped: report.skipped, warnings: report.warnings };
}
