/**
 * A thin adapter that shows the interview's steps (src/interview/step.ts) with @inquirer/prompts. It
 * decides only how a step looks and which prompt asks it; what to ask, in what order, is the step
 * function's business. The prompt functions are passed in (the real ones are imported lazily by
 * src/commands/interview.ts), so tests can drive them with @inquirer/testing.
 */
import type { ChalkInstance } from 'chalk';
import type { Rulebook } from '../rulebook/types.js';
import { clean, cleanLine } from '../render/sanitize.js';
import { wrap } from '../render/wrap.js';
import { type InterviewState } from './state.js';
import { type AnswerValue, type Choice, type Step } from './steps.js';
import { nextStep } from './step.js';
import { apply, back } from './answer.js';

export interface SelectChoice<V> {
  value: V;
  name: string;
  description?: string;
  short?: string;
}

/** The three @inquirer/prompts functions the interview uses (same call shapes). */
export interface PromptKit {
  select<V>(config: {
    message: string;
    choices: SelectChoice<V>[];
    default?: V;
    pageSize?: number;
    loop?: boolean;
    theme?: Record<string, unknown>;
  }): Promise<V>;
  input(config: {
    message: string;
    default?: string;
    required?: boolean;
    validate?: (value: string) => boolean | string;
    theme?: Record<string, unknown>;
  }): Promise<string>;
  confirm(config: { message: string; default?: boolean; theme?: Record<string, unknown> }): Promise<boolean>;
}

/** Where screens are drawn. */
export interface Screen {
  write(text: string): void;
  /** Starts a fresh screen (clears the terminal). */
  clear(): void;
  width: number;
  chalk: ChalkInstance;
}

export interface SaveHooks {
  /** The file name offered first. */
  defaultFile(state: InterviewState): string;
  exists(file: string): boolean;
  /**
   * Writes the draft; throws with a message the user can act on. `replace`: the file existed and the
   * user agreed to replace it (otherwise a file that appears meanwhile is left alone).
   */
  write(file: string, state: InterviewState, replace: boolean): void;
}

export interface WalkHooks {
  /** After every answer (and every step back): keep the draft so far. */
  changed(state: InterviewState): void;
  /** The report for the draft so far, as the terminal shows it. */
  report(state: InterviewState, file: string): string;
  save: SaveHooks;
  /** Lines shown above the first question of the session. */
  welcome: string[];
}

export type WalkResult = { state: InterviewState; saved?: string };

export const BACK = '\u0000back';
const KEEP = '\u0000keep';
const RETYPE = '\u0000retype';
type Back = typeof BACK;

/** How to answer, on every choice screen. */
export const KEYS_HELP = '↑ ↓ or type a number to move · Enter to choose · Ctrl-C to stop (answers are kept)';
const INPUT_HELP = 'Type your answer, then press Enter.';
const BACK_HINT = 'To go back, type < and press Enter.';

function selectTheme(c: ChalkInstance): Record<string, unknown> {
  return { indexMode: 'number', helpMode: 'always', style: { keysHelpTip: () => c.dim(KEYS_HELP) } };
}

const backChoice = <V>(): SelectChoice<V | Back> => ({
  value: BACK,
  name: '← Back',
  description: 'Go back to the previous question (your answers are kept).',
  short: 'Back',
});

// Labels, help and prompts come from the rulebook (a local one is anyone's text): shown without control sequences.
function toChoices(choices: Choice[]): SelectChoice<string>[] {
  return choices.map((c) => ({
    value: c.value,
    name: cleanLine(c.label),
    ...(c.help ? { description: clean(c.help) } : {}),
    short: cleanLine(c.label),
  }));
}

type AskedStep = Exclude<Step, { kind: 'done' }>;

function progressText(step: AskedStep): string {
  switch (step.kind) {
    case 'choose-role':
    case 'text':
    case 'choose-scope':
      return 'about the change';
    case 'principle-intro':
      return `principle ${step.progress.principle} of ${step.progress.principles}`;
    case 'question':
      return `principle ${step.progress.principle} of ${step.progress.principles} · question ${step.progress.item} of ${step.progress.items}`;
    case 'list-add':
      return `principle ${step.progress.principle} of ${step.progress.principles} · ${plural(step.item, 2)}`;
    case 'list-field':
      return `principle ${step.progress.principle} of ${step.progress.principles} · ${step.item} ${step.index + 1}`;
    case 'skill':
      return `principle ${step.progress.principle} of ${step.progress.principles} · skill ${step.progress.item} of ${step.progress.items}`;
  }
}

