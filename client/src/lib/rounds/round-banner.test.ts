import { describe, expect, it } from 'vitest';
import { roundBanner } from './round-banner.ts';
import { testRound, testSubmission } from './round-test-data.ts';

const ana = { userId: 'ana', role: 'coder' } as const;

describe('the coding view’s round banner', () => {
  it('offers a coder in a blind round to submit, then to re-open once submitted', () => {
    expect(roundBanner(testRound(), 'd1', ana)).toMatchObject({ roundName: 'Pilot', phaseLabel: 'Blind coding', action: 'submit', frozen: false, submittedAt: null });
    const submitted = roundBanner(testRound({ submissions: [testSubmission('ana')] }), 'd1', ana)!;
    expect(submitted).toMatchObject({ action: 'reopen', frozen: true, submittedAt: '2026-03-01T10:04:00.000Z' });
    expect(submitted.message).toMatch(/re-open them until the owner reveals/);
    const reopened = roundBanner(testRound({ submissions: [testSubmission('ana', { reopenedAt: '2026-03-01T11:00:00.000Z', reopenedBy: 'ana' })] }), 'd1', ana)!;
    expect(reopened).toMatchObject({ action: 'submit', frozen: false });
  });

  it('says codings stay as submitted after the reveal, read-only, unless the layer is writable again', () => {
    const revealed = testRound({ phase: 'compare', revealedAt: '2026-03-02T00:00:00.000Z', submissions: [testSubmission('ana')] });
    expect(roundBanner(revealed, 'd1', ana)).toMatchObject({ phaseLabel: 'Compare', frozen: true, action: null, message: expect.stringMatching(/Codings stay as submitted/) });
    expect(roundBanner({ ...revealed, allowPostHocEdits: true }, 'd1', ana)).toMatchObject({ frozen: false, action: 'resubmit' });
    const reopened = { ...revealed, submissions: [testSubmission('ana', { reopenedAt: '2026-03-02T01:00:00.000Z', reopenedBy: 'owner' })] };
    expect(roundBanner(reopened, 'd1', ana)).toMatchObject({ frozen: false, action: 'resubmit', message: expect.stringMatching(/owner re-opened your layer/) });
  });

  it('says a locked round is final, gives viewers no action, and says nothing of a round in setup', () => {
    expect(roundBanner(testRound({ phase: 'locked' }), 'd1', ana)).toMatchObject({ phaseLabel: 'Locked', frozen: true, action: null });
    expect(roundBanner(testRound(), 'd1', { userId: 'vic', role: 'viewer' })).toMatchObject({ action: null, frozen: false });
    expect(roundBanner(testRound({ phase: 'setup' }), 'd1', ana)).toBeNull();
  });
});
