/**
 * `gp-change whatif`: every path it reports, written into the draft as a user would edit it and assessed
 * afresh, gives the verdict (or band) it claims; no smaller combination of the changes it considered does;
 * only changes the assessor's role can make are proposed; and each "find out first" outcome is what
 * assessing that answer gives. Run on generated drafts (fixed seed) and on the examples.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { Chalk } from 'chalk';
import { loadDraft } from '../src/draft/load.js';
import { assess } from '../src/engine/assess.js';
import { applyPath, whatIf, type WhatIf, type WhatIfGoal } from '../src/engine/whatif.js';
import { LEVELS } from '../src/engine/whatif-state.js';
import type { Draft } from '../src/draft/types.js';
import type { Changeable } from '../src/rulebook/types.js';
import { draftView } from '../src/draft/view.js';
import { evaluate } from '../src/engine/conditions.js';
import type { Assessment } from '../src/engine/assessment.js';
import { renderWhatIfText } from '../src/render/whatif-text.js';
import { allQuestions, plan, rb, TODAY, validate } from './helpers/rulebook.js';

const SEED = Number(process.env.FC_SEED ?? 20261205);
const RUNS = Number(process.env.FC_RUNS ?? 30);

const assessDraft = (d: Draft, role?: string) =>
  assess(plan, loadDraft(stringify(d, { aliasDuplicateObjects: false }), 'draft.yaml', validate), { today: TODAY, role });
const bandOf = (a: Assessment, principle: string) => a.principles.find((p) => p.id === principle)!.band;
const BANDS = ['unscored', 'weak', 'developing', 'strong'];

/** Whether an assessment reaches a goal set from the draft's own assessment. */
function reaches(goal: WhatIfGoal, before: Assessment, after: Assessment): boolean {
  if (goal.kind === 'verdict') return LEVELS.indexOf(after.verdict.level) > LEVELS.indexOf(before.verdict.level);
  return BANDS.indexOf(bandOf(after, goal.principle!)) > BANDS.indexOf(bandOf(before, goal.principle!));
}

/** The rulebook's `changeable` for a what-if field: the test's own reading of it. */
function changeableOf(field: string): Changeable | undefined {
  const [group, rest] = [field.slice(0, field.indexOf('.')), field.slice(field.indexOf('.') + 1)];
  if (group === 'answers') return allQuestions.find((q) => q.id === rest)!.changeable;
  if (group === 'skills') return rb.skills.changeable;
  const list = rb.lists.find((l) => field.startsWith(`${l.id}[`))!;
  return list.fields.find((f) => field.endsWith(`.${f.id}`))!.changeable;
}
const changeableBy = (field: string) => changeableOf(field)?.by ?? [];

function combinations<T>(xs: T[], k: number, from = 0, acc: T[] = [], out: T[][] = []): T[][] {
  if (acc.length === k) out.push([...acc]);
  else for (let i = from; i < xs.length; i++) combinations(xs, k, i + 1, [...acc, xs[i]!], out);
  return out;
}

/** Paths and smaller combinations checked, so a run that checks nothing fails. */
const checked = { paths: 0, smaller: 0 };

/** Checks every claim a what-if makes about a draft against fresh assessments. */
function checkWhatIf(d: Draft, w: WhatIf, role: string): void {
  const before = assessDraft(d, role);
  const view = draftView(rb, loadDraft(stringify(d, { aliasDuplicateObjects: false }), 'draft.yaml', validate).draft, role);
  expect(w.verdict).toBe(before.verdict.level);
  for (const goal of w.goals) {
    const all = goal.longer ? [...goal.paths, goal.longer] : goal.paths;
    for (const path of all) {
      for (const s of path.steps) {
        expect(changeableBy(s.field), s.field).toContain(role);
        // Where the rulebook limits the role's reach, each entry changed is within it.
        const when = changeableOf(s.field)?.when?.[role];
        for (const p of when ? s.paths : []) {
          const m = /^(\w+)\[(\d+)\]/.exec(p);
          const item = m ? (view[m[1]!] as unknown[])[Number(m[2])] : undefined;
          expect(evaluate(when, { ...view, item }), p).toBe(true);
        }
      }
      const after = assessDraft(applyPath(d, path.steps), role);
      checked.paths++;
      expect(after.verdict.level, JSON.stringify(path.steps.map((s) => s.paths))).toBe(path.verdict);
      expect(reaches(goal, before, after)).toBe(true);
      for (const b of path.bands) expect(bandOf(after, b.principle)).toBe(b.band);
    }
    // No smaller combination of the changes considered reaches the goal (the search stops at the first size that does).
    const size = goal.paths[0]?.steps.length;
    if (size && goal.search.exhaustive)
      for (let k = 1; k < size; k++)
        for (const combo of combinations(goal.search.considered, k)) {
          if (new Set(combo.map((c) => c.field)).size < k) continue;
          checked.smaller++;
          expect(reaches(goal, before, assessDraft(applyPath(d, combo), role)), JSON.stringify(combo)).toBe(false);
        }
    for (const path of goal.paths) expect(path.steps.length).toBe(size);
  }
  for (const f of w.findOut)
    for (const o of f.outcomes)
      expect(assessDraft(applyPath(d, [{ paths: f.paths, to: o.answer }]), role).verdict.level, `${f.path}=${o.answer}`).toBe(o.verdict);
}

// Mostly answered drafts, as people write them: each answer known nine times in ten.
const choice = (ids: string[]) =>
  fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...ids) }, { weight: 1, arbitrary: fc.constant('unknown') });
