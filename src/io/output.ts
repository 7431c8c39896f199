/**
 * Every file the program writes goes through here: reports (--output), drafts (init, the interview's
 * save) and recovery files. A regular file is written to a temporary file in the same folder, flushed,
 * then renamed into place, so a reader sees the old file or the new one, never half of one; a failed
 * or interrupted write leaves the old file as it was and no temporary file behind. An existing file is
 * replaced only when the caller says so (after --force or the user's yes): see confirmReplace.
 */
import {
  closeSync,
  fchmodSync,
  fstatSync,
  fsyncSync,
  linkSync,
  lstatSync,
  openSync,
  readlinkSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from '../load/errors.js';
import { readAs, type FileIdentity } from '../load/read-file.js';
import { cleanLine } from '../render/sanitize.js';
import { openTemp, untrackTemp } from './temp-files.js';
import { failure, injectedFailure, writeProblem } from './write-failure.js';

export interface Output {
  write(text: string): void;
  /** Finishes the output: for a file, the temporary file replaces the target only now. */
  close(): void;
  /** Abandons a file output, leaving any existing target untouched. */
  abort(): void;
}

export interface OutputOptions {
  /**
   * An existing file may be replaced (the user gave --force or said yes). Without it, a file that
   * appears while this one is being written is left alone and the write fails.
   */
  replace?: boolean;
}

/**
 * What is at a path now: nothing, a regular file, a folder, one of the program's open descriptors
 * (/dev/stdout, /dev/fd/3, /proc/self/fd/1, or a link to one), or something else (a device, a pipe).
 */
type Kind = 'none' | 'file' | 'folder' | 'descriptor' | 'other';

/** Paths that stand for an open descriptor, and the descriptor's number where it is this process's own. */
const DESCRIPTOR = /^\/(?:dev\/(?:(stdin|stdout|stderr)|fd\/(\d+))|proc\/(self|thread-self|\d+)\/fd\/(\d+))$/;
const STANDARD: Record<string, number> = { stdin: 0, stdout: 1, stderr: 2 };

/**
 * The descriptor `file` stands for, following its links: the number for one of ours, -1 for another
 * process's, undefined for a path that is not a descriptor. Opening /dev/stdout opens again the file
 * behind it, from its start: it would cut short a log that standard output appends to, and a rename
 * would replace it; so these are written through the descriptor the program already holds.
 */
function descriptorOf(file: string): number | undefined {
  let path = resolve(file);
  for (let hops = 0; hops < 40; hops++) {
    const m = DESCRIPTOR.exec(path);
    if (m) {
      if (m[1]) return STANDARD[m[1]];
      if (m[2]) return Number(m[2]);
      return m[3] === 'self' || m[3] === 'thread-self' || Number(m[3]) === process.pid ? Number(m[4]) : -1;
    }
    try {
      if (!lstatSync(path).isSymbolicLink()) return undefined;
      path = resolve(dirname(path), readlinkSync(path));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function kindOf(file: string): Kind {
  if (descriptorOf(file) !== undefined) return 'descriptor';
  try {
    const s = statSync(file);
    return s.isFile() ? 'file' : s.isDirectory() ? 'folder' : 'other';
  } catch {
    try {
      lstatSync(file); // a dangling symbolic link: something is there, so treat it as a file to keep
      return 'file';
    } catch {
      return 'none';
    }
  }
}

const alreadyExists = (shown: string) => new UsageError(`${shown} already exists; add --force to replace it, or choose another file name`);
const isFolder = (shown: string) => new UsageError(`cannot write ${shown}: it is a folder; give the name of a file`);
const appeared = (shown: string) =>
  new UsageError(`${shown} appeared while it was being written; it was left as it is and nothing was written`);

/**
 * Whether an existing `file` may be replaced. Nothing there, or a device or pipe (written to, not
 * replaced, so /dev/null works): no question. A regular file: yes with --force; at a terminal the
 * user is asked; otherwise a one-line refusal (exit 2). Returns true when a file is to be replaced.
 */
export async function confirmReplace(file: string | undefined, force: boolean | undefined): Promise<boolean> {
  if (!file) return false;
  const kind = kindOf(file);
  const shown = cleanLine(file);
  if (kind === 'folder') throw isFolder(shown);
  if (kind !== 'file') return false;
  if (force) return true;
  if (process.stdin.isTTY && process.stderr.isTTY) {
    // Asked on standard error, so standard output stays the report's; loaded only when needed.
    const { confirm } = await import('@inquirer/prompts');
    let yes = false;
    try {
      yes = await confirm({ message: `${shown} already exists. Replace it?`, default: false }, { output: process.stderr });
    } catch (error) {
      if ((error as Error)?.name !== 'ExitPromptError') throw error;
    }
    if (yes) return true;
    throw new UsageError(`kept ${shown} as it was; nothing was written`);
  }
  throw alreadyExists(shown);
}

/**
 * The --output a command was given, as the program uses it: undefined for standard output (no option, or
 * `-`, as for any command-line tool). An empty name is refused: it is most often a CI variable left
 * unset, and read as "no option" it would send the report where nobody looks for it.
 */
export function outputOption(value: string | undefined, option = '--output'): string | undefined {
  if (value === undefined || value === '-') return undefined;
  if (value.trim() === '') throw new UsageError(`${option} needs a file name ("-" for standard output); got an empty one`);
  return value;
}

/** Standard output, or a file written atomically (temporary file in the same folder, then rename). */
export function openOutput(file?: string, options: OutputOptions = {}): Output {
  if (!file) return streamOutput(process.stdout);
  // Standard output and error go through their streams, which know how to wait on a full pipe.
  const own = descriptorOf(file);
  if (own === 1 || own === 2) return streamOutput(own === 1 ? process.stdout : process.stderr);
  const kind = kindOf(file);
  if (kind === 'other' || kind === 'descriptor') return deviceOutput(file);
  return fileOutput(file, kind, options);
}

function streamOutput(stream: NodeJS.WriteStream): Output {
  return { write: (t) => void stream.write(t), close: () => {}, abort: () => {} };
}

/**
 * A device, named pipe or descriptor (/dev/null, a FIFO, /dev/stdout): written in place, never replaced
 * by a file. One of the program's own descriptors is written as it stands (appending where it appends);
 * another is opened to append, so nothing in it is cut.
 */
function deviceOutput(file: string): Output {
  const shown = cleanLine(file);
  const fail = (error: unknown) => new UsageError(`cannot write ${shown} (${writeProblem(error)})`);
  const own = descriptorOf(file);
  let fd: number;
  try {
    if (own !== undefined && own >= 0) fstatSync(own);
    fd = own !== undefined && own >= 0 ? own : openSync(file, own === undefined ? 'w' : 'a');
  } catch (error) {
    throw fail(error);
  }
  const injected = injectedFailure();
  let open = true;
  const shut = () => {
    if (open && fd !== own) closeSync(fd);
    open = false;
  };
  return {
    write: (t) => {
      if (!open) return;
      try {
        if (injected) throw failure(injected);
        const bytes = Buffer.from(t);
        for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done, bytes.length - done);
      } catch (error) {
        shut();
        throw fail(error);
      }
    },
    close: shut,
    abort: shut,
  };
}

function fileOutput(file: string, kind: Kind, { replace = false }: OutputOptions): Output {
  const shown = cleanLine(file);
  if (kind === 'folder') throw isFolder(shown);
  if (kind === 'file' && !replace) throw alreadyExists(shown);
  // A symbolic link to a file is followed: the file it points to is the one replaced.
  const target = kind === 'file' ? realTarget(file) : file;
  const kept = kind === 'file' ? `${shown} is unchanged` : 'nothing was written';
  const fail = (error: unknown) =>
    error instanceof UsageError ? error : new UsageError(`cannot write ${shown} (${writeProblem(error)}); ${kept}`);
  // Hidden, unique and created exclusively: never another run's file, nor a link someone planted.
  const tmp = join(dirname(target), `.${basename(target).slice(0, 100)}.${process.pid}-${Math.random().toString(36).slice(2, 10)}.tmp`);
  let fd: number;
  try {
    fd = openTemp(tmp, 'wx', 0o666);
  } catch (error) {
    throw fail(error);
  }
  const injected = injectedFailure();
  let open = true;
  let fdOpen = true;
  const closeFd = () => {
    if (fdOpen) closeSync(fd);
    fdOpen = false;
  };
  const discard = () => {
    if (!open) return;
    open = false;
    try {
      closeFd();
    } catch {
      /* closing a file that failed to write may fail too */
    }
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
    untrackTemp(tmp);
  };
  try {
    if (kind === 'file' && replace) fchmodSync(fd, statSync(target).mode & 0o7777); // a replaced file keeps its permissions
  } catch {
    /* not ours to change: the new file keeps the default permissions */
  }
  // Written in pieces of up to a megabyte: a batch report comes a draft at a time, and a system call
  // per draft cost more than the writing. Text goes into the piece as bytes at once, so no report text
  // is kept alive (a 10,000-draft run's memory depends on that).
  const piece = Buffer.allocUnsafe(1 << 20);
  let used = 0;
  const put = (bytes: Buffer) => {
    if (injected) {
      writeSync(fd, bytes, 0, Math.ceil(bytes.length / 2));
      throw failure(injected);
    }
    for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done, bytes.length - done);
  };
  const flush = () => {
    if (used) put(piece.subarray(0, used));
    used = 0;
  };
  return {
    write: (t) => {
      if (!open) return;
      try {
        // A UTF-16 unit is at most three bytes of UTF-8.
        if (t.length * 3 > piece.length - used) flush();
        if (t.length * 3 > piece.length) put(Buffer.from(t));
        else used += piece.write(t, used);
      } catch (error) {
        discard();
        throw fail(error);
      }
    },
    close: () => {
      if (!open) return;
      try {
        flush();
        fsyncSync(fd); // on disk before the rename, so a crash cannot leave an empty file in its place
        closeFd();
        refuseReplacingRead(target, shown);
        commit(tmp, target, replace, shown);
      } catch (error) {
        discard();
        throw fail(error);
      }
      open = false;
      untrackTemp(tmp);
    },
    abort: discard,
  };
}

function realTarget(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file; // a dangling link: replaced as it is
  }
}

/** Puts the finished temporary file in place: rename when replacing, otherwise a link that fails if a file appeared meanwhile. */
function commit(tmp: string, target: string, replace: boolean, shown: string): void {
  if (replace) return renameSync(tmp, target);
  try {
    linkSync(tmp, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw appeared(shown);
    // A file system without hard links: check, then rename (not atomic against a racing writer, but rare).
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS' && code !== 'EMLINK') throw error;
    if (kindOf(target) !== 'none') throw appeared(shown);
    return renameSync(tmp, target);
  }
  try {
    unlinkSync(tmp); // the file is in place under its own name; this only drops the temporary name
  } catch {
    /* already gone */
  }
}

/** Writes a whole file atomically (no file: standard output); an existing file is replaced only with `replace`. */
export function writeFileAtomic(file: string | undefined, text: string, options: OutputOptions = {}): void {
  const out = openOutput(file, options);
  try {
    out.write(text);
    out.close();
  } catch (error) {
    out.abort();
    throw error;
  }
}

/** The identity of the file at `output`, or undefined when there is none yet (then no input can be it). */
export function outputIdentity(output: string | undefined): FileIdentity | undefined {
  if (!output) return undefined;
  try {
    const { dev, ino } = statSync(output);
    return { dev, ino };
  } catch {
    return undefined;
  }
}

export function overwritingInput(output: string, input: string): UsageError {
  return new UsageError(
    `--output ${cleanLine(output)} is one of the files being read (${cleanLine(input)}); choose another file name, such as report.md`,
  );
}

/**
 * Refuses an --output that is one of the inputs: a slip of the extension must never destroy a draft.
 * The same file is the same device and inode, however it is reached (links included).
 */
export function refuseOverwritingInput(output: string | undefined, inputs: string[]): void {
  const target = outputIdentity(output);
  if (!target) return;
  const clash = inputs.find((f) => {
    try {
      const s = statSync(f);
      return s.ino === target.ino && s.dev === target.dev;
    } catch {
      return false;
    }
  });
  if (clash) throw overwritingInput(output!, clash);
  const read = readAs(target);
  if (read) throw overwritingInput(output!, read);
}

/** Never replaces a file this run read: a draft, or a rulebook given by --rulebook, a draft or extends:. */
function refuseReplacingRead(target: string, shown: string): void {
  const id = outputIdentity(target);
  const input = id && readAs(id);
  if (input)
    throw new UsageError(
      `${shown} is one of the files being read (${cleanLine(input)}); it was left as it is: choose another file name, such as report.md`,
    );
}

/** At a terminal, say where the report went: with --output nothing else is printed, and exit 1 means findings, not a failed write. */
export function announceWritten(file: string | undefined): void {
  if (file && process.stderr.isTTY) process.stderr.write(`Wrote ${cleanLine(file)}\n`);
}

/** Writes a whole report to standard output or, atomically, to `file`, and says where it went. */
export function emitReport(file: string | undefined, replace: boolean, text: string): void {
  writeFileAtomic(file, text, { replace });
  announceWritten(file);
}
