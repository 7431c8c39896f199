/** Why a write failed, in words a user can act on; and the test hook that makes writes fail as a full disk would. */
import { cleanLine } from '../render/sanitize.js';

/** Why a write failed, in words. */
export function writeProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOSPC':
      return 'the disk is full';
    case 'EDQUOT':
      return 'the disk quota is used up';
    case 'EROFS':
      return 'the file system is read-only';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOENT':
      return 'the folder does not exist';
    case 'ENOTDIR':
      return 'part of the path is a file, not a folder';
    case 'EISDIR':
      return 'it is a folder';
    case 'ENAMETOOLONG':
      return 'the name is too long';
    case 'EFBIG':
      return 'the file is too large for the file system';
    case 'EIO':
      return 'input/output error';
    default:
      return code ?? cleanLine(String((error as Error)?.message ?? error));
  }
}

/**
 * A test hook: GP_CHANGE_FAIL_WRITE=ENOSPC (or another error code) makes every write to an output file
 * fail with that error after part of the text is written, as a full disk would. Tests use it to check
 * that a failed write leaves the old file intact and no temporary file behind; no user needs it.
 */
export function injectedFailure(): string | undefined {
  const v = process.env.GP_CHANGE_FAIL_WRITE;
  return v ? (v === '1' ? 'ENOSPC' : v) : undefined;
}

/** The error an injected failure throws, shaped like the system's. */
export function failure(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code} (GP_CHANGE_FAIL_WRITE)`), { code });
}
