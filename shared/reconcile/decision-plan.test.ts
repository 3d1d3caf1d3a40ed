import { describe, expect, it } from 'vitest';
import { computeLoci } from './disagreement-loci.ts';
import { DecisionError, planDecision, type DecisionRequest } from './decision-plan.ts';
import { example1, example4, exampleCodes } from './worked-examples.ts';

const context = { codeIds: new Set(exampleCodes.map((c) => c.id)), textLength: 700 };
const [l1, l2, l3, l4] = computeLoci({ documentId: 'P1', coderIds: ['A', 'B'], codes: exampleCodes, codings: example1 }).filter((l) => l.domainId === 'stages');
const [m1] = computeLoci({ documentId: 'P3', coderIds: ['A', 'B', 'C'], codes: exampleCodes, codings: example4 });

const failure = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    if (error instanceof DecisionError) return error.reason;
    throw error;
  }
  return null;
};
const plan = (locus: typeof l1, request: DecisionRequest) => planDecision(locus!, request, context).result;

describe('planning a decision (worked example 1’s reconciliation)', () => {
  it('RC9: d1, accept B on L1, writes push [0,250) from b1; a rationale is optional since push is the majority', () => {
    expect(plan(l1, { action: 'accept', userIds: ['B'] })).toEqual([{ codeId: 'push', start: 0, end: 250, sourceCodingIds: ['b1'] }]);
  });

  it('RC9: d2, edit L2 to pull [295,425), needs a rationale', () => {
    expect(failure(() => plan(l2, { action: 'edit', codeId: 'pull', start: 295, end: 425 }))).toBe('rationaleRequired');
    expect(plan(l2, { action: 'edit', codeId: 'pull', start: 295, end: 425, rationale: 'start at “Then they asked…”' })).toEqual([{ codeId: 'pull', start: 295, end: 425, sourceCodingIds: ['b2', 'a3'] }]);
  });

  it('RC9: d3, reject all on L3, writes nothing and needs a rationale', () => {
    expect(failure(() => plan(l3, { action: 'rejectAll' }))).toBe('rationaleRequired');
    expect(plan(l3, { action: 'rejectAll', rationale: 'reference back for contrast, not a stage' })).toEqual([]);
  });

  it('RC9: accepting A on L1 keeps both of A’s codings, as coded (a sub-code stays a sub-code)', () => {
    expect(plan(l1, { action: 'accept', userIds: ['A'] })).toEqual([
      { codeId: 'push', start: 0, end: 120, sourceCodingIds: ['a1'] },
      { codeId: 'push.training', start: 150, end: 260, sourceCodingIds: ['a2'] },
    ]);
  });

  it('RC9: accept all unions same-code overlaps; in an exclusive domain it needs a rationale', () => {
    expect(failure(() => plan(l4, { action: 'acceptAll' }))).toBe('rationaleRequired');
    expect(plan(l4, { action: 'acceptAll', rationale: 'both right' })).toEqual([{ codeId: 'cocreation', start: 500, end: 650, sourceCodingIds: ['a4', 'b4'] }]);
  });

  it('RC9: accepting the minority reading needs a rationale; a coder with no coding here, a foreign code or an empty range are refused', () => {
    expect(failure(() => plan(m1, { action: 'accept', userIds: ['C'] }))).toBe('rationaleRequired');
    expect(plan(m1, { action: 'accept', userIds: ['C'], rationale: 'the plan was made together' })).toEqual([{ codeId: 'cocreation', start: 305, end: 425, sourceCodingIds: ['x3'] }]);
    expect(failure(() => plan(l3, { action: 'accept', userIds: ['A'] }))).toBe('unknownCoder');
    expect(failure(() => plan(l2, { action: 'edit', codeId: 'ghost', start: 1, end: 2, rationale: 'r' }))).toBe('unknownCode');
    expect(failure(() => plan(l2, { action: 'edit', codeId: 'pull', start: 5, end: 5, rationale: 'r' }))).toBe('invalidRange');
    expect(failure(() => plan(l2, { action: 'edit', codeId: 'pull', start: 600, end: 701, rationale: 'r' }))).toBe('invalidRange');
  });

  it('RC9: defer leaves the consensus alone', () => {
    expect(planDecision(l3!, { action: 'defer' }, context)).toEqual({ result: null, rationaleRequiredBecause: null });
  });
});
