import type { AgreementStudy } from './agreement-study.ts';
import { continuumCodes, type Continuum } from './continuum.ts';

/**
 * A one-document study from a continuum (README §2), so that a continuum file gets the same
 * report as a project: coders `coder1…coderM`, the document `text`, codes in order of appearance
 * with their domains.
 *
 * @example
 * buildAgreementReport(continuumStudy(validateContinuum(input))).perCode
 */
export function continuumStudy(continuum: Continuum, documentId = 'text'): AgreementStudy {
  const coders = continuum.coders.map((_, i) => ({ id: `coder${i + 1}` }));
  return {
    documents: [{ id: documentId, length: continuum.length }],
    coders,
    codes: continuumCodes(continuum).map((id) => ({ id, domain: continuum.domains.get(id) ?? null })),
    codings: continuum.coders.flatMap((segments, i) =>
      segments.map((s) => ({ documentId, coderId: `coder${i + 1}`, codeId: s.code, start: s.start, end: s.end })),
    ),
  };
}
