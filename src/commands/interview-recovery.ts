/**
 * The interview's recovery file: the answers so far, rewritten after every answer so Ctrl-C (or a closed
 * terminal) never loses them, and what to tell the user when the walk stops.
 */
import { lstatSync, mkdirSync, realpathSync, unlinkSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { answeredLine, newRecoveryFile } from '../interview/draft-file.js';
import type { InterviewState } from '../interview/state.js';
import { cleanLine } from '../render/sanitize.js';
import { writeFileAtomic } from '../io/output.js';
import { selfCommand, shellWord } from '../io/shell.js';

/** The draft as YAML for `file`: with the header's comment lines, and for a recovery file a placeholder title until one is given. */
export type DraftText = (state: InterviewState, file: string, header: string[], recovery?: boolean) => string;

export interface Recovery {
  /** Writes the answers so far (after every answer); warns once if the folder cannot be written. */
  keep(state: InterviewState): void;
  /** What to print when the walk is stopped: where the answers are, and the command that carries on. */
  stopMessage(): string;
  /** The file, once something is kept in it (or when resuming one). */
  file(): string | undefined;
  /** The command that resumes from `file` (shown without control sequences: a name holding them cannot be pasted anyway). */
  resumeCommand(file: string): string;
  /** The draft was saved: the recovery file is no longer needed. */
  remove(): void;
}

const RECOVERY_NAME = /^recovery-\d{4}-\d{2}-\d{2}-\d{6}(?:-\d+)?\.yaml$/;

/**
 * Whether `file` is one of the program's own recovery files: a regular file (not a link) with a recovery
 * file's name, directly in the recovery folder `dir`. Only these are rewritten and deleted; any other
 * --from file is the user's draft, read and never touched, whatever comment lines it holds.
 */
export function isRecoveryFile(file: string, dir: string): boolean {
  try {
    if (!RECOVERY_NAME.test(basename(file)) || !lstatSync(file).isFile()) return false;
    return realpathSync(dirname(resolve(file))) === realpathSync(dir);
  } catch {
    return false;
  }
}

/** A recovery file replaced by a link (or anything but a file) since it was written is not followed. */
function refuseIfNotOwnFile(file: string): void {
  let regular = true;
  try {
    regular = lstatSync(file).isFile();
  } catch {
    /* gone: written anew */
  }
  if (!regular) throw new Error(`${file} is no longer a plain file (a link?); it was not followed`);
}

/**
 * The recovery file in `dir`: `resuming` (a --from recovery file) is rewritten in place; otherwise a
 * new one is made on the first answer. `save` is the --save file, carried into the resume command.
 */
export function recoveryFile(dir: string, resuming: string | undefined, save: string | undefined, textFor: DraftText): Recovery {
  let file = resuming;
  let written = resuming !== undefined;
  let warned = false;
  const resumeCommand = (f: string) =>
    cleanLine(`${selfCommand()} interview --from ${shellWord(f)}${save ? ` --save ${shellWord(save)}` : ''}`);
  return {
    keep(state) {
      try {
        const fresh = !written;
        file ??= (mkdirSync(dir, { recursive: true, mode: 0o700 }), newRecoveryFile(dir));
        if (!fresh) refuseIfNotOwnFile(file);
        const text = textFor(
          state,
          file,
          [
            `${selfCommand()} interview: the answers so far (a recovery file).`,
            `Carry on with: ${resumeCommand(file)}`,
            answeredLine(state.settled),
          ],
          true,
        );
        // A new file never replaces anything; the program's own file is rewritten after every answer.
        writeFileAtomic(file, text, { replace: !fresh });
        written = true;
      } catch (error) {
        if (!warned)
          process.stderr.write(
            `\nwarning: cannot keep a recovery file in ${cleanLine(dir)} (${cleanLine((error as Error).message)}); set GP_CHANGE_RECOVERY_DIR to a folder you can write\n`,
          );
        warned = true;
      }
    },
    stopMessage: () =>
      written && file
        ? `\nStopped. Your answers so far are kept in ${cleanLine(file)}\nTo carry on where you left off, run:\n  ${resumeCommand(file)}\n`
        : '\nStopped. Nothing was answered yet, so there is nothing to keep.\n',
    file: () => (written ? file : undefined),
    resumeCommand,
    remove() {
      if (!file || !written || !isRecoveryFile(file, dir)) return;
      try {
        unlinkSync(file);
      } catch {
        /* already gone */
      }
    },
  };
}

/**
 * Until the returned function is called, a closed terminal (SIGHUP), a kill (SIGTERM) or Ctrl-C outside a
 * prompt prints `message()` and exits; the recovery file stays as it was after the last answer.
 */
export function stopOnSignals(message: () => string): () => void {
  const onSignal = (code: number) => () => {
    try {
      process.stderr.write(message());
    } finally {
      process.exit(code);
    }
  };
  const handlers: [NodeJS.Signals, () => void][] = [
    ['SIGHUP', onSignal(130)],
    ['SIGTERM', onSignal(143)],
    ['SIGINT', onSignal(130)],
  ];
  for (const [sig, h] of handlers) process.on(sig, h);
  return () => {
    for (const [sig, h] of handlers) process.removeListener(sig, h);
  };
}