const ids = (o: { id: string }[] | undefined) => (o ?? []).map((x) => x.id);
const entry = (listId: string) => {
  const l = rb.lists.find((x) => x.id === listId)!;
  return fc.record(
    Object.fromEntries(
      l.fields.map((f) => [
        f.id,
        f.type === 'choice'
          ? choice(ids(f.options))
          : f.type === 'text-list'
            ? fc.constantFrom([], ['access for housebound patients'])
            : fc.constant(`${l.item} name`),
      ]),
    ),
  );
};
const generated = fc.record({
  gpChange: fc.constant(1),
  title: fc.constant('Generated change'),
  assessor: fc.record({ role: fc.constantFrom(...rb.roles.map((r) => r.id)) }),
  scope: fc.constantFrom(...rb.scopes.map((s) => s.id)),
  answers: fc.record(Object.fromEntries(allQuestions.map((q) => [q.id, choice(ids(q.options))]))),
  ...Object.fromEntries(rb.lists.map((l) => [l.id, fc.array(entry(l.id), { maxLength: 3 })])),
  skills: fc.record(Object.fromEntries(rb.skills.areas.map((a) => [a.id, choice(ids(rb.skills.levels))]))),
}) as fc.Arbitrary<Draft>;

describe('whatif on generated drafts', () => {
  it('every path reported gives its verdict and band when applied; no smaller combination tried does', () => {
    fc.assert(
      fc.property(generated, (d) => {
        const loaded = loadDraft(stringify(d, { aliasDuplicateObjects: false }), 'draft.yaml', validate);
        checkWhatIf(d, whatIf(plan, loaded), d.assessor.role);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    expect(checked.paths).toBeGreaterThan(RUNS);
    expect(checked.smaller).toBeGreaterThan(RUNS);
  }, 120_000);
});

describe('whatif on the examples', () => {
  const load = (f: string) => {
    const text = readFileSync(f, 'utf8');
    return { loaded: loadDraft(text, f, validate), draft: loadDraft(text, f, validate).draft };
  };

  it.each(['access-target', 'pcn-new-service', 'same-day-hub-practice', 'same-day-hub-ics', 'ics-vetting', 'half-answered'])(
    '%s: every claim holds when applied',
    (name) => {
      const { loaded, draft } = load(`examples/${name}.yaml`);
      checkWhatIf(draft, whatIf(plan, loaded), draft.assessor.role);
    },
  );

  it('a practice manager with a REVISE draft gets a two-step path to READY (docs/whatif.md, example 1)', () => {
    const { loaded, draft } = load('tests/fixtures/whatif/practice-revise.yaml');
    const w = whatIf(plan, loaded);
    checkWhatIf(draft, w, 'practice');
    const goal = w.goals.find((g) => g.kind === 'verdict')!;
    expect([w.verdict, goal.to]).toEqual(['revise', 'ready']);
    expect(goal.paths[0]!.steps.map((s) => [s.field, s.to])).toEqual([
      ['answers.feedback-loops', 'staff'],
      ['answers.role-clarity', 'partly'],
    ]);
  });

  it('an ICB with a RETHINK draft gets at most three paths of at most three steps to REVISE', () => {
    const { loaded } = load('examples/access-target.yaml');
    const w = whatIf(plan, loaded);
    const goal = w.goals.find((g) => g.kind === 'verdict')!;
    expect(w.verdict).toBe('rethink');
    expect(goal.to).toBe('revise');
    expect(goal.paths.length).toBeGreaterThan(0);
    for (const p of goal.paths.slice(0, 3)) expect(p.steps.length).toBeLessThanOrEqual(3);
    expect(goal.search.exhaustive).toBe(true);
  });

  it('nobody is offered a change to where the idea came from, or to who set a target', () => {
    for (const name of ['access-target', 'ics-vetting', 'same-day-hub-practice']) {
      for (const role of rb.roles.map((r) => r.id)) {
        const w = whatIf(plan, load(`examples/${name}.yaml`).loaded, { role });
        const fields = w.goals.flatMap((g) => [...g.paths, ...(g.longer ? [g.longer] : [])].flatMap((p) => p.steps.map((s) => s.field)));
        expect(fields).not.toContain('answers.origin');
        expect(fields.filter((f) => f.endsWith('.setBy'))).toEqual([]);
      }
    }
  });

  it("risks only another role can reach are named, with that role, when no path is the practice's to take", () => {
    const { loaded } = load('examples/pcn-new-service.yaml');
    const goal = whatIf(plan, loaded, { role: 'practice' }).goals.find((g) => g.kind === 'verdict')!;
    expect(goal.paths).toEqual([]);
    expect(goal.outOfReach!.map((r) => r.risk)).toContain('new-service-incentive-confusion');
    expect(goal.outOfReach!.find((r) => r.risk === 'new-service-incentive-confusion')!.by).toEqual(['ics']);
  });

  it('the text names the steps in words, from -> to, and what the search covered', async () => {
    const { loaded } = load('examples/access-target.yaml');
    const a = assess(plan, loaded, { today: TODAY });
    const text = renderWhatIfText(a, whatIf(plan, loaded), { chalk: new Chalk({ level: 0 }), width: 100 });
    expect(text).toContain('To move the verdict to REVISE, any one of these:');
    expect(text).toMatch(/\(now: Told about it once decided ->\s/);
    expect(text).not.toMatch(/answers\.|staff-involvement/);
    await expect(text).toMatchFileSnapshot('golden/whatif-access-target.txt');
  });
});
