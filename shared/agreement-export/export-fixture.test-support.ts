import { buildAgreementReport, type AgreementStudy } from '../agreement/index.ts';
import { readAgreementQuery } from './agreement-query.ts';
import type { ExportInput } from './report-rows.ts';
import { sectionUnitCounts } from './unit-counts.ts';

/** A small two-coder study whose names try to break CSV and HTML. */
export const hostileStudy: AgreementStudy = {
  documents: [
    { id: 'd1', length: 100 },
    { id: 'd2', length: 60 },
  ],
  coders: [
    { id: 'ana', name: 'Ana, "the PI"' },
    { id: 'ben', name: '<script>alert(1)</script>' },
  ],
  codes: [
    { id: 'hope', name: 'Hope, fear & "trust"', domain: 'Affect' },
    { id: 'rare', name: '=HYPERLINK("http://x")' },
    { id: 'none', name: 'Never used' },
  ],
  codings: [
    { documentId: 'd1', coderId: 'ana', codeId: 'hope', start: 0, end: 40 },
    { documentId: 'd1', coderId: 'ben', codeId: 'hope', start: 5, end: 40 },
    { documentId: 'd2', coderId: 'ana', codeId: 'hope', start: 10, end: 30 },
    { documentId: 'd2', coderId: 'ben', codeId: 'hope', start: 10, end: 30 },
    { documentId: 'd1', coderId: 'ana', codeId: 'rare', start: 50, end: 60 },
  ],
};

export function exportInput(query = readAgreementQuery({ unit: 'character' })): ExportInput {
  const unit = { kind: query.unit } as { kind: 'character' };
  const report = buildAgreementReport(hostileStudy, { unit });
  const cells = buildAgreementReport(hostileStudy, { unit, sections: { perCode: false, perDocument: false, perCoderPair: false, perDomain: false, perCodeDocument: true } });
  return {
    projectName: 'Wave 2 <b>pilot</b>',
    query,
    snapshot: {
      version: 'v.1',
      report,
      bootstrap: null,
      coders: hostileStudy.coders,
      codes: hostileStudy.codes,
      documents: hostileStudy.documents,
      orphanedCodings: 0,
      computedMs: 1,
    },
    documents: [
      { id: 'd1', name: 'P01, "first" interview' },
      { id: 'd2', name: 'P02 <img src=x onerror=alert(2)>' },
    ],
    unitCounts: sectionUnitCounts(hostileStudy, { unit, excludeUncoded: false }),
    perCodeDocument: cells.perCodeDocument,
    softwareVersion: '9.8.7',
    generatedAt: '2026-03-12T14:05:00.000Z',
  };
}
