import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { render } from '@inquirer/testing';
import { confirm, input, select } from '@inquirer/prompts';
import { Chalk } from 'chalk';
import type { Draft } from '../src/draft/types.js';
import { loadDraft } from '../src/draft/load.js';
import { UNKNOWN } from '../src/draft/schema.js';
import { BACK, ask, headerLine, screenText, walk, type PromptKit, type Screen, type SelectChoice } from '../src/interview/adapter.js';
import { KEY, startState, type InterviewState } from '../src/interview/state.js';
import { type Step } from '../src/interview/steps.js';
import { nextStep, strongestClaim } from '../src/interview/step.js';
import { apply } from '../src/interview/answer.js';
import { rb, validate } from './helpers/rulebook.js';

type Asked = Exclude<Step, { kind: 'done' }>;
type Rendered = Awaited<ReturnType<typeof render>>;
interface Turn {
  kind: 'select' | 'input' | 'confirm';
  config: { message: string; choices?: SelectChoice<unknown>[]; default?: unknown };
  r: Rendered;
}
type Driver = (turn: Turn) => void | Promise<void>;

/** Prompt functions that render with @inquirer/testing and are driven by a script, one driver per prompt. */
function scripted(drivers: Driver[]) {
  const seen: Turn[] = [];
  const run = async <V>(kind: Turn['kind'], prompt: unknown, config: Turn['config']): Promise<V> => {
    const driver = drivers.shift();
    if (!driver) throw new Error(`no driver left for ${kind}: ${config.message}`);
    const r = await render(prompt as never, config as never);
    const turn = { kind, config, r };
    seen.push(turn);
    await driver(turn);
    return (await r.answer) as V;
  };
  const kit: PromptKit = {
    select: (config) => run('select', select, config),
    input: (config) => run('input', input, config),
    confirm: (config) => run('confirm', confirm, config),
  };
  return { kit, seen, left: () => drivers.length };
}

/** Moves to the choice with this value (or label) and presses Enter. */
const choose =
  (want: unknown): Driver =>
  ({ config, r }) => {
    const choices = config.choices ?? [];
    const target = choices.findIndex((c) => c.value === want || c.name === want);
    if (target < 0) throw new Error(`no choice ${String(want)} in ${config.message}: ${choices.map((c) => c.name).join(', ')}`);
    const start = Math.max(
      0,
      choices.findIndex((c) => c.value === config.default),
    );
    for (let i = start; i < target; i++) r.events.keypress('down');
    for (let i = start; i > target; i--) r.events.keypress('up');
    r.events.keypress('enter');
  };
const enter: Driver = ({ r }) => r.events.keypress('enter');
const type =
  (text: string): Driver =>
  ({ r }) => {
    r.events.type(text);
    r.events.keypress('enter');
  };
const yes: Driver = ({ r }) => {
  r.events.type('y');
  r.events.keypress('enter');
};
const no: Driver = ({ r }) => {
  r.events.type('n');
  r.events.keypress('enter');
};
const ctrlC: Driver = ({ r }) => r.events.keypress({ name: 'c', ctrl: true });

function fakeScreen(width = 100): Screen & { text: () => string; screens: () => string[] } {
  let out = '';
  return {
    write: (t) => void (out += t),
    clear: () => void (out += '\f'),
    width,
    chalk: new Chalk({ level: 0 }),
    text: () => out,
    screens: () => out.split('\f').filter(Boolean),
  };
}

/** Answers with the first option until `stop`. */
function advance(state: InterviewState, stop: (s: Step) => boolean): InterviewState {
  for (let i = 0; i < 200; i++) {
    const step = nextStep(rb, state);
    if (stop(step) || step.kind === 'done') return state;
    const a =
      step.kind === 'text'
        ? step.field === 'title'
          ? 'Same-day access hub'
          : ''
        : step.kind === 'principle-intro'
          ? true
          : step.kind === 'list-add'
            ? false
            : step.kind === 'list-field'
              ? step.type === 'choice'
                ? step.options![0]!.value
                : step.type === 'text-list'
                  ? []
                  : 'x'
              : step.options[0]!.value;
    state = apply(rb, state, a);
  }
  throw new Error('never stopped');
}

const complete = loadDraft(readFileSync('tests/fixtures/interview/complete.yaml', 'utf8'), 'complete.yaml', validate).draft;

