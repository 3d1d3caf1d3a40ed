import type { Context } from 'hono';
import { ApiErrorCode } from '../../shared/api/index.ts';
import { ApiError } from './api-error.ts';

/**
 * Largest JSON body any route parses (documents carry whole transcripts). Every body is also cut
 * off while it streams in by the limits in `app.ts` (`body-limit.ts`): 1 MiB for most routes, so
 * this bound matters only where a route allows more.
 */
export const maxJsonBytes = 20 * 1024 * 1024;

/** Reads a JSON object body with a clear 400/413 instead of a crash on bad input. */
export async function readJsonObject(c: Context): Promise<Record<string, unknown>> {
  const declared = Number(c.req.header('content-length') ?? '0');
  if (declared > maxJsonBytes) throw new ApiError(ApiErrorCode.payloadTooLarge, `Request body is larger than ${maxJsonBytes} bytes`);
  let text: string;
  try {
    text = await c.req.text();
  } catch (error) {
    // A body limit's 413 passes through; anything else is a body that never arrived whole.
    if (error instanceof ApiError) throw error;
    throw new ApiError(ApiErrorCode.badRequest, 'The request body could not be read');
  }
  if (Buffer.byteLength(text) > maxJsonBytes) throw new ApiError(ApiErrorCode.payloadTooLarge, `Request body is larger than ${maxJsonBytes} bytes`);
  let value: unknown;
  try {
    value = text === '' ? {} : JSON.parse(text);
  } catch {
    throw new ApiError(ApiErrorCode.badRequest, 'Request body is not valid JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ApiError(ApiErrorCode.badRequest, 'Request body must be a JSON object');
  return value as Record<string, unknown>;
}

export interface StringOptions {
  readonly min?: number;
  readonly max?: number;
  readonly trim?: boolean;
  /** Said when the field is missing or empty, e.g. "Enter your email address". */
  readonly missing?: string;
}

export function requireString(body: Record<string, unknown>, field: string, options: StringOptions = {}): string {
  const raw = body[field];
  const missing = options.missing ?? `${field} is required`;
  if (raw === undefined || raw === null) throw new ApiError(ApiErrorCode.validation, missing, field);
  if (typeof raw !== 'string') throw new ApiError(ApiErrorCode.validation, `${field} must be a string`, field);
  const value = options.trim === false ? raw : raw.trim();
  if (value.length === 0) throw new ApiError(ApiErrorCode.validation, missing, field);
  if (value.length < (options.min ?? 1)) throw new ApiError(ApiErrorCode.validation, `${field} must be at least ${options.min} characters`, field);
  if (value.length > (options.max ?? 200)) throw new ApiError(ApiErrorCode.validation, `${field} must be at most ${options.max ?? 200} characters`, field);
  return value;
}

/** A string field that may be absent (undefined); when present it follows `requireString`. */
export function optionalString(body: Record<string, unknown>, field: string, options: StringOptions = {}): string | undefined {
  return body[field] === undefined ? undefined : requireString(body, field, options);
}

export function optionalOneOf<T extends string>(body: Record<string, unknown>, field: string, allowed: readonly T[]): T | undefined {
  const raw = body[field];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !(allowed as readonly string[]).includes(raw)) {
    throw new ApiError(ApiErrorCode.validation, `${field} must be one of ${allowed.join(', ')}`, field);
  }
  return raw as T;
}

export function optionalBoolean(body: Record<string, unknown>, field: string): boolean | undefined {
  const raw = body[field];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'boolean') throw new ApiError(ApiErrorCode.validation, `${field} must be true or false`, field);
  return raw;
}
