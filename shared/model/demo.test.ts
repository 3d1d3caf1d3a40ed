import { describe, expect, it } from 'vitest';
import { demoProjectName, isDemoProjectName } from './demo.ts';

describe('demo project names', () => {
  it('recognises the first demo and the numbered ones, not a renamed project', () => {
    expect(isDemoProjectName(demoProjectName)).toBe(true);
    expect(isDemoProjectName(`${demoProjectName} (2)`)).toBe(true);
    expect(isDemoProjectName(`${demoProjectName} (draft)`)).toBe(false);
    expect(isDemoProjectName('My study')).toBe(false);
    expect(isDemoProjectName(null)).toBe(false);
  });
});
