/**
 * `gp-change interview`: the guided walk in a terminal. Wires the pure step function and the prompt
 * adapter (src/interview/) to the terminal, the recovery file, the report and the saved draft.
 * @inquirer/prompts is imported only here, lazily, so other commands never load it.
 */
import { selfCommand } from '../io/self.js';
import { existsSync, mkdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { Chalk } from 'chalk';
import type { Draft } from '../draft/types.js';
import { loadDraft, namedRulebook, parseDraft, validateDraft } from '../draft/load.js';
import { assess } from '../engine/assess.js';
import { renderText } from '../render/text.js';
import { InputError, UsageError } from '../load/errors.js';
import { MAX_BYTES, describeFsError } from '../load/yaml-source.js';
import { writeFileAtomic } from '../io/output.js';
import { reportWidth, useColour } from '../io/terminal.js';
import { cleanLine } from '../render/sanitize.js';
import { rulebookAt, rulebookForDraft } from './rulebooks.js';
import { startState, toDraft, type InterviewState } from '../interview/step.js';
import { answeredIn, answeredLine, draftYaml, newRecoveryFile, recoveryDir, shellQuote, slugFile } from '../interview/draft-file.js';
import { walk, type PromptKit, type Screen } from '../interview/adapter.js';

export interface InterviewFlags {
  role?: string;
  from?: string;
  save?: string;
  review?: boolean;
  /** A local rulebook (else the one the --from draft names, else the built-in one). */
  rulebook?: string;
  color?: boolean;
}

export interface InterviewContext {
  /** The package root, for the schema path in saved drafts. */
  root: string;
}

export const NO_TERMINAL =
  'gp-change interview needs a terminal to ask its questions; without one (as in CI), check a draft with: gp-change assess FILE';

const CLEAR = '\u001b[H\u001b[2J';

function readDraftFile(file: string): string {
  try {
    const size = statSync(file).size;
    if (size > MAX_BYTES) throw new InputError([{ file, message: `file is ${Math.ceil(size / 1024)} KiB; the limit is 1024 KiB (1 MiB)` }]);
    return readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError([{ file, message: `cannot read the file (${describeFsError(error)})` }]);
  }
}

function isInside(file: string, dir: string): boolean {
  const rel = relative(resolve(dir), resolve(file));
  return !!rel && !rel.startsWith('..') && !rel.startsWith('/');
}

/** Runs the interview; returns the exit code (0 done, 130 stopped with Ctrl-C). */
export async function runInterview(flags: InterviewFlags, ctx: InterviewContext): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) throw new UsageError(NO_TERMINAL);
  if (flags.review && !flags.from) throw new UsageError('--review goes with --from FILE: it asks every question of that draft again');

  let base: string | undefined;
  let from: Draft | undefined;
  let active = await rulebookAt(flags.rulebook);
  // The local rulebook the saved draft names (an absolute path here; relative to the saved file in it).
  let rulebookFile = flags.rulebook && flags.rulebook !== 'builtin' ? resolve(flags.rulebook) : undefined;
  if (flags.from) {
    base = readDraftFile(flags.from);
    const source = parseDraft(base, flags.from);
    const named = namedRulebook(source);
    active = await rulebookForDraft(flags.rulebook, named, flags.from);
    if (!flags.rulebook && named && named !== 'builtin') rulebookFile = resolve(dirname(flags.from), named);
    from = validateDraft(source, active.validate).draft;
  }
  const { rulebook: rb, validate } = active;
  if (flags.role && !rb.roles.some((r) => r.id === flags.role)) {
    throw new UsageError(`--role must be one of ${rb.roles.map((r) => r.id).join(', ')}; got "${flags.role}"`);
  }

  const dir = recoveryDir();
  const answered = base === undefined ? undefined : answeredIn(base);
  const resumingRecovery = !!flags.from && (answered !== undefined || isInside(flags.from, dir));
  // A recovery file's own comments are rewritten each time; a user's draft keeps its comments and layout.
  if (resumingRecovery) base = undefined;
  let recoveryFile = resumingRecovery ? flags.from! : undefined;
  let recoveryWritten = resumingRecovery;
  let recoveryWarned = false;

  const colour = useColour(flags.color, true);
  const chalk = new Chalk({ level: colour ? 1 : 0 });
  const width = reportWidth(100, 80);
  const today = process.env.GP_CHANGE_TODAY || new Date().toISOString().slice(0, 10);
  const schemaFor = (file: string) => relative(dirname(resolve(file)), join(ctx.root, 'schemas', 'proposal.schema.json'));

  /** The draft as the YAML file `file` (for a recovery file, a placeholder title until one is given). */
  const textFor = (state: InterviewState, file: string, header: string[], recovery = false): string => {
    const draft = toDraft(rb, state, { placeholderTitle: recovery });
    if (typeof draft.rulebook === 'string' && isAbsolute(draft.rulebook))
      draft.rulebook = relative(dirname(resolve(file)), draft.rulebook) || '.';
    return draftYaml(draft, { ...(recovery ? {} : { base }), schemaPath: schemaFor(file), header });
  };
  const savedHeader = (file: string) => [`A gp-change draft, written by gp-change interview. Check it with: gp-change assess ${file}`];

  // File names are the user's: shown without control sequences (a name holding them cannot be pasted anyway).
  const resumeCommand = (file: string) =>
    cleanLine(`${selfCommand()} interview --from ${shellQuote(file)}${flags.save ? ` --save ${shellQuote(flags.save)}` : ''}`);
  const stopMessage = (): string =>
    recoveryWritten && recoveryFile
      ? `\nStopped. Your answers so far are kept in ${cleanLine(recoveryFile)}\nTo carry on where you left off, run:\n  ${resumeCommand(recoveryFile)}\n`
      : '\nStopped. Nothing was answered yet, so there is nothing to keep.\n';

  const keep = (state: InterviewState): void => {
    try {
      recoveryFile ??= (mkdirSync(dir, { recursive: true, mode: 0o700 }), newRecoveryFile(dir));
      const text = textFor(
        state,
        recoveryFile,
        [
          `${selfCommand()} interview: the answers so far (a recovery file).`,
          `Carry on with: ${resumeCommand(recoveryFile)}`,
          answeredLine(state.settled),
        ],
        true,
      );
      writeFileAtomic(recoveryFile, text, { replace: true }); // the program's own file, rewritten after every answer
      recoveryWritten = true;
    } catch (error) {
      if (!recoveryWarned)
        process.stderr.write(
          `\nwarning: cannot keep a recovery file in ${cleanLine(dir)} (${cleanLine((error as Error).message)}); set GP_CHANGE_RECOVERY_DIR to a folder you can write\n`,
        );
      recoveryWarned = true;
    }
  };

  // A closed terminal (SIGHUP) or a kill (SIGTERM) leaves the recovery file as it is after the last answer.
  const onSignal = (signal: NodeJS.Signals, code: number) => () => {
    try {
      process.stderr.write(stopMessage());
    } finally {
      process.exit(code);
    }
  };
  const handlers: [NodeJS.Signals, () => void][] = [
    ['SIGHUP', onSignal('SIGHUP', 130)],
    ['SIGTERM', onSignal('SIGTERM', 143)],
    ['SIGINT', onSignal('SIGINT', 130)],
  ];
  for (const [sig, h] of handlers) process.on(sig, h);

  try {
    const prompts = await import('@inquirer/prompts');
    const kit = { select: prompts.select, input: prompts.input, confirm: prompts.confirm } as unknown as PromptKit;
    const screen: Screen = {
      write: (t) => void process.stdout.write(t),
      clear: () => void process.stdout.write(CLEAR),
      width,
      chalk,
    };
    const state = startState(rb, {
      ...(flags.role ? { role: flags.role } : {}),
      ...(from ? { from } : {}),
      review: !!flags.review,
      ...(answered && !flags.review ? { answered } : {}),
      ...(rulebookFile ? { rulebook: rulebookFile } : {}),
    });
    const welcome = flags.from
      ? [
          flags.review
            ? `Reviewing ${flags.from}: every question is asked again, with your earlier answer selected. Press Enter to keep it.`
            : resumingRecovery
              ? `Carrying on where you left off (${flags.from}): only what you have not answered yet is asked.`
              : `Carrying on from ${flags.from}: only the questions still without an answer (or set to "unknown") are asked.`,
          `How to answer: press ↑ and ↓ (or type an option's number), then Enter. Choose "← Back" to change your last answer. Press Ctrl-C to stop at any time: your answers are kept.`,
        ]
      : [
          `Welcome. gp-change walks through a proposed change in general practice using the four principles of The King's Fund guide "How to make change happen in general practice" (2022), then shows a report with any risks and what to do about them. It takes about ten minutes.`,
          '',
          `How to answer: press ↑ and ↓ (or type an option's number), then Enter. Choose "Not sure" for anything you do not know yet: it goes on a "to find out" list and is not held against the change. Choose "← Back" to change your last answer.`,
          '',
          'Your answers are kept as you go: press Ctrl-C to stop at any time and carry on later.',
        ];

    const result = await walk(rb, state, kit, screen, {
      welcome,
      changed: keep,
      report: (s, file) => {
        const text = textFor(s, file, savedHeader(file));
        const a = assess(rb, loadDraft(text, file, validate), { today });
        // the report is longer than a screen: repeat the verdict next to the save question
        const recap = `${chalk.bold(`Verdict: ${a.verdict.level.toUpperCase()}`)}   ${a.verdict.reason}. ${chalk.dim('The full report is above (scroll up).')}`;
        return `${renderText(a, { chalk, width })}\n${chalk.dim('─'.repeat(width))}\n${recap}\n`;
      },
      save: {
        defaultFile: (s) => flags.save ?? (flags.from && !resumingRecovery ? flags.from : slugFile(s.draft.title)),
        exists: (file) => existsSync(file),
        write: (file, s, replace) => {
          const text = textFor(s, file, savedHeader(file));
          loadDraft(text, file, validate); // never write a draft `assess` would refuse
          writeFileAtomic(file, text, { replace });
        },
      },
    });

    if (result.saved) {
      if (recoveryFile && recoveryWritten) {
        try {
          unlinkSync(recoveryFile);
        } catch {
          /* already gone */
        }
      }
      const f = cleanLine(shellQuote(result.saved));
      process.stdout.write(
        `\n${chalk.green('Saved')} to ${cleanLine(result.saved)}\n  Check it again any time:  ${selfCommand()} assess ${f}\n  Change your answers:      ${selfCommand()} interview --from ${f} --review\n  Share the report:         ${selfCommand()} assess ${f} --format html --output report.html\n`,
      );
    } else if (recoveryWritten && recoveryFile) {
      process.stdout.write(
        `\nNot saved. Your answers are kept in ${cleanLine(recoveryFile)}\nTo come back to them, run:\n  ${resumeCommand(recoveryFile)}\n`,
      );
    }
    return 0;
  } catch (error) {
    if (error instanceof Error && error.name === 'ExitPromptError') {
      process.stderr.write(stopMessage());
      return 130;
    }
    throw error;
  } finally {
    for (const [sig, h] of handlers) process.removeListener(sig, h);
  }
}
