import { readQdpx, RefiError, type RefiErrorReason, type RefiProject, type RefiSkipped } from '../../shared/refi/index.ts';

/**
 * Reading a `.qdpx` for import: inflating the archive and parsing `project.qde` can take far
 * longer than the event loop may be held, so the worker thread does it (`worker-job.ts`). The
 * result travels back as UTF-8 JSON (moved, not copied); a refusal (`RefiError`) travels as a
 * value, so its reason survives the thread boundary.
 */
export interface RefiImportJob {
  readonly kind: 'refiImport';
  readonly fileName: string;
  readonly bytes: Uint8Array;
  readonly maxBytes: number;
}

export type RefiImportRead =
  | { readonly ok: true; readonly project: RefiProject; readonly skipped: readonly RefiSkipped[]; readonly warnings: readonly RefiSkipped[] }
  | { readonly ok: false; readonly reason: RefiErrorReason; readonly message: string };

export function runRefiImportJob(job: RefiImportJob): Uint8Array<ArrayBuffer> {
  let read: RefiImportRead;
  try {
    const result = readQdpx(job.bytes, { fileName: job.fileName, limits: { maxBytes: job.maxBytes } });
    read = { ok: true, ...result };
  } catch (error) {
    if (!(error instanceof RefiError)) throw error;
    read = { ok: false, reason: error.reason, message: error.message };
  }
  return new TextEncoder().encode(JSON.stringify(read)) as Uint8Array<ArrayBuffer>;
}

export function parseRefiImportRead(bytes: Uint8Array): RefiImportRead {
  return JSON.parse(new TextDecoder().decode(bytes)) as RefiImportRead;
}
