import { describe, expect, it } from 'vitest';
import type { PathwayEdge, PathwayNode } from '../types.ts';
import { EdgeColor, edgeColor, edgeLabel, edgeWeight, formatDecimal, maxEdgeWeight, nodeCountLabel, safeColor, scaledWidth } from './edge-style.ts';

const edge = (extra: Partial<PathwayEdge>): PathwayEdge => ({ id: 'a->b', from: 'a', to: 'b', direction: 'forward', participants: 3, occurrences: 4, participantIds: [], disputed: false, included: true, evidence: [], disagreementIds: [], evidenceLocusIds: [], ...extra });

describe('edge style (spec §2.7–2.8)', () => {
  it('gives the Mermaid widths of the spec: 1.5 + 8.5·w/max → 10, 5.8, 8.3, 6.6', () => {
    expect([scaledWidth(2, 2, 1.5, 8.5), scaledWidth(1, 2, 1.5, 8.5), scaledWidth(4, 5, 1.5, 8.5), scaledWidth(3, 5, 1.5, 8.5)]).toEqual(['10', '5.8', '8.3', '6.6']);
  });

  it('gives the DOT pen widths of the spec: 1 + 5·w/max → 6, 3.5, 5, 2, 4', () => {
    expect([scaledWidth(2, 2, 1, 5), scaledWidth(1, 2, 1, 5), scaledWidth(4, 5, 1, 5), scaledWidth(1, 5, 1, 5), scaledWidth(3, 5, 1, 5)]).toEqual(['6', '3.5', '5', '2', '4']);
  });

  it('rounds to one decimal, halves up, without a trailing zero', () => {
    expect([formatDecimal(5.75), formatDecimal(8.299999999999999), formatDecimal(3.04), formatDecimal(7)]).toEqual(['5.8', '8.3', '3', '7']);
  });

  it('weighs and labels by coder support when the edge has it, else by participants', () => {
    expect([edgeWeight(edge({})), edgeLabel(edge({}))]).toEqual([3, '3']);
    expect([edgeWeight(edge({ support: 1, total: 2 })), edgeLabel(edge({ support: 1, total: 2 }))]).toEqual([1, '1/2']);
    expect(maxEdgeWeight([edge({ participants: 2 }), edge({ participants: 5 })])).toBe(5);
    expect(maxEdgeWeight([])).toBe(1);
  });

  it('colours back edges red and kept-for-connectivity edges grey', () => {
    expect([edgeColor(edge({})), edgeColor(edge({ direction: 'backward' })), edgeColor(edge({ direction: 'backward', keptForConnectivity: true }))]).toEqual([EdgeColor.normal, '#c0392b', '#999999']);
  });

  it('labels stage counts as "k/n coders" or "n=…", and Start/End not at all', () => {
    const stage: PathwayNode = { id: 'push', kind: 'stage', label: 'Push', order: 1, participants: 4, occurrences: 5, evidence: [] };
    expect([nodeCountLabel(stage), nodeCountLabel({ ...stage, coderSupport: { support: 2, total: 2 } }), nodeCountLabel({ ...stage, kind: 'start' })]).toEqual(['n=4', '2/2 coders', null]);
  });

  it('accepts hex and named colours only', () => {
    expect([safeColor('#abc'), safeColor('teal'), safeColor('red"; x'), safeColor(undefined)]).toEqual(['#abc', 'teal', null, null]);
  });
});
