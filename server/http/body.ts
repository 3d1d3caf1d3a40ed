import type { Context } from 'hono';
import { ApiErrorCode } from '../../shared/api/index.ts';
import { ApiError } from './api-error.ts';

/** Largest JSON body any route accepts (documents carry whole transcripts). */
export const maxJsonBytes = 20 * 1024 * 1024;

/** Reads a JSON object body with a clear 400/413 instead of a crash on bad input. */
export async function readJsonObject(c: Context): Promise<Record<string, unknown>> {
  const declared = Number(c.req.header('content-length') ?? '0');
  if (declared > maxJsonBytes) throw new ApiError(ApiErrorCode.payloadTooLarge, `Request body is larger than ${maxJsonBytes} bytes`);
  const text = await c.req.text();
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

export function requireString(body: Record<string, unknown>, field: string, options: { min?: number; max?: number; trim?: boolean } = {}): string {
  const raw = body[field];
  if (typeof raw !== 'string') throw new ApiError(ApiErrorCode.validation, `${field} is required and must be a string`, field);
  const value = options.trim === false ? raw : raw.trim();
  if (value.length < (options.min ?? 1)) throw new ApiError(ApiErrorCode.validation, `${field} must be at least ${options.min ?? 1} characters`, field);
  if (value.length > (options.max ?? 200)) throw new ApiError(ApiErrorCode.validation, `${field} must be at most ${options.max ?? 200} characters`, field);
  return value;
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
