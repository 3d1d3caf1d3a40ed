import { describe, expect, it } from 'vitest';
import { aggregate } from '../aggregate.ts';
import { filterEdges } from '../filter-edges.ts';
import type { EvidenceRef, ParticipantMerge } from '../types.ts';
import { example1Merge, example1Scope, example3Pathways, example3Scope, exampleStageSet } from '../worked-examples.ts';
import { edgeCsvColumns, field, toCsv, toVariantsCsv } from './csv.ts';

const example3 = aggregate(
  example3Pathways.map((pathway) => ({ kind: 'single' as const, pathway })),
  { stageSet: exampleStageSet, scope: example3Scope },
);
const withQuotes = (merge: ParticipantMerge): ParticipantMerge => ({ ...merge, edges: merge.edges.map((edge) => ({ ...edge, evidence: edge.evidence.map((ref): EvidenceRef => ({ ...ref, quote: `${ref.segmentId}, "quoted"` })) })) });
const example1 = aggregate([{ kind: 'merged', merge: withQuotes(example1Merge) }], { stageSet: exampleStageSet, scope: example1Scope });

/** A minimal RFC 4180 reader for the tests: rows of fields. */
function parse(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\n') row.push(cell), rows.push(row), (row = []), (cell = '');
    else cell += c;
  }
  return rows;
}
const records = (text: string) => {
  const [header, ...rows] = parse(text);
  return rows.map((row) => Object.fromEntries((header as string[]).map((name, i) => [name, row[i]])));
};

describe('toCsv (edges × participant × coder, spec §2.8)', () => {
  it('writes one row per edge × participant × coder for example 1, with exit and entry quotes', () => {
    const rows = records(toCsv(example1, { provenance: false }));
    expect(rows.map((r) => `${r.edgeId} ${r.participantId} ${r.coder} ${r.support}/${r.total} ${r.disputed}`)).toEqual([
      '__start__->push P1 A 2/2 false',
      '__start__->push P1 B 2/2 false',
      'push->pull P1 A 2/2 false',
      'push->pull P1 B 2/2 false',
      'push->cocreation P1 B 1/2 true',
      'pull->push P1 B 1/2 true',
      'pull->cocreation P1 A 1/2 true',
      'cocreation->__end__ P1 A 2/2 false',
      'cocreation->__end__ P1 B 2/2 false',
    ]);
    expect(rows[2]).toMatchObject({ fromLabel: 'Push models', toLabel: 'Pull models', direction: 'forward', exitSegmentIds: 'a2', exitQuotes: 'a2, "quoted"', entrySegmentIds: 'a3', entryQuotes: 'a3, "quoted"', occurrences: '' });
  });

  it('lists every participant of every edge even without evidence (example 3: 19 rows), with occurrences', () => {
    const rows = records(toCsv(example3, { provenance: false }));
    expect(rows).toHaveLength(19);
    expect(rows.filter((r) => r.edgeId === 'push->pull').map((r) => `${r.participantId} ${r.participants} ${r.occurrences} ${r.coder}`)).toEqual(['P1 3 4 ', 'P2 3 4 ', 'P4 3 4 ']);
  });

  it('joins several occurrences of one edge for one participant and coder in text order', () => {
    const resolved = aggregate(
      example3Pathways.map((pathway) => ({ kind: 'single' as const, pathway })),
      { stageSet: exampleStageSet, scope: example3Scope, evidenceOf: ({ segmentId, role, pathway }) => ({ segmentId, role, layer: pathway.layer, participantId: pathway.participantId, transcriptId: pathway.transcriptId, codeId: 'x', start: Number(segmentId.split(':')[2]) * 100, end: 0, quote: `q${segmentId.split(':')[2]}` }) },
    );
    const p4 = records(toCsv(resolved, { provenance: false })).find((r) => r.edgeId === 'push->pull' && r.participantId === 'P4');
    expect(p4).toMatchObject({ coder: 'consensus', exitSegmentIds: 'consensus:P4:0 | consensus:P4:2', exitQuotes: 'q0 | q2', entryQuotes: 'q1 | q3' });
  });

  it('marks edges kept for connectivity', () => {
    const rows = records(toCsv(filterEdges(example3, { minParticipants: 4 }), { provenance: false }));
    expect(new Set(rows.filter((r) => r.keptForConnectivity === 'true').map((r) => r.edgeId))).toEqual(new Set(['push->pull']));
  });

  it('starts with # provenance lines by default, then the header', () => {
    const lines = toCsv(example1).split('\n');
    expect(lines[0]).toBe('# Accord pathway graph (schema 1)');
    expect(lines).toContain('# layer coders; coder merge union (quorum 1); coders A, B');
    expect(lines.find((line) => !line.startsWith('#'))).toBe(edgeCsvColumns.join(','));
  });

  it('quotes fields per RFC 4180 and defuses spreadsheet formulas in free text', () => {
    expect(field('a "b", c')).toBe('"a ""b"", c"');
    expect(field('#tag')).toBe('"#tag"');
    expect(field('plain')).toBe('plain');
    const formula: ParticipantMerge = { ...example1Merge, edges: example1Merge.edges.map((edge) => ({ ...edge, evidence: edge.evidence.map((ref) => ({ ...ref, quote: '=HYPERLINK("x")' })) })) };
    const text = toCsv(aggregate([{ kind: 'merged', merge: formula }], { stageSet: exampleStageSet, scope: example1Scope }), { provenance: false });
    expect(records(text)[0]?.entryQuotes).toBe(`'=HYPERLINK("x")`);
  });
});

describe('toVariantsCsv', () => {
  it('lists example 3’s variants with rank, count, ids, labels and participants', () => {
    expect(toVariantsCsv(example3, { provenance: false })).toBe(
      [
        'rank,count,sequence,labels,participantIds',
        '1,2,push > pull > cocreation,Push models > Pull models > Co-creation / exchange,P1;P2',
        '2,1,pull > cocreation,Pull models > Co-creation / exchange,P5',
        '3,1,push > cocreation,Push models > Co-creation / exchange,P3',
        '4,1,push > pull > push > pull > cocreation,Push models > Pull models > Push models > Pull models > Co-creation / exchange,P4',
        '',
      ].join('\n'),
    );
  });

  it('names the empty variant "(no stages)"', () => {
    const graph = { ...example3, variants: [{ sequence: [], count: 1, participantIds: ['P0'] }] };
    expect(toVariantsCsv(graph, { provenance: false }).split('\n')[1]).toBe('1,1,,(no stages),P0');
  });
});
