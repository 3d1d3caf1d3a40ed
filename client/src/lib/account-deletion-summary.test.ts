import { describe, expect, it } from 'vitest';
import { describeAccountDeletion } from './account-deletion-summary.ts';

const project = (id: string) => ({ id, name: id, documentCount: 1 });

describe('the account deletion sentence', () => {
  it('counts everything that goes, joined as a sentence', () => {
    expect(describeAccountDeletion({ projects: [project('a'), project('b')], codings: { documentCount: 14, projectCount: 3 }, blockers: [] })).toBe(
      'Your account, 2 projects where you are the only member, and your codings in 14 documents of 3 other projects will be deleted.',
    );
    expect(describeAccountDeletion({ projects: [], codings: { documentCount: 1, projectCount: 1 }, blockers: [] })).toBe('Your account and your codings in 1 document of 1 other project will be deleted.');
    expect(describeAccountDeletion({ projects: [project('a')], codings: { documentCount: 0, projectCount: 0 }, blockers: [] })).toBe('Your account and 1 project where you are the only member will be deleted.');
  });

  it('says only the account when there is nothing else', () => {
    expect(describeAccountDeletion({ projects: [], codings: { documentCount: 0, projectCount: 0 }, blockers: [] })).toBe('Your account will be deleted.');
  });
});
