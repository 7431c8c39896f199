/**
 * `gp-change interview`: the guided walk in a terminal. Wires the pure step function and the prompt
 * adapter (src/interview/) to the terminal, the recovery file, the report and the saved draft.
 * @inquirer/prompts is imported only here, lazily, so other commands never load it.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { Chalk, type ChalkInstance } from 'chalk';
import type { Rulebook } from '../rulebook/types.js';
import type { Draft } from '../draft/types.js';
import { loadDraft, namedRulebook, parseDraft, validateDraft } from '../draft/load.js';
import { assess } from '../engine/assess.js';
import { renderText } from '../render/text.js';
import { whatIf } from '../engine/whatif.js';
import { InputError, UsageError } from '../load/errors.js';
import { MAX_BYTES, describeFsError, tooBig } from '../load/read-file.js';
import type { Validator } from '../load/validator.js';
import { writeFileAtomic } from '../io/output.js';
import { reportWidth, useColour } from '../io/terminal.js';
import { cleanLine } from '../render/sanitize.js';
import { rulebookAt, rulebookForDraft } from './rulebooks.js';
import { compilePlan } from '../engine/plan.js';
import { startState, toDraft, type InterviewState } from '../interview/state.js';
import { answeredIn, draftYaml, recoveryDir, slugFile } from '../interview/draft-file.js';
import { walk, type PromptKit, type SaveHooks, type Screen } from '../interview/adapter.js';
import { selfCommand, shellWord } from '../io/shell.js';
import { today } from '../io/today.js';
import { isRecoveryFile, recoveryFile, stopOnSignals, type DraftText, type Recovery } from './interview-recovery.js';
import type { Context } from './context.js';

export interface InterviewFlags {
  role?: string;
  from?: string;
  save?: string;
  review?: boolean;
  /** A local rulebook (else the one the --from draft names, else the built-in one). */
  rulebook?: string;
  color?: boolean;
}

export const NO_TERMINAL =
  'gp-change interview needs a terminal to ask its questions; without one (as in CI), check a draft with: gp-change assess FILE';

const CLEAR = '\u001b[H\u001b[2J';

function readDraftFile(file: string): string {
  try {
    const size = statSync(file).size;
    if (size > MAX_BYTES) throw tooBig(file, size);
    return readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError([{ file, message: `cannot read the file (${describeFsError(error)})` }]);
  }
}

/** Where the walk starts: the rulebook, and the draft --from names (if any). */
interface Start {
  rb: Rulebook;
  validate: Validator;
  /** The --from draft's text: a saved draft keeps its comments and layout (not a recovery file's: ours are rewritten). */
  base?: string;
  from?: Draft;
  /** The local rulebook the saved draft names (an absolute path here; relative to the saved file in it). */
  rulebookFile?: string;
  /** The slots a --from recovery file recorded as answered. */
  answered?: string[];
  /** --from is a recovery file, which the walk goes on rewriting, rather than the user's own draft. */
  resumingRecovery: boolean;
}

async function startFrom(flags: InterviewFlags, recoveryFolder: string): Promise<Start> {
  let active = await rulebookAt(flags.rulebook);
  let rulebookFile = flags.rulebook && flags.rulebook !== 'builtin' ? resolve(flags.rulebook) : undefined;
  if (!flags.from) return { rb: active.rulebook, validate: active.validate, rulebookFile, resumingRecovery: false };
  const base = readDraftFile(flags.from);
  const source = parseDraft(base, flags.from);
  const named = namedRulebook(source);
  active = await rulebookForDraft(flags.rulebook, named, flags.from);
  if (!flags.rulebook && named && named !== 'builtin') rulebookFile = resolve(dirname(flags.from), named);
  const from = validateDraft(source, active.validate).draft;
  // Only the program's own recovery file is rewritten as the walk goes on; any other draft is only read.
  const resumingRecovery = isRecoveryFile(flags.from, recoveryFolder);
  const answered = resumingRecovery ? answeredIn(base) : undefined;
  return {
    rb: active.rulebook,
    validate: active.validate,
    ...(resumingRecovery ? {} : { base }),
    from,
    rulebookFile,
    answered,
    resumingRecovery,
  };
}

/** The draft as the YAML file `file`, its schema line relative to the file, its local rulebook too. */
function draftText(rb: Rulebook, base: string | undefined, root: string): DraftText {
  return (state, file, header, recovery = false) => {
    const draft = toDraft(rb, state, { placeholderTitle: recovery });
    if (typeof draft.rulebook === 'string' && isAbsolute(draft.rulebook))
      draft.rulebook = relative(dirname(resolve(file)), draft.rulebook) || '.';
    const schemaPath = relative(dirname(resolve(file)), join(root, 'schemas', 'proposal.schema.json'));
    return draftYaml(draft, { ...(recovery ? {} : { base }), schemaPath, header });
  };
}