/** `gp-change · <title> · <role>        principle n of N · question k of m` */
export function headerLine(
  rb: Rulebook,
  state: InterviewState,
  right: string,
  width: number,
): { left: string; right: string; gap: number } {
  const role = state.role ? rb.roles.find((r) => r.id === state.role)?.label : undefined;
  let title = cleanLine(state.draft.title ?? '') || 'new change';
  const fixed = `gp-change  ·    ${role ? `  ·  ${role}` : ''}`.length + right.length + 3;
  if (fixed + title.length > width) title = `${title.slice(0, Math.max(8, width - fixed - 1))}…`;
  const left = `gp-change  ·  ${title}${role ? `  ·  ${role}` : ''}`;
  return { left, right, gap: Math.max(3, width - left.length - right.length) };
}

function para(text: string, width: number, indent = 0): string {
  return ' '.repeat(indent) + wrap(text, width, indent);
}

/** A principle's full why and its strongest evidence: shown when "More" is chosen at its intro. */
function introDetail(step: Extract<AskedStep, { kind: 'principle-intro' }>, screen: Screen): string {
  const c = screen.chalk;
  const out = ['', c.bold('Why it matters'), para(step.principle.whyItMatters, screen.width)];
  if (step.evidence) {
    const e = step.evidence;
    out.push('', c.bold('What the evidence says'), para(`${e.claim.replace(/[.\s]+$/, '')} (${e.citation}).`, screen.width));
  }
  return `${out.join('\n')}\n`;
}

/** The text above a step's prompt: header, context, help. */
export function screenText(rb: Rulebook, state: InterviewState, step: AskedStep, screen: Screen, welcome?: string[]): string {
  const c = screen.chalk;
  const w = screen.width;
  const out: string[] = [];
  const h = headerLine(rb, state, progressText(step), w);
  out.push(`${c.bold(h.left)}${' '.repeat(h.gap)}${c.dim(h.right)}`);
  out.push(c.dim('─'.repeat(Math.min(w, h.left.length + h.gap + h.right.length))));
  if (welcome?.length) {
    for (const line of welcome) out.push(line ? para(line, w) : '');
    out.push('');
  }
  switch (step.kind) {
    case 'principle-intro': {
      const p = step.principle;
      out.push(c.dim(`Principle ${step.progress.principle} of ${step.progress.principles}`));
      out.push(c.bold(para(`${p.number}  ${p.title}`, w)));
      out.push('');
      // Two lines to read before going on; the full why and the evidence only when asked for (issue 17).
      out.push(para(p.summary, w));
      out.push('');
      const lists = rb.lists.filter((l) => l.principle === p.id).map((l) => plural(l.item, 2));
      const questions = `${step.progress.items} question${step.progress.items === 1 ? '' : 's'}`;
      const skills = rb.skills.principle === p.id ? ', then the skills the change needs' : '';
      // With lists, how many questions follow depends on what is added, so no number is promised.
      out.push(
        c.dim(
          lists.length
            ? `Next: any ${lists.join(' and ')}, then the questions that apply to them${skills}.`
            : `Next: ${questions} about this principle${skills}.`,
        ),
      );
      break;
    }
    case 'question': {
      out.push(c.dim(para(`${step.principle.number}  ${step.principle.title}`, w)));
      if (step.help) out.push(c.dim(para(step.help, w, 3)));
      break;
    }
    case 'list-add':
    case 'list-field': {
      out.push(c.dim(para(`${step.principle.number}  ${step.principle.title}`, w)));
      if (step.kind === 'list-add' && step.names.length) {
        out.push('');
        out.push('So far:');
        step.names.forEach((n, i) => out.push(`  ${i + 1}. ${cleanLine(n)}`));
      }
      if (step.kind === 'list-field') {
        out.push('');
        out.push(c.bold(`${cap(step.item)} ${step.index + 1}${step.entryName ? `: ${cleanLine(step.entryName)}` : ''}`));
      }
      break;
    }
    case 'skill': {
      out.push(c.dim(para(`${step.principle.number}  ${step.principle.title}`, w)));
      out.push('');
      out.push(para(step.prompt, w));
      if (step.help) out.push(c.dim(para(`${step.label}: ${step.help}`, w, 3)));
      break;
    }
    case 'choose-role':
    case 'choose-scope':
    case 'text':
      break;
    default:
      break;
  }
  if (step.kind === 'text' || (step.kind === 'list-field' && step.type !== 'choice')) {
    out.push('');
    if (step.kind === 'text') out.push(c.dim(para(TEXT_HINTS[step.field], w)));
    out.push(c.dim(para(`${INPUT_HELP}${step.canGoBack ? ` ${BACK_HINT}` : ''}`, w)));
  }
  out.push('', '');
  return out.join('\n');
}

