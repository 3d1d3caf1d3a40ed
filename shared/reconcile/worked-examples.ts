import type { DomainCode } from './code-domains.ts';
import type { LocusCoding } from './disagreement-loci.ts';

/**
 * The golden cases of ../shared/specs/pathways-and-reconciliation.md §4, as plain data: the tests
 * of loci and pre-merge check the spec's expected outputs against these.
 */

/** The stage codebook of the spec's examples: push (with a sub-code), pull, co-creation; barriers is thematic. */
export const exampleCodes: DomainCode[] = [
  { id: 'push', parentId: null, isStage: true, domain: null },
  { id: 'push.training', parentId: 'push', isStage: false, domain: null },
  { id: 'pull', parentId: null, isStage: true, domain: null },
  { id: 'cocreation', parentId: null, isStage: true, domain: null },
  { id: 'barriers', parentId: null, isStage: false, domain: null },
  { id: 'trust', parentId: null, isStage: false, domain: 'Mechanisms' },
  { id: 'capacity', parentId: null, isStage: false, domain: 'Mechanisms' },
];

export const coding = (id: string, coderId: string, codeId: string, start: number, end: number): LocusCoding => ({ id, coderId, codeId, start, end });

/** Worked example 1 (spec §4): transcript P1, coders A and B. */
export const example1 = [
  coding('a1', 'A', 'push', 0, 120),
  coding('a2', 'A', 'push.training', 150, 260),
  coding('a3', 'A', 'pull', 300, 420),
  coding('a4', 'A', 'cocreation', 500, 640),
  coding('a5', 'A', 'barriers', 600, 700),
  coding('b1', 'B', 'push', 0, 250),
  coding('b2', 'B', 'pull', 290, 430),
  coding('b3', 'B', 'push', 440, 480),
  coding('b4', 'B', 'cocreation', 500, 650),
];

/** Worked example 4 (spec §4): transcript P3, coders A, B and C. */
export const example4 = [
  coding('x1', 'A', 'pull', 300, 420),
  coding('x2', 'B', 'pull', 300, 420),
  coding('x3', 'C', 'cocreation', 305, 425),
  coding('x4', 'A', 'cocreation', 500, 640),
  coding('x5', 'C', 'cocreation', 500, 640),
];