describe('a question on screen', () => {
  const state = advance(startState(rb, { role: 'practice' }), (s) => s.kind === 'question');
  const step = nextStep(rb, state) as Extract<Asked, { kind: 'question' }>;
  const q = rb.principles[0]!.questions[0]!;

  it('the header names the change, the role and the progress', () => {
    const h = headerLine(rb, state, 'principle 1 of 4 · question 1 of 7', 100);
    expect(`${h.left}${' '.repeat(h.gap)}${h.right}`).toHaveLength(100);
    const text = screenText(rb, state, step, fakeScreen());
    const first = text.split('\n')[0]!;
    const n = rb.principles[0]!.questions.length;
    expect(first).toMatch(
      new RegExp(`^gp-change {2}· {2}Same-day access hub {2}· {2}Practice view +principle 1 of 4 · question 1 of ${n}$`),
    );
    expect(text).toContain(`1 ${rb.principles[0]!.title}`);
    expect(text).toContain(q.help!.split(' ').slice(0, 4).join(' '));
  });

  it('a long title is cut to fit the width', () => {
    const long = { ...state, draft: { ...state.draft, title: 'A very long title '.repeat(10) } };
    const h = headerLine(rb, long, 'principle 1 of 4 · question 1 of 7', 80);
    expect(h.left.length + h.gap + h.right.length).toBeLessThanOrEqual(80);
    expect(h.left).toContain('…');
  });

  it('lists every option, "Not sure" and "Back", with the help of the option under the cursor', async () => {
    const screens: string[] = [];
    const { kit } = scripted([
      ({ r }) => {
        screens.push(r.getScreen());
        r.events.keypress('down');
        screens.push(r.getScreen());
        r.events.keypress('enter');
      },
    ]);
    const answer = await ask(step, kit, fakeScreen());
    expect(answer).toBe(q.options[1]!.id);
    for (const o of q.options) expect(screens[0]).toContain(o.label);
    expect(screens[0]).toContain('Not sure');
    expect(screens[0]).toContain('← Back');
    expect(screens[0]).toContain(q.options[0]!.help!);
    expect(screens[1]).toContain(q.options[1]!.help!);
    expect(screens[0]).toMatch(/Enter to choose/);
  });

  it('"Not sure" answers unknown; "Back" answers BACK', async () => {
    const { kit } = scripted([choose(UNKNOWN), choose(BACK)]);
    expect(await ask(step, kit, fakeScreen())).toBe(UNKNOWN);
    expect(await ask(step, kit, fakeScreen())).toBe(BACK);
  });

  it('a question already answered starts on that answer', async () => {
    const { kit, seen } = scripted([enter]);
    const answered = { ...step, current: q.options[2]!.id };
    expect(await ask(answered, kit, fakeScreen())).toBe(q.options[2]!.id);
    expect(seen[0]!.config.default).toBe(q.options[2]!.id);
  });

  it('the first step has no Back', async () => {
    const first = nextStep(rb, startState(rb));
    let shown = '';
    const { kit, seen } = scripted([
      (turn) => {
        shown = turn.r.getScreen();
        return choose('practice')(turn);
      },
    ]);
    expect(await ask(first as Asked, kit, fakeScreen())).toBe('practice');
    expect(seen[0]!.config.choices!.map((c) => c.value)).toEqual(rb.roles.map((r) => r.id));
    expect(shown).toContain(rb.roles[0]!.description!.split(' ').slice(0, 3).join(' '));
    expect(shown).not.toContain('Back');
  });
});