const TEXT_HINTS = {
  title: 'For example: Same-day access hub for the PCN. It heads the report and suggests the file name.',
  summary: 'For example: one hub answers same-day requests for all five practices, to free GP time. Press Enter to skip.',
} as const;

const plural = (item: string, n: number) => (n === 1 ? item : `${item}s`);
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

async function choose(
  kit: PromptKit,
  screen: Screen,
  step: { canGoBack: boolean },
  message: string,
  choices: SelectChoice<string>[],
  current?: string,
): Promise<string | Back> {
  const all: SelectChoice<string>[] = step.canGoBack ? [...choices, backChoice<string>()] : choices;
  return kit.select<string>({
    message: cleanLine(message),
    choices: all,
    ...(current !== undefined && choices.some((c) => c.value === current) ? { default: current } : {}),
    pageSize: Math.max(all.length, 7),
    loop: false,
    theme: selectTheme(screen.chalk),
  });
}

async function typed(
  kit: PromptKit,
  step: { canGoBack: boolean },
  message: string,
  required: boolean,
  current?: string,
): Promise<string | Back> {
  // The default is shown as the prompt's answer: a draft's text is shown clean, and kept as it was if accepted.
  const shown = current === undefined ? undefined : cleanLine(current);
  const value = await kit.input({
    message: cleanLine(message),
    ...(shown ? { default: shown } : {}),
    validate: (v: string) => {
      if (v.trim() === '<' && step.canGoBack) return true;
      if (required && !v.trim() && !current) return 'Please type an answer (it can be changed later).';
      return true;
    },
  });
  if (value.trim() === '<' && step.canGoBack) return BACK;
  return (value.trim() === '' || value === shown) && current ? current : value;
}

/** Asks one step; returns the answer for `apply`, or BACK. */
export async function ask(step: AskedStep, kit: PromptKit, screen: Screen): Promise<AnswerValue | Back> {
  switch (step.kind) {
    case 'choose-role':
    case 'choose-scope':
    case 'question':
      return choose(kit, screen, step, step.prompt, toChoices(step.options), step.current);
    case 'skill':
      return choose(kit, screen, step, `${step.label}: where will it come from?`, toChoices(step.options), step.current);
    case 'text':
      return typed(kit, step, step.prompt, step.required, step.current);
    case 'principle-intro': {
      const go = { value: 'continue', name: 'Continue', description: 'Go on to the questions about this principle.' };
      const more = { value: 'more', name: 'More', description: 'Why this principle matters, and what the evidence says.' };
      const a = await choose(kit, screen, step, 'Ready for the questions?', [go, more]);
      if (a !== 'more') return a === BACK ? BACK : true;
      screen.write(`${introDetail(step, screen)}\n`);
      const b = await choose(kit, screen, step, 'Ready for the questions?', [go]);
      return b === BACK ? BACK : true;
    }
    case 'list-add': {
      const another = step.count > 0;
      const a = await choose(
        kit,
        screen,
        step,
        step.prompt,
        [
          {
            value: 'yes',
            name: another ? `Yes, add another ${step.item}` : `Yes, add ${/^[aeiou]/i.test(step.item) ? 'an' : 'a'} ${step.item}`,
            description: `You will be asked a few short questions about the ${step.item}.`,
          },
          {
            value: 'no',
            name: another ? 'No, that is all' : 'No',
            description: another
              ? `Go on with the ${plural(step.item, 2)} listed.`
              : `Choose this if you are not sure too; you can add one later with gp-change interview --from FILE.`,
          },
        ],
        step.count > 0 || step.known ? 'no' : undefined,
      );
      return a === BACK ? BACK : a === 'yes';
    }
    case 'list-field': {
      if (step.type === 'choice')
        return choose(
          kit,
          screen,
          step,
          step.prompt,
          toChoices(step.options ?? []),
          typeof step.current === 'string' ? step.current : undefined,
        );
      if (step.type === 'text')
        return typed(kit, step, step.prompt, step.required, typeof step.current === 'string' ? step.current : undefined);
      return askLines(kit, screen, step);
    }
  }
}

