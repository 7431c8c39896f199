/**
 * The interview in a real terminal: tmux runs the built binary in a pseudo-terminal, the test reads the
 * screen and types keys. The walk is mirrored with the pure step function, so a test knows which prompt
 * must come next and waits for exactly that one before answering. Every key sent is counted, so a test
 * can hold the walk to a number of screens and key presses.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { BACK } from '../../src/interview/adapter.js';
import { type InterviewState } from '../../src/interview/state.js';
import { type AnswerValue, type Step } from '../../src/interview/steps.js';
import { nextStep } from '../../src/interview/step.js';
import { apply, back } from '../../src/interview/answer.js';
import type { Rulebook } from '../../src/rulebook/types.js';
import { BIN } from './cli.js';
import { rb } from './rulebook.js';

export const HAS_TMUX = spawnSync('tmux', ['-V']).status === 0;
export const TODAY = '2026-11-23';

export type Asked = Exclude<Step, { kind: 'done' }>;
export type Answer = AnswerValue | typeof BACK;

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const sockets: string[] = [];
afterAll(() => {
  for (const s of sockets) spawnSync('tmux', ['-L', s, 'kill-server']);
});

/** One terminal: a tmux server of our own (its own socket), one window running the binary. */
export class Terminal {
  readonly socket = `gp-change-test-${process.pid}-${sockets.length}`;
  constructor(
    readonly dir: string,
    args: string[],
    env: Record<string, string> = {},
    /** Send the program's standard output to this file instead of the terminal. */
    stdoutTo?: string,
    readonly size: { width: number; height: number } = { width: 100, height: 50 },
  ) {
    sockets.push(this.socket);
    const conf = join(dir, '.tmux.conf');
    writeFileSync(conf, 'set -g history-limit 50000\nset -g status off\n');
    const vars = { GP_CHANGE_TODAY: TODAY, GP_CHANGE_RECOVERY_DIR: join(dir, 'recovery'), HOME: dir, ...env };
    const envs = Object.entries(vars)
      .map(([k, v]) => `${k}=${quote(v)}`)
      .join(' ');
    const cmd = `env -u NO_COLOR -u FORCE_COLOR ${envs} ${quote(process.execPath)} ${quote(BIN)} ${args.map(quote).join(' ')}${stdoutTo ? ` > ${quote(stdoutTo)}` : ''}; echo __EXIT=$?; sleep 300`;
    const r = spawnSync('tmux', [
      '-L',
      this.socket,
      '-f',
      conf,
      'new-session',
      '-d',
      '-s',
      'main',
      '-x',
      String(size.width),
      '-y',
      String(size.height),
      '-c',
      dir,
      cmd,
    ]);
    if (r.status !== 0) throw new Error(`tmux did not start: ${r.stderr}`);
  }

  tmux(...args: string[]): string {
    return spawnSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' }).stdout;
  }

  /** The visible screen, wrapped lines joined. */
  screen(): string {
    return this.tmux('capture-pane', '-p', '-J', '-t', 'main');
  }

  /** Everything the terminal has shown, scrollback included. */
  history(): string {
    return this.tmux('capture-pane', '-p', '-J', '-S', '-', '-t', 'main');
  }

  /** Screens answered, and what was sent: key presses (Enter, arrows, a digit to choose) and characters typed as text. */
  readonly sent = { screens: 0, keys: 0, chars: 0 };

  keys(...keys: string[]): void {
    this.sent.keys += keys.length;
    this.tmux('send-keys', '-t', 'main', ...keys);
  }

  type(text: string): void {
    this.sent.chars += [...text].length;
    if (text) this.tmux('send-keys', '-t', 'main', '-l', text);
    this.keys('Enter');
  }