describe('other steps', () => {
  it('a principle opens with its two-line summary; "More" shows why it matters and its strongest evidence, cited', async () => {
    const state = advance(startState(rb, { role: 'ics' }), (s) => s.kind === 'principle-intro');
    const step = nextStep(rb, state) as Extract<Asked, { kind: 'principle-intro' }>;
    const screen = fakeScreen(100);
    const text = screenText(rb, state, step, screen).replace(/\s+/g, ' ');
    const p = rb.principles[0]!;
    const claim = strongestClaim(p)!;
    const why = p.whyItMatters.replace(/\s+/g, ' ').slice(0, 60);
    expect(text).toContain('principle 1 of 4');
    expect(text).toContain(p.summary.replace(/\s+/g, ' '));
    expect(text).not.toContain(why);
    expect(text).toMatch(/Next: \d+ questions about this principle\./);
    const { kit } = scripted([choose('more'), enter]);
    expect(await ask(step, kit, screen)).toBe(true);
    const more = screen.text().replace(/\s+/g, ' ');
    expect(more).toContain(why);
    expect(more).toContain(claim.claim.replace(/\s+/g, ' ').replace(/\.$/, ''));
    expect(more).toContain(`${claim.strength} evidence).`);
  });

  it('title: typed text; an empty title is refused; "<" goes back', async () => {
    const state = apply(rb, startState(rb), 'practice');
    const step = nextStep(rb, state) as Asked;
    expect(step).toMatchObject({ kind: 'text', field: 'title' });
    const messages: string[] = [];
    const { kit } = scripted([
      async ({ r }) => {
        r.events.keypress('enter');
        await new Promise((res) => setTimeout(res, 5));
        messages.push(r.getScreen());
        r.events.type('Same-day hub');
        r.events.keypress('enter');
      },
      type('<'),
    ]);
    expect(await ask(step, kit, fakeScreen())).toBe('Same-day hub');
    expect(messages[0]).toMatch(/Please type an answer/);
    expect(await ask(step, kit, fakeScreen())).toBe(BACK);
    expect(screenText(rb, state, step, fakeScreen())).toMatch(/To go back, type < and press Enter/);
  });

  it('a text list is typed a line at a time, ending with an empty line', async () => {
    const list = rb.lists.find((l) => l.fields.some((f) => f.type === 'text-list'))!;
    let state = advance(startState(rb), (s) => s.kind === 'list-add' && s.list === list.id);
    state = apply(rb, state, true);
    state = advance(state, (s) => s.kind === 'list-field' && s.type === 'text-list');
    const step = nextStep(rb, state) as Asked;
    const { kit } = scripted([type('continuity of care'), type('  long-term conditions '), enter]);
    expect(await ask(step, kit, fakeScreen())).toEqual(['continuity of care', 'long-term conditions']);
  });

  it('list-add: "add one?" then "add another?", with the entries so far on screen', async () => {
    const list = rb.lists[0]!;
    let state = advance(startState(rb), (s) => s.kind === 'list-add' && s.list === list.id);
    const { kit, seen } = scripted([choose('yes'), choose('no')]);
    const first = nextStep(rb, state) as Asked;
    expect(await ask(first, kit, fakeScreen())).toBe(true);
    expect(seen[0]!.config.message).toBe(list.prompt);
    state = apply(rb, state, true);
    state = advance(state, (s) => s.kind === 'list-add');
    const again = nextStep(rb, state) as Asked;
    expect(screenText(rb, state, again, fakeScreen())).toContain(`1. x`);
    expect(await ask(again, kit, fakeScreen())).toBe(false);
    expect(seen[1]!.config.message).toBe(`Add another ${list.item}?`);
    expect(seen[1]!.config.choices!.map((c) => c.name)).toContain('No, that is all');
  });

  it('a skill names its area', async () => {
    const state = advance(startState(rb), (s) => s.kind === 'skill');
    const step = nextStep(rb, state) as Extract<Asked, { kind: 'skill' }>;
    const { kit, seen } = scripted([choose(rb.skills.levels[2]!.id)]);
    expect(await ask(step, kit, fakeScreen())).toBe(rb.skills.levels[2]!.id);
    expect(seen[0]!.config.message).toContain(rb.skills.areas[0]!.label);
    expect(screenText(rb, state, step, fakeScreen())).toMatch(/skill 1 of \d/);
  });
});

