import { readCodebook, readQdpx, RefiError, type RefiCodebook, type RefiErrorReason, type RefiProject, type RefiSkipped } from '../../shared/refi/index.ts';

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
  /** `codebook`: only the codebook is wanted — a `.qdc`, or a `.qdpx` whose code tree and code sets are taken. */
  readonly want?: 'project' | 'codebook';
}

export type RefiImportRead =
  | { readonly ok: true; readonly project: RefiProject; readonly skipped: readonly RefiSkipped[]; readonly warnings: readonly RefiSkipped[] }
  | { readonly ok: false; readonly reason: RefiErrorReason; readonly message: string };

export type RefiCodebookRead =
  | { readonly ok: true; readonly codebook: RefiCodebook; readonly skipped: readonly RefiSkipped[]; readonly warnings: readonly RefiSkipped[] }
  | { readonly ok: false; readonly reason: RefiErrorReason; readonly message: string };

const isZip = (bytes: Uint8Array) => bytes[0] === 0x50 && bytes[1] === 0x4b;

export function runRefiImportJob(job: RefiImportJob): Uint8Array<ArrayBuffer> {
  let read: RefiImportRead | RefiCodebookRead;
  try {
    const options = { fileName: job.fileName, limits: { maxBytes: job.maxBytes } };
    if (job.want !== 'codebook') read = { ok: true, ...readQdpx(job.bytes, options) };
    else if (!isZip(job.bytes)) read = { ok: true, ...readCodebook(job.bytes, options) };
    else {
      const { project, skipped, warnings } = readQdpx(job.bytes, options);
      const sets = project.sets.filter((s) => s.codeGuids.length > 0).map((s) => ({ guid: s.guid, name: s.name, description: s.description, codeGuids: s.codeGuids }));
      read = { ok: true, codebook: { origin: project.origin, codes: project.codes, sets }, skipped: skipped.filter((s) => s.kind === 'code' || s.kind === 'set'), warnings };
    }
  } catch (error) {
    if (!(error instanceof RefiError)) throw error;
    read = { ok: false, reason: error.reason, message: error.message };
  }
  return new TextEncoder().encode(JSON.stringify(read)) as Uint8Array<ArrayBuffer>;
}

export function parseRefiImportRead(bytes: Uint8Array): RefiImportRead {
  return JSON.parse(new TextDecoder().decode(bytes)) as RefiImportRead;
}

export function parseRefiCodebookRead(bytes: Uint8Array): RefiCodebookRead {
  return JSON.parse(new TextDecoder().decode(bytes)) as RefiCodebookRead;
}