/** The start screen's words; the recovery folder is named on every start, so it outlives the scrollback. */
function welcomeLines(flags: InterviewFlags, resumingRecovery: boolean, dir: string): string[] {
  const kept = `Your answers are kept as you go, in ${cleanLine(dir)}: press Ctrl-C to stop at any time and carry on later.`;
  if (flags.from)
    return [
      flags.review
        ? `Reviewing ${flags.from}: every question is asked again, with your earlier answer selected. Press Enter to keep it.`
        : resumingRecovery
          ? `Carrying on where you left off (${flags.from}): only what you have not answered yet is asked.`
          : `Carrying on from ${flags.from}: only the questions still without an answer (or set to "unknown") are asked.`,
      `How to answer: press ↑ and ↓ (or type an option's number), then Enter. Choose "← Back" to change your last answer.`,
      kept,
    ];
  return [
    `Welcome. gp-change walks through a proposed change in general practice using the four principles of The King's Fund guide "How to make change happen in general practice" (2022), then shows a report with any risks and what to do about them. It takes about ten minutes.`,
    '',
    `How to answer: press ↑ and ↓ (or type an option's number), then Enter. Choose "Not sure" for anything you do not know yet: it goes on a "to find out" list and is not held against the change. Choose "← Back" to change your last answer.`,
    '',
    kept,
  ];
}

const savedHeader = (file: string) => [`A gp-change draft, written by gp-change interview. Check it with: gp-change assess ${file}`];

/** The report at the end of the walk, with the verdict repeated beside the save question (the report is longer than a screen). */
function reportFor(start: Start, textFor: DraftText, screen: Screen, today: string) {
  const { chalk, width } = screen;
  return (state: InterviewState, file: string): string => {
    const compiled = compilePlan(start.rb);
    const loaded = loadDraft(textFor(state, file, savedHeader(file)), file, start.validate);
    const a = assess(compiled, loaded, { today });
    // The report's "What would move this" section, before the offer to save.
    a.whatif = whatIf(compiled, loaded, { brief: true });
    const recap = `${chalk.bold(`Verdict: ${a.verdict.level.toUpperCase()}`)}   ${a.verdict.reason}. ${chalk.dim('The full report is above (scroll up).')}`;
    return `${renderText(a, { chalk, width })}\n${chalk.dim('─'.repeat(width))}\n${recap}\n`;
  };
}

/** Saving the draft: never a draft `assess` would refuse; the --from draft (not a recovery file) is offered first. */
function saveHooks(flags: InterviewFlags, start: Start, textFor: DraftText): SaveHooks {
  return {
    defaultFile: (s) => flags.save ?? (flags.from && !start.resumingRecovery ? flags.from : slugFile(s.draft.title)),
    exists: (file) => existsSync(file),
    write: (file, s, replace) => {
      const text = textFor(s, file, savedHeader(file));
      loadDraft(text, file, start.validate);
      writeFileAtomic(file, text, { replace });
    },
  };
}

/** After the walk: where the draft went and what to run next, or where the unsaved answers are kept. */
function farewell(saved: string | undefined, recovery: Recovery, chalk: ChalkInstance): string {
  if (saved) {
    recovery.remove();
    const f = cleanLine(shellWord(saved));
    return `\n${chalk.green('Saved')} to ${cleanLine(saved)}\n  Check it again any time:  ${selfCommand()} assess ${f}\n  Change your answers:      ${selfCommand()} interview --from ${f} --review\n  Share the report:         ${selfCommand()} assess ${f} --format html --output report.html\n`;
  }
  const kept = recovery.file();
  return kept
    ? `\nNot saved. Your answers are kept in ${cleanLine(kept)}\nTo come back to them, run:\n  ${recovery.resumeCommand(kept)}\n`
    : '';
}

/** Runs the interview; returns the exit code (0 done, 130 stopped with Ctrl-C). */
export async function runInterview(flags: InterviewFlags, ctx: Context): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) throw new UsageError(NO_TERMINAL);
  if (flags.review && !flags.from) throw new UsageError('--review goes with --from FILE: it asks every question of that draft again');
  const dir = recoveryDir();
  const start = await startFrom(flags, dir);
  const { rb } = start;
  if (flags.role && !rb.roles.some((r) => r.id === flags.role)) {
    throw new UsageError(`--role must be one of ${rb.roles.map((r) => r.id).join(', ')}; got "${flags.role}"`);
  }
  const chalk = new Chalk({ level: useColour(flags.color, true) ? 1 : 0 });
  const screen: Screen = {
    write: (t) => void process.stdout.write(t),
    clear: () => void process.stdout.write(CLEAR),
    width: reportWidth(100, 80),
    chalk,
  };
  const textFor = draftText(rb, start.base, ctx.root);
  const recovery = recoveryFile(dir, start.resumingRecovery ? flags.from : undefined, flags.save, textFor);
  const stopListening = stopOnSignals(recovery.stopMessage);
  try {
    const prompts = await import('@inquirer/prompts');
    const kit = { select: prompts.select, input: prompts.input, confirm: prompts.confirm } as unknown as PromptKit;
    const state = startState(rb, {
      ...(flags.role ? { role: flags.role } : {}),
      ...(start.from ? { from: start.from } : {}),
      review: !!flags.review,
      ...(start.answered && !flags.review ? { answered: start.answered } : {}),
      ...(start.rulebookFile ? { rulebook: start.rulebookFile } : {}),
    });
    const result = await walk(rb, state, kit, screen, {
      welcome: welcomeLines(flags, start.resumingRecovery, dir),
      changed: recovery.keep,
      report: reportFor(start, textFor, screen, today()),
      save: saveHooks(flags, start, textFor),
    });
    process.stdout.write(farewell(result.saved, recovery, chalk));
    return 0;
  } catch (error) {
    if (error instanceof Error && error.name === 'ExitPromptError') {
      process.stderr.write(recovery.stopMessage());
      return 130;
    }
    throw error;
  } finally {
    stopListening();
  }
}
