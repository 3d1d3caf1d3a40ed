import { describe, expect, it } from 'vitest';
import type { DecisionView } from '../../../../shared/api/index.ts';
import { deciderName, describeAction, lowerFirst } from './locus-vocabulary.ts';

const names = new Map([
  ['u1', 'Ana Ortiz'],
  ['u2', 'Ben Kim'],
]);
const nameOf = (id: string) => deciderName(id, names);
const decision = (action: DecisionView['action'], chosenUserIds: string[] = []) => ({ action, chosenUserIds });

describe('the words for decisions', () => {
  it('names whose readings were accepted, and says what every other action did', () => {
    expect(describeAction(decision('accept', ['u2']), nameOf)).toBe('Accepted Ben Kim’s reading');
    expect(describeAction(decision('accept', ['u1', 'u2']), nameOf)).toBe('Accepted Ana Ortiz’s and Ben Kim’s reading');
    expect(describeAction(decision('rejectAll'), nameOf)).toBe('Rejected every reading');
    expect(describeAction(decision('auto'), nameOf)).toBe('Merged by the pre-merge');
  });

  it('names the administrator token and people who left', () => {
    expect(nameOf('admin')).toBe('The administrator');
    expect(nameOf('gone')).toBe('A former member');
  });

  it('lowers only the first letter mid-sentence, so names keep their capitals', () => {
    expect(lowerFirst('Accepted Ben Kim’s reading')).toBe('accepted Ben Kim’s reading');
    expect(lowerFirst('')).toBe('');
  });
});
