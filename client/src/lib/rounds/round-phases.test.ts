import { describe, expect, it } from 'vitest';
import { nextAction, phaseSteps } from './round-phases.ts';
import { testRound } from './round-test-data.ts';

describe('round phases', () => {
  it('mark the phases before the current one done and highlight the current one', () => {
    expect(phaseSteps('compare').map((s) => `${s.label}:${s.state}`)).toEqual(['Setup:done', 'Blind coding:done', 'Compare:current', 'Reconcile:upcoming', 'Locked:upcoming']);
    expect(phaseSteps('locked').at(-1)?.state).toBe('current');
  });

  it('offer the owner the next step only, saying what it will do', () => {
    const round = testRound({ phase: 'setup', documentIds: ['d1', 'd2'] });
    expect(nextAction(round)).toMatchObject({ to: 'blind', label: 'Start blind coding' });
    expect(nextAction(round)!.consequences[0]).toContain('2 documents');
    const reveal = nextAction({ ...round, phase: 'blind' })!;
    expect(reveal.label).toBe('Reveal');
    expect(reveal.consequences.join(' ')).toMatch(/visible to everyone.*Codings stay as submitted/s);
    expect(nextAction({ ...round, phase: 'blind', allowPostHocEdits: true })!.consequences.join(' ')).toMatch(/post-hoc edits are allowed/);
    expect(nextAction({ ...round, phase: 'compare' })?.label).toBe('Open reconciliation');
    expect(nextAction({ ...round, phase: 'reconcile' })!.consequences[0]).toMatch(/consensus .* becomes final/);
    expect(nextAction({ ...round, phase: 'locked' })).toBeNull();
  });
});
