/**
 * The interview end to end, through a real terminal (tests/helpers/pty.ts drives tmux).
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UNKNOWN } from '../src/draft/schema.js';
import { loadDraft } from '../src/draft/load.js';
import { BACK } from '../src/interview/adapter.js';
import { answeredIn } from '../src/interview/draft-file.js';
import { KEY, startState } from '../src/interview/state.js';
import { type AnswerValue } from '../src/interview/steps.js';
import { nextStep } from '../src/interview/step.js';
import { apply, back } from '../src/interview/answer.js';
import { loadLocalRulebook } from '../src/rulebook/local.js';
import { BIN, ROOT, run } from './helpers/cli.js';
import { rb, validate } from './helpers/rulebook.js';
import { HAS_TMUX, Terminal, drive, messageOf, sleep, type Asked, type Script } from './helpers/pty.js';

/** A varied, repeatable set of answers: every fifth question "not sure", the rest spread over the options. */
function practiceLead(): Script {
  let backedUp = false;
  let q = 0;
  return (step) => {
    switch (step.kind) {
      case 'choose-role':
        return 'practice';
      case 'text':
        return step.field === 'title' ? 'Same-day access hub' : 'One hub answers same-day requests for the four practices';
      case 'choose-scope':
        return 'pcn';
      case 'principle-intro':
        return true;
      case 'list-add':
        return false;
      case 'question': {
        // once, change our mind: answer the third question, go back, answer it again
        if (step.progress.principle === 1 && step.progress.item === 4 && !backedUp) {
          backedUp = true;
          return BACK;
        }
        q++;
        if (q % 5 === 0) return UNKNOWN;
        const opts = step.options.filter((o) => o.value !== UNKNOWN);
        return opts[q % opts.length]!.value;
      }
      case 'skill': {
        const opts = step.options.filter((o) => o.value !== UNKNOWN);
        return step.progress.item === 2 ? UNKNOWN : opts[step.progress.item % opts.length]!.value;
      }
      case 'list-field':
        throw new Error('no list entries in this walk');
    }
  };
}

const TARGETS = [
  {
    name: 'Same-day requests answered by 6pm',
    setBy: 'ics',
    measures: 'activity',
    incentive: 'payment',
    sideEffectsMonitored: 'no',
    neglectRisksConsidered: ['continuity of care', 'routine reviews'],
  },
  {
    name: 'Patients satisfied with same-day care',
    setBy: 'pcn',
    measures: 'experience',
    incentive: 'none',
    sideEffectsMonitored: UNKNOWN,
    neglectRisksConsidered: [],
  },
];

function icsCommissioner(): Script {
  const base = practiceLead();
  return (step, state) => {
    if (step.kind === 'text') return step.field === 'title' ? 'Same-day access hubs across the ICS' : '';
    if (step.kind === 'choose-scope') return 'system';
    if (step.kind === 'list-add') return step.list === 'targets' && (state.draft.lists[step.list]?.length ?? 0) < TARGETS.length;
    if (step.kind === 'list-field') return (TARGETS[step.index] as Record<string, AnswerValue>)[step.field]!;
    if (step.kind === 'question' && step.progress.principle === 2) return step.options[1]!.value;
    return base(step, state);
  };
}

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'gp-change-pty-'));
}

/** The report `assess` prints for a saved draft, run from the same folder. */
function assessed(dir: string, file: string): string {
  const r = run(['assess', file], { cwd: dir });
  expect(r.stderr).toBe('');
  return r.stdout;
}

/** Every line of `report` appears, in order, in what the terminal showed. */
function expectShown(history: string, report: string): void {
  const lines = report
    .split('\n')
    .map((l) => l.trimEnd())
    .filter(Boolean);
  let at = history.lastIndexOf(lines[0]!);
  expect(at, `the report's first line on screen: ${lines[0]}`).toBeGreaterThanOrEqual(0);
  for (const line of lines) {
    const next = history.indexOf(line, at);
    expect(next, `report line on screen: ${line}`).toBeGreaterThanOrEqual(0);
    at = next + line.length;
  }
}

