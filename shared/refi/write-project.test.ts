import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { codebookSchema, hasXmllint, projectSchema, sampleProject, validateXml } from '../../tests/fixtures/refi/refi-fixtures.ts';
import { requireOrSkip } from '../../tests/support/requirements.ts';
import { RefiError } from './refi-error.ts';
import type { RefiProject } from './refi-model.ts';
import { writeCodebookXml } from './write-codebook.ts';
import { writeProjectXml, writeQdpx } from './write-project.ts';

const xmllint = requireOrSkip(hasXmllint(), 'xmllint (Debian package libxml2-utils, for REFI-QDA schema validation)');

function captureError(action: () => unknown): RefiError {
  try {
    action();
  } catch (error) {
    if (error instanceof RefiError) return error;
    throw error;
  }
  throw new Error('expected a RefiError');
}

describe('writeProjectXml', () => {
  it.runIf(xmllint)('writes a project.qde that validates against the REFI-QDA Project schema (QDA-XML 1.0)', () => {
    const result = validateXml(writeProjectXml(sampleProject()), projectSchema);
    expect(result.output).toContain('- validates');
    expect(result.valid).toBe(true);
  });

  it.runIf(xmllint)('the schema check catches a file out of the schema’s order (the check itself works)', () => {
    const xml = writeProjectXml(sampleProject()).replace(/(<Users>[\s\S]*?<\/Users>)\s*(<CodeBook>[\s\S]*?<\/CodeBook>)/, '$2$1');
    expect(validateXml(xml, projectSchema).valid).toBe(false);
  });

  it.runIf(xmllint)('validates a minimal project (no users, codes or sources: empty lists are left out)', () => {
    const empty: RefiProject = { ...sampleProject(), users: [], codes: [], variables: [], cases: [], sources: [], notes: [], sets: [], noteGuids: [], creatingUser: null, modifyingUser: null };
    const xml = writeProjectXml(empty);
    expect(xml).not.toContain('<Users');
    expect(validateXml(xml, projectSchema).valid).toBe(true);
  });

  it('is UTF-8 without a byte-order mark, in the 1.0 namespace, with internal:// text paths', () => {
    const xml = writeProjectXml(sampleProject());
    expect(xml.charCodeAt(0)).toBe('<'.charCodeAt(0));
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="urn:QDA-XML:project:1.0"')).toBe(true);
    const source = sampleProject().sources[0]!;
    expect(xml).toContain(`plainTextPath="internal://${source.guid}.txt"`);
  });

  it('escapes attributes and text: quotes, ampersands, angle brackets and line breaks', () => {
    const xml = writeProjectXml(sampleProject());
    expect(xml).toContain('name="Kit study — &quot;pathways&quot; &amp; &lt;stages&gt;"');
    expect(xml).toContain('name="Chen &lt;Wei&gt; &amp; co"');
    expect(xml).toContain('<Description>Flag included.&#13;\nSecond line &amp; &lt;tags&gt;.</Description>');
  });

  it('writes elements in the schema’s order within a text source and a selection', () => {
    const xml = writeProjectXml(sampleProject());
    const order = ['<Users>', '<CodeBook>', '<Variables>', '<Cases>', '<Sources>', '<Notes>', '<Sets>', '<NoteRef'].map((tag) => xml.lastIndexOf(tag));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    const selection = xml.slice(xml.indexOf('<PlainTextSelection'), xml.indexOf('</PlainTextSelection>'));
    expect(selection.indexOf('<Description>')).toBeLessThan(selection.indexOf('<Coding'));
  });

  it('writes selection positions in code points', () => {
    const project = sampleProject();
    const selection = project.sources[0]!.selections[0]!;
    const text = project.sources[0]!.text;
    const utf16Start = text.indexOf('It was pushed');
    expect(selection.start).toBe(Array.from(text.slice(0, utf16Start)).length);
    expect(selection.start).toBeLessThan(utf16Start); // the 📦 before it is two code units, one code point
    expect(writeProjectXml(project)).toContain(`startPosition="${selection.start}" endPosition="${selection.end}"`);
  });

  it('refuses a model with a malformed GUID, a repeated GUID, a dangling reference or an offset past the text', () => {
    const project = sampleProject();
    const source = project.sources[0]!;
    const selection = source.selections[0]!;
    const variants: [string, RefiProject, RegExp][] = [
      ['bad guid', { ...project, users: [{ guid: 'ana', name: 'Ana', id: null }, ...project.users] }, /user "Ana" has the GUID "ana", which is not a GUID/],
      ['repeated guid', { ...project, sets: [...project.sets, { ...project.sets[0]!, name: 'Copy' }] }, /set "Copy" has the same GUID as set "Stages"/],
      [
        'unknown code',
        { ...project, sources: [{ ...source, selections: [{ ...selection, codings: [{ ...selection.codings[0]!, codeGuid: project.sets[0]!.guid }] }] }] },
        /refers to .*, which is not in the project/,
      ],
      ['past the text', { ...project, sources: [{ ...source, selections: [{ ...selection, end: 10_000 }] }] }, /is not within its \d+ characters/],
      ['bad colour', { ...project, codes: [{ ...project.codes[0]!, color: 'red' }] }, /has the colour "red"/],
      ['bad date', { ...project, creationDateTime: '1 May 2024' }, /is not an xsd:dateTime/],
      ['bad value', { ...project, cases: [{ ...project.cases[0]!, values: [{ variableGuid: project.variables[1]!.guid, value: 'twelve' }] }] }, /"twelve" .* is not a valid Float/],
    ];
    for (const [, model, message] of variants) {
      const error = captureError(() => writeProjectXml(model));
      expect(error.reason).toBe('invalidModel');
      expect(error.message).toMatch(message);
    }
  });
});

describe('writeQdpx', () => {
  it('zips project.qde with every source and note as sources/<guid>.txt, UTF-8 without BOM', () => {
    const project = sampleProject();
    const files = unzipSync(writeQdpx(project));
    expect(Object.keys(files).sort()).toEqual(
      ['project.qde', ...[...project.sources, ...project.notes].map((item) => `sources/${item.guid}.txt`)].sort(),
    );
    const text = files[`sources/${project.sources[0]!.guid}.txt`]!;
    expect(text[0]).not.toBe(0xef);
    expect(strFromU8(text)).toBe(project.sources[0]!.text);
    expect(strFromU8(files['project.qde']!)).toBe(writeProjectXml(project));
  });

  it('gives the same bytes for the same model, so re-exports are stable', () => {
    expect(writeQdpx(sampleProject())).toEqual(writeQdpx(sampleProject()));
  });
});

describe('writeCodebookXml', () => {
  const project = sampleProject();
  const codebook = { origin: 'Accord 0.1.0', codes: project.codes, sets: project.sets.filter((s) => s.codeGuids.length > 0) };

  it.runIf(xmllint)('writes a .qdc that validates against the REFI-QDA Codebook schema', () => {
    const result = validateXml(writeCodebookXml(codebook), codebookSchema);
    expect(result.output).toContain('- validates');
    expect(result.valid).toBe(true);
  });

  it('names set members by guid, as the codebook schema does', () => {
    expect(writeCodebookXml(codebook)).toContain(`<MemberCode guid="${project.codes[0]!.children[0]!.guid}"/>`);
  });

  it('refuses an empty codebook, which the schema does not allow', () => {
    expect(captureError(() => writeCodebookXml({ origin: null, codes: [], sets: [] })).reason).toBe('invalidModel');
  });
});
