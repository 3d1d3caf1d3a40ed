import { describe, expect, it } from 'vitest';
import { ApiError } from '../api-error.ts';
import { answered, chooseStep, failed, isReading, isRetryable, progressed, startSending, type ImportStep } from './import-steps.ts';

const file = { name: 'study.qdpx', size: 1000 };
type Step = ImportStep<typeof file, string>;

describe('import steps', () => {
  it('starts sending at zero bytes of the file’s size', () => {
    const step: Step = startSending(1, file, 'import');
    expect(step).toEqual({ kind: 'sending', run: 1, file, purpose: 'import', sent: 0, total: 1000 });
    expect(isReading(step)).toBe(false);
  });

  it('follows the bytes sent, never backwards, and is reading once all are sent', () => {
    let step: Step = startSending(1, file, 'import');
    step = progressed(step, 1, 400, 1100);
    expect(step).toMatchObject({ sent: 400, total: 1100 });
    step = progressed(step, 1, 300, 1100);
    expect(step).toMatchObject({ sent: 400 });
    step = progressed(step, 1, 1100, 1100);
    expect(isReading(step)).toBe(true);
  });

  it('turns a preview’s answer into a plan waiting for confirmation, and an import’s into done', () => {
    expect(answered<typeof file, string>(startSending(2, file, 'preview'), 2, 'plan')).toEqual({ kind: 'planned', run: 2, file, response: 'plan' });
    expect(answered<typeof file, string>(startSending(3, file, 'import'), 3, 'report')).toEqual({ kind: 'done', run: 3, file, response: 'report' });
  });

  it('keeps what failed and whether it was the preview', () => {
    const error = new ApiError('validation', 'study.qdpx is not a zip archive.', 'file', 422);
    expect(failed<typeof file, string>(startSending(4, file, 'preview'), 4, error)).toEqual({ kind: 'failed', run: 4, file, purpose: 'preview', error });
  });

  it('ignores the progress, answer and failure of an abandoned run', () => {
    const current: Step = startSending(5, file, 'import');
    expect(progressed(current, 4, 999, 1000)).toBe(current);
    expect(answered(current, 4, 'old')).toBe(current);
    expect(failed(current, 4, new ApiError('network', 'x'))).toBe(current);
    expect(answered<typeof file, string>(chooseStep, 5, 'late')).toBe(chooseStep);
  });

  it('offers to try again after a connection or server failure, not after a refused file', () => {
    expect(isRetryable(new ApiError('network', 'offline'))).toBe(true);
    expect(isRetryable(new ApiError('validation', 'not a zip', 'file', 422))).toBe(false);
    expect(isRetryable(new ApiError('payloadTooLarge', 'too large', 'file', 413))).toBe(false);
  });
});