describe.skipIf(!HAS_TMUX)(
  HAS_TMUX ? 'the interview in a real terminal (tmux)' : 'the interview in a real terminal: SKIPPED because tmux is not installed',
  () => {
    it('a practice lead: `gp-change` alone -> every principle -> report -> saved draft that assess reproduces', async () => {
      const dir = tmp();
      const term = new Terminal(dir, []);
      try {
        const first = await term.waitForPrompt('Whose view are you giving?');
        expect(first).toMatch(/How to answer: press ↑ and ↓/);
        expect(first).toMatch(/Ctrl-C to stop/);
        // the recovery folder is named on the start screen, so it survives a lost scrollback
        expect(first.replace(/\s+/g, ' ')).toContain(`kept as you go, in ${join(dir, 'recovery')}`);
        const started = Date.now();
        const end = await drive(term, startState(rb), practiceLead());
        const atSave = await term.waitForPrompt('Save your answers to a file?');
        // the verdict is repeated next to the save question, as the report is longer than a screen
        expect(atSave).toMatch(/^Verdict: (READY|REVISE|RETHINK) .*scroll up/m);
        term.keys('1');
        term.keys('Enter');
        expect(await term.exitCode()).toBe(0);
        const elapsed = Date.now() - started;
        const history = term.history();
        expect(history).toMatch(/Saved to same-day-access-hub\.yaml/);
        // counts from the rulebook, which issue 15 grew (new questions and skill areas)
        const firstAsked = rb.principles[0]!.questions.filter((q) => !q.relevantWhen).length;
        expect(history).toContain(`principle 1 of 4 · question 1 of ${firstAsked}`);
        const skills = rb.skills.areas.length;
        expect(history).toContain(`principle 4 of 4 · skill ${skills} of ${skills}`);

        const saved = readFileSync(join(dir, 'same-day-access-hub.yaml'), 'utf8');
        expect(saved.split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=.*schemas\/proposal\.schema\.json$/);
        const draft = loadDraft(saved, 'same-day-access-hub.yaml', validate).draft;
        expect(draft).toMatchObject({ title: 'Same-day access hub', assessor: { role: 'practice' }, scope: 'pcn' });
        expect(draft.answers).toEqual(end.draft.answers);
        expect(draft.skills).toEqual(end.draft.skills);
        expect(Object.values(draft.answers!).filter((v) => v === UNKNOWN).length).toBeGreaterThan(2);

        const report = assessed(dir, 'same-day-access-hub.yaml');
        expect(report).toMatch(/To find out\n {2}- /);
        expectShown(history, report);
        // the recovery file is gone once the draft is saved
        expect(readdirSync(join(dir, 'recovery'))).toEqual([]);
        expect(elapsed).toBeLessThan(60_000);
      } finally {
        term.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }, 90_000);

    it('an ICS commissioner with two targets: their follow-up question is asked; the saved draft has both', async () => {
      const dir = tmp();
      const term = new Terminal(dir, ['interview', '--role', 'ics', '--save', 'hubs.yaml']);
      try {
        const targetFollowUps = rb.principles.flatMap((p) => p.questions).filter((q) => q.relevantWhen);
        let state = startState(rb, { role: 'ics' });
        state = await drive(term, state, icsCommissioner());
        expect(targetFollowUps.every((q) => state.settled.includes(KEY.question(q.id)))).toBe(true);
        await term.waitForPrompt('Save your answers to a file?');
        expect(term.screen()).toMatch(/Save as hubs\.yaml/);
        term.keys('1');
        term.keys('Enter');
        expect(await term.exitCode()).toBe(0);
        const history = term.history();
        expect(history).toMatch(/ICB view/);
        // the ICS wording of a question that has one
        const worded = rb.principles.flatMap((p) => p.questions).find((q) => q.prompts?.ics)!;
        expect(history).toContain(worded.prompts!.ics);

        const saved = readFileSync(join(dir, 'hubs.yaml'), 'utf8');
        const draft = loadDraft(saved, 'hubs.yaml', validate).draft;
        expect(draft.targets).toEqual(TARGETS.map((t) => ({ ...t })));
        expect(draft).not.toHaveProperty('summary');
        expect(draft.incentives).toEqual([]);
        const report = assessed(dir, 'hubs.yaml');
        // The summary names the risk by its title; --detail counts the targets and names each one.
        expect(report).toMatch(/Target pulls attention from other care/);
        const detail = run(['assess', 'hubs.yaml', '--detail'], { cwd: dir }).stdout;
        expect(detail).toMatch(/2 targets/);
        for (const t of TARGETS) expect(detail).toContain(t.name);
        expectShown(history, report);
      } finally {
        term.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }, 90_000);

    it('Ctrl-C mid-way keeps every answer; the printed command resumes and loses nothing', async () => {
      const whole = tmp();
      const dir = tmp();
      const full = new Terminal(whole, ['interview']);
      const first = new Terminal(dir, ['interview']);
      let second: Terminal | undefined;
      try {
        // the same answers without a break, for comparison
        const [fullEnd] = await Promise.all([
          drive(full, startState(rb), practiceLead()),
          (async () => {
            const stopAt = (s: Asked) => s.kind === 'question' && s.progress.principle === 3 && s.progress.item === 4;
            const state = await drive(first, startState(rb), practiceLead(), stopAt);
            await first.waitForPrompt(messageOf(nextStep(rb, state) as Asked));
            first.keys('C-c');
            expect(await first.exitCode()).toBe(130);
            return state;
          })(),
        ]);
        await full.waitForPrompt('Save your answers to a file?');
        full.keys('1');
        full.keys('Enter');
        expect(await full.exitCode()).toBe(0);

        const stopped = first.screen();
        const kept = /Your answers so far are kept in (\S+)/.exec(stopped)?.[1];
        expect(kept, stopped).toBeDefined();
        // The resume command is printed as the program was started here: node and the launcher's path.
        expect(stopped.replace(/\s+/g, '')).toContain(`node ${BIN} interview --from ${kept}`.replace(/\s+/g, ''));
        expect(existsSync(kept!)).toBe(true);
        const text = readFileSync(kept!, 'utf8');
        const recovered = loadDraft(text, kept!, validate).draft;
        expect(recovered.title).toBe('Same-day access hub');
        // "not sure" answers are kept as such, and recorded as answered
        expect(Object.values(recovered.answers!)).toContain(UNKNOWN);

        // resume with the printed command; the script continues where it stopped
        second = new Terminal(dir, ['interview', '--from', kept!]);
        const resumed = startState(rb, { from: recovered, answered: answeredIn(text)! });
        const script = practiceLead();
        // replay the script's memory of the first part (its counters), without the terminal
        let replay = startState(rb);
        while (replay.settled.length < resumed.settled.length || nextStep(rb, replay).key !== nextStep(rb, resumed).key) {
          const step = nextStep(rb, replay) as Asked;
          const a = script(step, replay);
          replay = a === BACK ? back(replay) : apply(rb, replay, a);
        }
        const firstScreen = await second.waitForPrompt(messageOf(nextStep(rb, resumed) as Asked));
        expect(firstScreen).toMatch(/Carrying on where you left off/);
        await drive(second, resumed, script);
        await second.waitForPrompt('Save your answers to a file?');
        second.keys('1');
        second.keys('Enter');
        expect(await second.exitCode()).toBe(0);

        const a = readFileSync(join(whole, 'same-day-access-hub.yaml'), 'utf8');
        const b = readFileSync(join(dir, 'same-day-access-hub.yaml'), 'utf8');
        expect(b).toBe(a);
        expect(loadDraft(b, 'x.yaml', validate).draft.answers).toEqual(fullEnd.draft.answers);
        expect(existsSync(kept!)).toBe(false);
      } finally {
        for (const t of [full, first, second]) t?.close();
        rmSync(whole, { recursive: true, force: true });
        rmSync(dir, { recursive: true, force: true });
      }
    }, 120_000);

    it("a --from draft that looks like a recovery file is the user's own: never rewritten, never deleted", async () => {
      const dir = tmp();
      // issue 14, item 2: a draft holding the recovery comment line, with the user's own comments
      const text = [
        '# Our same-day hub: agreed at the partners meeting.',
        '# gp-change-interview-answered: origin',
        'gpChange: 1',
        'title: Same-day access hub # working title',
        'assessor: { role: practice }',
        'scope: pcn',
        'answers:',
        '  origin: practice # the partners asked for it',
        '',
      ].join('\n');
      writeFileSync(join(dir, 'draft.yaml'), text);
      const term = new Terminal(dir, ['interview', '--from', 'draft.yaml', '--save', 'out.yaml']);
      try {
        const from = loadDraft(text, 'draft.yaml', validate).draft;
        const state = startState(rb, { from });
        const half = await drive(term, state, practiceLead(), (s) => s.kind === 'question' && s.progress.principle === 3);
        await term.waitForPrompt(messageOf(nextStep(rb, half) as Asked));
        expect(readFileSync(join(dir, 'draft.yaml'), 'utf8')).toBe(text);
        await drive(term, half, practiceLead());
        await term.waitForPrompt('Save your answers to a file?');
        term.keys('1');
        term.keys('Enter');
        expect(await term.exitCode()).toBe(0);
        expect(readFileSync(join(dir, 'draft.yaml'), 'utf8')).toBe(text);
        expect(readFileSync(join(dir, 'out.yaml'), 'utf8')).toContain('# Our same-day hub: agreed at the partners meeting.');
        expect(readdirSync(join(dir, 'recovery'))).toEqual([]);
      } finally {
        term.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }, 90_000);

    it('closing the terminal (SIGHUP) leaves the recovery file with the answers so far', async () => {
      const dir = tmp();
      const term = new Terminal(dir, ['interview', '--role', 'practice']);
      try {
        const stopAt = (s: Asked) => s.kind === 'question' && s.progress.principle === 1 && s.progress.item === 3;
        const state = await drive(term, startState(rb, { role: 'practice' }), practiceLead(), stopAt);
        await term.waitForPrompt(messageOf(nextStep(rb, state) as Asked));
        term.close();
        const recovery = join(dir, 'recovery');
        await sleep(200);
        const files = readdirSync(recovery);
        expect(files).toHaveLength(1);
        const draft = loadDraft(readFileSync(join(recovery, files[0]!), 'utf8'), files[0]!, validate).draft;
        expect(draft.answers).toEqual(state.draft.answers);
        expect(Object.keys(draft.answers!)).toHaveLength(2);
      } finally {
        term.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }, 60_000);

    it("a local rulebook's own questions are asked, and the saved draft names the rulebook so assess uses it too", async () => {
      const dir = tmp();
      // in the project folder: a draft may name only a rulebook inside it (issue 14, item 1)
      const file = join(dir, 'pcn-local-measures.yaml');
      copyFileSync(join(ROOT, 'examples', 'rulebooks', 'pcn-local-measures.yaml'), file);
      const { rulebook: local } = loadLocalRulebook(file, rb);
      const extra = local.principles
        .flatMap((p) => p.questions)
        .filter((q) => !rb.principles.some((p) => p.questions.some((b) => b.id === q.id)));
      expect(extra.length).toBeGreaterThan(0);
      const term = new Terminal(dir, ['interview', '--role', 'practice', '--rulebook', file]);
      try {
        const script = practiceLead();
        const end = await drive(
          term,
          startState(local, { role: 'practice', rulebook: file }),
          (step, state) => (step.kind === 'question' && extra.some((q) => q.id === step.id) ? step.options[0]!.value : script(step, state)),
          undefined,
          local,
        );
        await term.waitForPrompt('Save your answers to a file?');
        term.keys('1');
        term.keys('Enter');
        expect(await term.exitCode()).toBe(0);
        const saved = readFileSync(join(dir, 'same-day-access-hub.yaml'), 'utf8');
        expect(saved).toMatch(/^rulebook: pcn-local-measures\.yaml$/m);
        for (const q of extra) expect(saved).toMatch(new RegExp(`^  ${q.id}: `, 'm'));
        expect(end.draft.answers[extra[0]!.id]).toBe(extra[0]!.options[0]!.id);
        const report = assessed(dir, 'same-day-access-hub.yaml');
        expect(report).toContain(local.id);
        expectShown(term.history(), report);
      } finally {
        term.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }, 90_000);

    it('with its output going to a file rather than the terminal, it refuses in one line and exits 2', async () => {
      const dir = tmp();
      const term = new Terminal(dir, ['interview'], {}, join(dir, 'out.txt'));
      try {
        expect(await term.exitCode()).toBe(2);
        const screen = term.screen().trim().split('\n');
        expect(screen[0]).toMatch(/^error: gp-change interview needs a terminal.*gp-change assess FILE$/);
        expect(screen[1]).toMatch(/^__EXIT=2/);
        expect(readFileSync(join(dir, 'out.txt'), 'utf8')).toBe('');
      } finally {
        term.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  },
);

describe('without a terminal', () => {
  it('`gp-change interview` exits 2 with one line pointing to `gp-change assess FILE`', () => {
    const r = run(['interview']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/needs a terminal.*gp-change assess FILE/);
  });

  it('`gp-change` alone prints the help to stderr and exits 2', () => {
    const r = run([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Usage: gp-change/);
    expect(r.stderr).toMatch(/interview/);
  });

  it('every option of interview has help with an example', () => {
    const r = run(['interview', '--help']);
    expect(r.code).toBe(0);
    for (const o of ['--role', '--from', '--review', '--save', '--rulebook']) expect(r.stdout).toContain(o);
    expect(r.stdout).toMatch(/Example:\n {2}gp-change interview/);
  });
});
