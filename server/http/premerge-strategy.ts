import { ApiErrorCode } from '../../shared/api/index.ts';
import type { PreMergeStrategy } from '../../shared/reconcile/index.ts';
import { ApiError } from './api-error.ts';

/** `{kind: 'completeAgreement' | 'incompleteAgreement'}` or `{kind: 'threshold', userThreshold, confidence, denominator}`; completeAgreement when absent. */
export function readStrategy(raw: unknown): PreMergeStrategy {
  if (raw === undefined) return { kind: 'completeAgreement' };
  const value = (raw ?? {}) as Record<string, unknown>;
  if (value.kind === 'completeAgreement' || value.kind === 'incompleteAgreement') return { kind: value.kind };
  if (value.kind === 'threshold') {
    const { userThreshold, confidence, denominator } = value;
    if (typeof userThreshold !== 'number' || !Number.isInteger(userThreshold) || userThreshold < 1) throw new ApiError(ApiErrorCode.validation, 'strategy.userThreshold must be a whole number of coders, 1 or more', 'strategy');
    if (typeof confidence !== 'number' || !(confidence > 0 && confidence <= 1)) throw new ApiError(ApiErrorCode.validation, 'strategy.confidence must be a share in (0, 1]', 'strategy');
    if (denominator !== 'annotated' && denominator !== 'assigned') throw new ApiError(ApiErrorCode.validation, 'strategy.denominator must be "annotated" or "assigned"', 'strategy');
    return { kind: 'threshold', userThreshold, confidence, denominator };
  }
  throw new ApiError(ApiErrorCode.validation, 'strategy.kind must be completeAgreement, incompleteAgreement or threshold', 'strategy');
}
