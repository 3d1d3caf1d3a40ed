import { describe, expect, it } from 'vitest';
import { demoProjectName } from '../../shared/model/demo.ts';
import { nextDemoName } from './demo-name.ts';

describe('the name of a new demo project', () => {
  it('is the plain demo name while the owner has no demo', () => {
    expect(nextDemoName([])).toBe(demoProjectName);
    expect(nextDemoName(['Pilot study', `${demoProjectName} copy`])).toBe(demoProjectName);
  });

  it('is numbered one above the highest demo the owner has', () => {
    expect(nextDemoName([demoProjectName])).toBe(`${demoProjectName} (2)`);
    expect(nextDemoName([demoProjectName, `${demoProjectName} (2)`])).toBe(`${demoProjectName} (3)`);
    // A renamed or deleted demo leaves a gap: numbers are never reused below the highest.
    expect(nextDemoName([`${demoProjectName} (4)`])).toBe(`${demoProjectName} (5)`);
  });
});
