/**
 * The interview's recovery file: the answers so far, rewritten after every answer so Ctrl-C (or a closed
 * terminal) never loses them, and what to tell the user when the walk stops.
 */
import { mkdirSync, unlinkSync } from 'node:fs';
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
        file ??= (mkdirSync(dir, { recursive: true, mode: 0o700 }), newRecoveryFile(dir));
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
        writeFileAtomic(file, text, { replace: true }); // the program's own file, rewritten after every answer
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
      if (!file || !written) return;
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
