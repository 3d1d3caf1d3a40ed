import { describe, expect, it } from 'vitest';
import { describeUserRemoval } from './removal-summary.ts';

const project = (id: string) => ({ id, name: id, documentCount: 2 });

describe('describeUserRemoval', () => {
  it('names only the account when nothing else goes with it', () => {
    expect(describeUserRemoval('Ana', { projects: [], codings: { documentCount: 0, projectCount: 0 }, blockers: [] })).toBe('Ana’s account will be deleted.');
  });

  it('counts the projects and the codings elsewhere that go with it', () => {
    expect(describeUserRemoval('Ana', { projects: [project('a')], codings: { documentCount: 0, projectCount: 0 }, blockers: [] })).toBe('Ana’s account and 1 project where Ana is the only member will be deleted.');
    expect(describeUserRemoval('Ana', { projects: [project('a'), project('b')], codings: { documentCount: 14, projectCount: 3 }, blockers: [] })).toBe(
      'Ana’s account, 2 projects where Ana is the only member, and Ana’s codings in 14 documents of 3 other projects will be deleted.',
    );
    expect(describeUserRemoval('Ana', { projects: [], codings: { documentCount: 1, projectCount: 1 }, blockers: [] })).toBe('Ana’s account and Ana’s codings in 1 document of 1 other project will be deleted.');
  });
});
