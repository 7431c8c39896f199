import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { InputError } from './errors.js';

export const MAX_BYTES = 1024 * 1024;

export function tooBig(file: string, size?: number): InputError {
  const what = size === undefined ? `more than ${MAX_BYTES / 1024} KiB` : `${Math.ceil(size / 1024)} KiB`;
  return new InputError([{ file, message: `file is ${what}; the limit is 1024 KiB (1 MiB)` }]);
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder';
  return code ?? String((error as Error)?.message ?? error);
}

/** A file as the system knows it: the same device and inode is the same file, whatever the path. */
export interface FileIdentity {
  dev: number;
  ino: number;
}

/**
 * Every regular file this run has read (drafts and rulebooks, however they were named), by identity:
 * an output must never replace one, even with --force (src/io/output.ts checks before the rename).
 */
const filesRead = new Map<string, string>();

/** The name an input file was read under, when `id` is one of them. */
export function readAs(id: FileIdentity): string | undefined {
  return filesRead.get(`${id.dev}:${id.ino}`);
}

/** Notes a file read some other way (a rulebook checked against the compiled-rulebook cache). */
export function noteRead(file: string): void {
  try {
    const s = statSync(file);
    if (s.isFile()) filesRead.set(`${s.dev}:${s.ino}`, file);
  } catch {
    /* gone: nothing to protect */
  }
}

/** Thrown when an input turns out to be the file `avoid` names (the report's own --output). */
export class SameFileError extends Error {
  constructor(readonly file: string) {
    super(`${file} is the output file`);
  }
}

/**
 * An input file's bytes, never more than MAX_BYTES + 1 of them. The size a file reports is not enough:
 * a device (/dev/zero) or a pipe (/dev/stdin) reports 0 and never ends, and a file may grow while read,
 * so the read itself is bounded. Throws InputError for a folder, an unreadable file or one too large.
 */
export function readInputFile(file: string, avoid?: FileIdentity): Uint8Array {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw new InputError([{ file, message: `cannot read the file (${describeFsError(error)})` }]);
  }
  try {
    const stat = fstatSync(fd);
    if (avoid && stat.ino === avoid.ino && stat.dev === avoid.dev) throw new SameFileError(file);
    if (stat.isDirectory()) throw new InputError([{ file, message: 'cannot read the file (it is a folder)' }]);
    if (stat.isFile() && stat.size > MAX_BYTES) throw tooBig(file, stat.size);
    if (stat.isFile()) filesRead.set(`${stat.dev}:${stat.ino}`, file);
    // A regular file is read in one go (a byte spare, for files such as /proc ones that report less than
    // they hold); anything else in growing chunks.
    let buffer = Buffer.allocUnsafe(stat.isFile() ? stat.size + 1 : 64 * 1024);
    let filled = 0;
    for (;;) {
      if (filled === buffer.length) {
        if (filled > MAX_BYTES) throw tooBig(file);
        const grown = Buffer.allocUnsafe(Math.min(buffer.length * 2, MAX_BYTES + 1));
        buffer.copy(grown, 0, 0, filled);
        buffer = grown;
      }
      const n = readSync(fd, buffer, filled, buffer.length - filled, null);
      if (n === 0) break;
      filled += n;
      // A regular file read to the size it reported is done: one read, not a second to see the end.
      // (Bytes it gains meanwhile are not read; the limit holds either way.)
      if (stat.isFile() && filled === stat.size) break;
    }
    return buffer.subarray(0, filled);
  } catch (error) {
    if (error instanceof InputError || error instanceof SameFileError) throw error;
    throw new InputError([{ file, message: `cannot read the file (${describeFsError(error)})` }]);
  } finally {
    closeSync(fd);
  }
}