  async waitFor(test: (screen: string) => boolean, what: string, ms = 15000): Promise<string> {
    const until = Date.now() + ms;
    for (;;) {
      const s = this.screen();
      if (test(s)) return s;
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}; the screen:\n${s}`);
      await sleep(40);
    }
  }

  /** Waits until the active prompt (the last line starting with "? ") starts with `message`. */
  waitForPrompt(message: string): Promise<string> {
    const want = `? ${message}`.slice(0, 60);
    return this.waitFor((s) => {
      const active = s
        .split('\n')
        .filter((l) => l.startsWith('? ') || l.startsWith('✔ '))
        .at(-1);
      return !!active && active.startsWith(want);
    }, `the prompt "${message}"`);
  }

  async exitCode(): Promise<number> {
    const s = await this.waitFor((x) => /__EXIT=\d+/.test(x), 'the program to end');
    return Number(/__EXIT=(\d+)/.exec(s)![1]);
  }

  close(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server']);
  }
}

/** The message the adapter shows for a step. */
export function messageOf(step: Asked): string {
  switch (step.kind) {
    case 'principle-intro':
      return 'Ready for the questions?';
    case 'skill':
      return `${step.label}: where will it come from?`;
    default:
      return step.prompt;
  }
}

/** The number to type for a choice: its place in the list the adapter shows (Back comes last). */
function choiceNumber(step: Asked, answer: Answer): number {
  const values: unknown[] =
    step.kind === 'principle-intro'
      ? [true, 'more']
      : step.kind === 'list-add'
        ? [true, false]
        : 'options' in step
          ? step.options!.map((o) => o.value)
          : [];
  if (answer === BACK) return values.length + 1;
  const i = values.indexOf(answer);
  if (i < 0) throw new Error(`no choice ${String(answer)} for ${step.key}`);
  return i + 1;
}

/** The choice the cursor starts on, as the adapter sets it up (its number). */
function startsOn(step: Asked): number | undefined {
  if (step.kind === 'choose-role') return undefined;
  if (step.kind === 'list-add') return step.count > 0 || step.known ? 2 : 1;
  if (step.kind === 'principle-intro') return 1;
  const current = 'current' in step && typeof step.current === 'string' ? step.current : undefined;
  const options = 'options' in step ? (step.options ?? []) : [];
  const i = options.findIndex((o) => o.value === current);
  return i >= 0 ? i + 1 : 1;
}

/** Types one answer into the terminal: Enter alone where the cursor already is on it, as a person would. */
async function answerIn(term: Terminal, step: Asked, answer: Answer): Promise<void> {
  const typed = step.kind === 'text' || (step.kind === 'list-field' && step.type !== 'choice');
  term.sent.screens++;
  if (!typed) {
    const n = choiceNumber(step, answer);
    if (n === startsOn(step)) return term.keys('Enter');
    term.keys(String(n));
    await sleep(30);
    term.keys('Enter');
    return;
  }
  if (answer === BACK) return term.type('<');
  if (Array.isArray(answer)) {
    for (const [i, line] of answer.entries()) {
      if (i > 0)
        await term.waitFor(
          (s) => (s.match(/^✔ Another\?/gm)?.length ?? 0) === i - 1 && /^\? Another\?/m.test(s),
          `line ${i + 1} of a list`,
        );
      term.type(line);
    }
    if (answer.length)
      await term.waitFor(
        (s) => (s.match(/^✔ Another\?/gm)?.length ?? 0) === answer.length - 1 && /^\? Another\?/m.test(s),
        'the end of a list',
      );
    return term.type('');
  }
  term.type(String(answer));
}

export type Script = (step: Asked, state: InterviewState) => Answer;

/** Walks the terminal through the interview, mirroring it with the step function; stops at `until` or the end. */
export async function drive(
  term: Terminal,
  state: InterviewState,
  script: Script,
  until?: (step: Asked) => boolean,
  book: Rulebook = rb,
): Promise<InterviewState> {
  for (let n = 0; n < 300; n++) {
    const step = nextStep(book, state);
    if (step.kind === 'done' || until?.(step)) return state;
    await term.waitForPrompt(messageOf(step));
    const answer = script(step, state);
    await answerIn(term, step, answer);
    state = answer === BACK ? back(state) : apply(book, state, answer);
  }
  throw new Error('the walk did not end');
}