describe('the walk', () => {
  function hooks(over: Partial<Parameters<typeof walk>[4]> = {}) {
    const changes: InterviewState[] = [];
    const written: { file: string; draft: InterviewState }[] = [];
    const existing = new Set<string>();
    const h = {
      welcome: ['Welcome. Press ↑ and ↓, then Enter.'],
      changed: (s: InterviewState) => void changes.push(s),
      report: (_s: InterviewState, file: string) => `REPORT for ${file}\n`,
      save: {
        defaultFile: () => 'care-navigation.yaml',
        exists: (f: string) => existing.has(f),
        write: (file: string, draft: InterviewState) => void written.push({ file, draft }),
      },
      ...over,
    };
    return { h, changes, written, existing };
  }

  it('asks what is missing, shows the report, saves under the default name', async () => {
    const from = structuredClone(complete) as Draft;
    const q = rb.principles[2]!.questions[1]!;
    delete from.answers![q.id];
    const state = startState(rb, { from });
    const { kit, left } = scripted([enter /* intro */, choose(q.options[0]!.id), choose('save')]);
    const screen = fakeScreen();
    const { h, changes, written } = hooks();
    const result = await walk(rb, state, kit, screen, h);
    expect(left()).toBe(0);
    expect(result.saved).toBe('care-navigation.yaml');
    expect(written).toHaveLength(1);
    expect(written[0]!.draft.draft.answers[q.id]).toBe(q.options[0]!.id);
    expect(changes).toHaveLength(2);
    const screens = screen.screens();
    expect(screens[0]).toContain('Welcome. Press');
    expect(screens[1]).not.toContain('Welcome');
    expect(screens.at(-1)).toContain('REPORT for care-navigation.yaml');
  });

  it('never replaces a file without asking; another name can be typed', async () => {
    const state = startState(rb, { from: complete });
    const { kit, seen } = scripted([choose('save'), no, type('other.yaml')]);
    const { h, written, existing } = hooks();
    existing.add('care-navigation.yaml');
    const result = await walk(rb, state, kit, fakeScreen(), h);
    expect(seen[1]!.config.message).toBe('care-navigation.yaml already exists. Replace it?');
    expect(seen[1]!.config.default).toBe(false);
    expect(result.saved).toBe('other.yaml');
    expect(written.map((w) => w.file)).toEqual(['other.yaml']);
  });

  it('replaces the file when told to', async () => {
    const { kit } = scripted([choose('save'), yes]);
    const { h, written, existing } = hooks();
    existing.add('care-navigation.yaml');
    expect((await walk(rb, startState(rb, { from: complete }), kit, fakeScreen(), h)).saved).toBe('care-navigation.yaml');
    expect(written).toHaveLength(1);
  });

  it('finishing without saving writes nothing', async () => {
    const { kit } = scripted([choose('quit')]);
    const { h, written } = hooks();
    const result = await walk(rb, startState(rb, { from: complete }), kit, fakeScreen(), h);
    expect(result.saved).toBeUndefined();
    expect(written).toHaveLength(0);
  });

  it('Back on the save screen goes back to the last question', async () => {
    const from = structuredClone(complete) as Draft;
    const area = rb.skills.areas.at(-1)!;
    delete from.skills![area.id];
    const { kit, seen } = scripted([enter /* intro */, choose('in-team'), choose(BACK), choose('missing'), choose('save')]);
    const { h, written } = hooks();
    await walk(rb, startState(rb, { from }), kit, fakeScreen(), h);
    expect(seen[3]!.config.default).toBe('in-team');
    expect(written[0]!.draft.draft.skills[area.id]).toBe('missing');
  });

  it('a failed save says why and asks again', async () => {
    const { kit } = scripted([choose('save'), type('/nope/x.yaml')]);
    let calls = 0;
    const { h } = hooks();
    h.save.write = (file: string) => {
      if (calls++ === 0) throw new Error(`cannot write ${file}`);
    };
    const screen = fakeScreen();
    const result = await walk(rb, startState(rb, { from: complete }), kit, screen, h);
    expect(screen.text()).toContain('Could not save: cannot write care-navigation.yaml');
    expect(result.saved).toBe('/nope/x.yaml');
  });

  it("Ctrl-C stops the walk with inquirer's ExitPromptError, after keeping every answer so far", async () => {
    const { kit } = scripted([choose('practice'), type('Hub'), type(''), choose('pcn'), ctrlC]);
    const { h, changes } = hooks();
    const error = await walk(rb, startState(rb), kit, fakeScreen(), h).catch((e: unknown) => e);
    expect((error as Error).name).toBe('ExitPromptError');
    expect(changes).toHaveLength(4);
    expect(changes.at(-1)!.settled).toEqual([KEY.role, KEY.title, KEY.summary, KEY.scope]);
    expect(changes.at(-1)!.draft).toMatchObject({ title: 'Hub', scope: 'pcn' });
  });
});
