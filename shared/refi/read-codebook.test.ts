import { describe, expect, it } from 'vitest';
import { bracedUpper, guid } from '../../tests/fixtures/refi/refi-fixtures.ts';
import { readCodebook } from './read-codebook.ts';
import { RefiError } from './refi-error.ts';
import type { RefiCode } from './refi-model.ts';

const encode = (xml: string) => new TextEncoder().encode(xml);
const names = (codes: readonly RefiCode[]): unknown[] => codes.map((code) => (code.children.length ? [code.name, names(code.children)] : code.name));

function refusal(xml: string): RefiError {
  try {
    readCodebook(encode(xml), { fileName: 'codes.qdc' });
  } catch (error) {
    if (error instanceof RefiError) return error;
    throw error;
  }
  throw new Error('expected a RefiError');
}

describe('readCodebook', () => {
  it('reads Taguette’s codebook: no namespace, upper-case GUIDs, flat codes, an empty Sets', () => {
    // As Taguette's write_codebook writes it (SAX, no namespace).
    const xml =
      '<?xml version="1.0" encoding="utf-8"?>\n<CodeBook origin="Taguette 1.4.1"><Codes>' +
      `<Code guid="${guid('t1').toUpperCase()}" name="interesting" isCodable="true"></Code>` +
      `<Code guid="${guid('t2').toUpperCase()}" name="interesting.quote" isCodable="true"></Code>` +
      '</Codes><Sets></Sets></CodeBook>';
    const { codebook, skipped, warnings } = readCodebook(encode(xml));
    expect(codebook.origin).toBe('Taguette 1.4.1');
    expect(codebook.codes.map((c) => [c.guid, c.name])).toEqual([
      [guid('t1'), 'interesting'],
      [guid('t2'), 'interesting.quote'],
    ]);
    expect(codebook.sets).toEqual([]);
    expect(skipped).toEqual([]);
    expect(warnings).toEqual([{ kind: 'element', name: 'CodeBook', reason: 'The codebook has no QDA-XML namespace; it was read as QDA-XML 1.0.' }]);
  });

  it('reads ATLAS.ti’s codebook: a 0:4 schemaLocation beside the 1.0 namespace, braces, colours, nesting, sets', () => {
    const xml =
      '<?xml version="1.0" encoding="utf-8"?>\n' +
      '<CodeBook xmlns="urn:QDA-XML:codebook:1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
      'xsi:schemaLocation="urn:QDA-XML:codebook:0:4 Codebook.xsd" origin="ATLAS.ti 23.2.1">\n' +
      '<Codes>\n' +
      `  <Code guid="${bracedUpper(guid('a1'))}" name="Stages" isCodable="false" color="#AABBCC">\n` +
      '    <Description>Pathway stages</Description>\n' +
      `    <Code guid="${bracedUpper(guid('a2'))}" name="Push" isCodable="true" color="#f00"/>\n` +
      '  </Code>\n' +
      '</Codes>\n' +
      `<Sets><Set guid="${guid('s1')}" name="Stage set"><Description>ordered</Description><MemberCode guid="${bracedUpper(guid('a2'))}"/></Set></Sets>\n` +
      '</CodeBook>';
    const { codebook, skipped, warnings } = readCodebook(encode(xml));
    expect(names(codebook.codes)).toEqual([['Stages', ['Push']]]);
    expect(codebook.codes[0]).toMatchObject({ guid: guid('a1'), isCodable: false, color: '#AABBCC', description: 'Pathway stages' });
    expect(codebook.codes[0]!.children[0]).toMatchObject({ guid: guid('a2'), color: '#f00', isCodable: true, description: null });
    expect(codebook.sets).toEqual([{ guid: guid('s1'), name: 'Stage set', description: 'ordered', codeGuids: [guid('a2')] }]);
    expect(skipped).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('accepts set members named by targetGUID (the project schema’s spelling)', () => {
    const xml = `<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="${guid('c')}" name="C" isCodable="true"/></Codes><Sets><Set guid="${guid('s')}" name="S"><MemberCode targetGUID="${guid('c')}"/></Set></Sets></CodeBook>`;
    expect(readCodebook(encode(xml)).codebook.sets[0]!.codeGuids).toEqual([guid('c')]);
  });

  it('gives codes without a GUID a stable one, and skips a code whose GUID repeats', () => {
    const xml = `<CodeBook><Codes><Code name="No guid" isCodable="true"/><Code guid="${guid('x')}" name="X" isCodable="true"/><Code guid="${guid('x')}" name="Again" isCodable="true"><Code guid="${guid('y')}" name="Lost child" isCodable="true"/></Code></Codes></CodeBook>`;
    const first = readCodebook(encode(xml));
    expect(first.codebook.codes.map((c) => c.name)).toEqual(['No guid', 'X']);
    expect(readCodebook(encode(xml)).codebook.codes[0]!.guid).toBe(first.codebook.codes[0]!.guid);
    expect(first.skipped).toEqual([{ kind: 'code', name: 'Again', reason: `Its GUID ${guid('x')} is already used by another code, so it and its sub-codes were not imported.` }]);
  });

  it('refuses a DTD, malformed XML (naming the line), another root and a zip', () => {
    expect(refusal('<!DOCTYPE CodeBook [<!ENTITY x SYSTEM "file:///etc/passwd">]><CodeBook>&x;</CodeBook>').reason).toBe('dtd');
    const malformed = refusal('<CodeBook>\n<Codes>\n<Code name="a" isCodable="true">\n</Codes></CodeBook>');
    expect(malformed.reason).toBe('malformedXml');
    expect(malformed.message).toContain('line 4');
    expect(refusal('<Project xmlns="urn:QDA-XML:project:1.0" name="p"/>').reason).toBe('notRefi');
    expect(refusal('PK\u0003\u0004 rest of a zip').reason).toBe('notRefi');
  });
});
