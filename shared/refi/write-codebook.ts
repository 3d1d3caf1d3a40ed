import { invalidModel, ModelChecker } from './model-check.ts';
import type { RefiCode, RefiCodebook } from './refi-model.ts';
import { escapeXmlAttribute, escapeXmlText } from './xml-text.ts';

export const codebookNamespace = 'urn:QDA-XML:codebook:1.0';

/**
 * A `.qdc` codebook: UTF-8 XML (no byte-order mark) in the `urn:QDA-XML:codebook:1.0` namespace:
 * the code tree with colours, definitions (`Description`) and codability, then the sets of codes.
 * The schema needs at least one code; an empty codebook throws `RefiError('invalidModel')`.
 *
 * @example
 * writeCodebookXml({ origin: 'Accord 0.1.0', codes: [{ guid, name: 'Push', isCodable: true, color: '#E69F00', description: null, noteGuids: [], children: [] }], sets: [] })
 * // '<?xml version="1.0" encoding="utf-8"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="Accord 0.1.0">…'
 */
export function writeCodebookXml(codebook: RefiCodebook): string {
  const check = new ModelChecker();
  const codes = check.codes(codebook.codes);
  if (codes.size === 0) throw invalidModel('a codebook needs at least one code');
  for (const set of codebook.sets) {
    check.claim(set.guid, `set "${set.name}"`);
    set.codeGuids.forEach((guid) => check.reference(guid, codes, `set "${set.name}"`));
  }
  const out: string[] = ['<?xml version="1.0" encoding="utf-8"?>'];
  const origin = codebook.origin === null ? '' : ` origin="${escapeXmlAttribute(codebook.origin)}"`;
  out.push(`<CodeBook xmlns="${codebookNamespace}"${origin}>`, '  <Codes>');
  for (const code of codebook.codes) writeCode(out, code, 2);
  out.push('  </Codes>');
  if (codebook.sets.length > 0) {
    out.push('  <Sets>');
    for (const set of codebook.sets) {
      const head = `    <Set guid="${escapeXmlAttribute(set.guid)}" name="${escapeXmlAttribute(set.name)}"`;
      if (!set.description && set.codeGuids.length === 0) {
        out.push(`${head}/>`);
        continue;
      }
      out.push(`${head}>`);
      if (set.description) out.push(`      <Description>${escapeXmlText(set.description)}</Description>`);
      // The codebook schema names the member by `guid`, where the project schema uses `targetGUID`.
      for (const guid of set.codeGuids) out.push(`      <MemberCode guid="${escapeXmlAttribute(guid)}"/>`);
      out.push('    </Set>');
    }
    out.push('  </Sets>');
  }
  out.push('</CodeBook>');
  return `${out.join('\n')}\n`;
}

function writeCode(out: string[], code: RefiCode, depth: number): void {
  const indent = '  '.repeat(depth);
  const color = code.color === null ? '' : ` color="${escapeXmlAttribute(code.color)}"`;
  const head = `${indent}<Code guid="${escapeXmlAttribute(code.guid)}" name="${escapeXmlAttribute(code.name)}" isCodable="${code.isCodable}"${color}`;
  if (!code.description && code.children.length === 0) {
    out.push(`${head}/>`);
    return;
  }
  out.push(`${head}>`);
  // The codebook schema has no NoteRef on codes: a code's notes stay in the project export.
  if (code.description) out.push(`${indent}  <Description>${escapeXmlText(code.description)}</Description>`);
  for (const child of code.children) writeCode(out, child, depth + 1);
  out.push(`${indent}</Code>`);
}
