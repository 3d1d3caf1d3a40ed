import type { Context } from 'hono';
import { ApiErrorCode } from '../../shared/api/index.ts';
import { ApiError } from './api-error.ts';

export interface UploadedFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** The `file` fields of a multipart request (one or several), with a clear error when there are none. */
export async function readUploadedFiles(c: Context): Promise<UploadedFile[]> {
  let body: Record<string, unknown>;
  try {
    body = await c.req.parseBody({ all: true });
  } catch {
    throw new ApiError(ApiErrorCode.badRequest, 'The upload could not be read as multipart/form-data');
  }
  const field = body.file;
  const entries = (Array.isArray(field) ? field : field === undefined ? [] : [field]).filter((f): f is File => f instanceof File);
  if (entries.length === 0) throw new ApiError(ApiErrorCode.validation, 'Attach one or more files in the "file" field', 'file');
  return Promise.all(entries.map(async (file) => ({ name: file.name || 'upload.txt', bytes: new Uint8Array(await file.arrayBuffer()) })));
}
