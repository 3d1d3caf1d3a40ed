import { CliError } from './cli-error.ts';
import { requireIo, type CliIo } from './cli-io.ts';

/**
 * A file's text or bytes; an unreadable file is an input error naming it.
 *
 * @example
 * const bytes = await readInput('study.qdpx', io, 'bytes');
 */
export async function readInput(path: string, io: CliIo): Promise<string>;
export async function readInput(path: string, io: CliIo, as: 'bytes'): Promise<Uint8Array>;
export async function readInput(path: string, io: CliIo, as: 'text' | 'bytes' = 'text'): Promise<string | Uint8Array> {
  const read = as === 'bytes' ? requireIo(io, 'readBytes') : io.readFile;
  try {
    return await read(path);
  } catch (error) {
    const code = (error as { code?: string }).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (error as Error).message;
    throw new CliError('input', `cannot read ${path}: ${why}`);
  }
}