/** A text list, one line at a time; an empty line ends it. */
async function askLines(kit: PromptKit, screen: Screen, step: Extract<Step, { kind: 'list-field' }>): Promise<string[] | Back> {
  const current = Array.isArray(step.current) ? step.current : [];
  if (current.length) {
    const a = await choose(kit, screen, step, step.prompt, [
      { value: KEEP, name: `Keep: ${current.map(cleanLine).join('; ')}` },
      { value: RETYPE, name: 'Type them again' },
    ]);
    if (a === BACK) return BACK;
    if (a === KEEP) return current;
  }
  const lines: string[] = [];
  for (;;) {
    const line = await kit.input({
      message: lines.length === 0 ? cleanLine(step.prompt) : 'Another? (press Enter on an empty line to finish)',
    });
    const t = line.trim();
    if (t === '<' && lines.length === 0 && step.canGoBack) return BACK;
    if (!t) return lines;
    lines.push(t);
  }
}

async function askSave(
  state: InterviewState,
  kit: PromptKit,
  screen: Screen,
  hooks: SaveHooks,
): Promise<{ file?: string; back?: boolean }> {
  const c = screen.chalk;
  const defaultFile = hooks.defaultFile(state);
  const shownFile = cleanLine(defaultFile);
  const a = await kit.select<string>({
    message: 'Save your answers to a file?',
    choices: [
      {
        value: 'save',
        name: `Save as ${shownFile}`,
        description: `Writes the draft to ${shownFile}; check it again any time with gp-change assess ${shownFile}.`,
      },
      { value: 'other', name: 'Save under another name', description: 'Type a file name (ending in .yaml).' },
      // Back only where there is an answer to go back to (a completed --from draft starts with none).
      ...(state.history.length
        ? [{ value: BACK, name: '← Back', description: 'Go back and change your last answer.', short: 'Back' }]
        : []),
      { value: 'quit', name: 'Finish without saving', description: 'Your answers stay in the recovery file, whose path is shown next.' },
    ],
    pageSize: 7,
    loop: false,
    theme: selectTheme(c),
  });
  if (a === BACK) return { back: true };
  if (a === 'quit') return {};
  let file = a === 'save' ? defaultFile : '';
  for (;;) {
    if (!file) {
      file =
        (
          await kit.input({
            message: 'File name:',
            default: defaultFile,
            validate: (v) => (v.trim() === '' || /\.ya?ml$/i.test(v.trim()) ? true : 'Please end the name with .yaml'),
          })
        ).trim() || defaultFile;
    }
    const exists = hooks.exists(file);
    if (exists) {
      const replace = await kit.confirm({ message: `${cleanLine(file)} already exists. Replace it?`, default: false });
      if (!replace) {
        file = '';
        continue;
      }
    }
    try {
      hooks.write(file, state, exists);
      return { file };
    } catch (error) {
      screen.write(`${c.red('Could not save:')} ${cleanLine((error as Error).message)}\n`);
      file = '';
    }
  }
}

/** Runs the walk from `state` to the end: every step asked, the report shown, the save offered. */
export async function walk(rb: Rulebook, initial: InterviewState, kit: PromptKit, screen: Screen, hooks: WalkHooks): Promise<WalkResult> {
  let state = initial;
  let welcome: string[] | undefined = hooks.welcome;
  for (;;) {
    const step = nextStep(rb, state);
    if (step.kind === 'done') {
      screen.clear();
      screen.write(hooks.report(state, hooks.save.defaultFile(state)));
      screen.write('\n');
      const r = await askSave(state, kit, screen, hooks.save);
      if (r.back) {
        state = back(state);
        hooks.changed(state);
        continue;
      }
      return { state, ...(r.file ? { saved: r.file } : {}) };
    }
    screen.clear();
    screen.write(screenText(rb, state, step, screen, welcome));
    welcome = undefined;
    const answer = await ask(step, kit, screen);
    state = answer === BACK ? back(state) : apply(rb, state, answer);
    hooks.changed(state);
  }
}
