/**
 * The risk memo (src/engine/memo-keys.ts, src/engine/risks.ts) tested against working every outcome out
 * afresh, over randomly generated *conditions* as well as drafts: a local rulebook may write any
 * condition the rulebook checks allow, so the memo must be right for conditions the built-in rulebook
 * never uses. Each case is one made-up risk (a condition, an escalation, sometimes `forEach`) tested on a
 * run of views drawn from a small value space, so that views share memo keys often; the memo is shared
 * along the run exactly as it is across a batch of drafts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UNKNOWN } from '../src/draft/schema.js';
import type { View } from '../src/draft/view.js';
import { readPath } from '../src/engine/conditions.js';
import { memoKeyParts } from '../src/engine/memo-keys.js';
import { fireRisks, riskPlan } from '../src/engine/risks.js';
import { inspectCondition } from '../src/rulebook/conditions.js';
import type { Risk } from '../src/rulebook/types.js';

const SEED = Number(process.env.FC_SEED ?? 20261205);
const RUNS = Number(process.env.FC_RUNS ?? 1);

const WORDS = ['yes', 'no', 'ics', 'pcn', UNKNOWN, 'other'];
const word = fc.constantFrom(...WORDS);
const value = fc.oneof({ weight: 4, arbitrary: word }, { weight: 1, arbitrary: fc.constantFrom<unknown>(0, 1, true, null, undefined, '') });
const SCALARS = ['answers.a', 'answers.b', 'scope'];
const FIELDS = ['f', 'g'];

const v = (path: string) => ({ var: path });
const literalList = fc.uniqueArray(word, { minLength: 1, maxLength: 3 });

/** A condition over one list element's fields (inside some/all/none/filter). */
const elementCondition = fc.letrec((tie) => ({
  leaf: fc.oneof(
    fc.tuple(fc.constantFrom(...FIELDS), word, fc.constantFrom('==', '!=', '===', '!==')).map(([f, w, op]) => ({ [op]: [v(f), w] })),
    fc.tuple(fc.constantFrom(...FIELDS), literalList).map(([f, ws]) => ({ in: [v(f), ws] })),
    fc.constantFrom(...FIELDS).map((f) => v(f)),
    fc.constantFrom(...FIELDS).map((f) => ({ '!': v(f) })),
    fc.constant({ '==': [v('f'), v('g')] }),
  ),
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('leaf'),
    fc.tuple(fc.constantFrom('and', 'or'), fc.array(tie('node'), { minLength: 1, maxLength: 3 })).map(([op, xs]) => ({ [op]: xs })),
  ),
}));

/** A condition over a view: scalar paths, the list `t`, and (under forEach) the entry `item`. */
function condition(withItem: boolean) {
  const scalars = withItem ? [...SCALARS, 'item.f', 'item.g'] : SCALARS;
  return fc.letrec((tie) => ({
    leaf: fc.oneof(
      fc.tuple(fc.constantFrom(...scalars), word, fc.constantFrom('==', '!=')).map(([p, w, op]) => ({ [op]: [v(p), w] })),
      fc.tuple(fc.constantFrom(...scalars), literalList).map(([p, ws]) => ({ in: [v(p), ws] })),
      fc.constantFrom(...scalars).map((p) => v(p)),
      fc.tuple(fc.constantFrom(...scalars), fc.constantFrom(...scalars)).map(([p, q]) => ({ '==': [v(p), v(q)] })),
      fc.tuple(fc.constantFrom('>', '>=', '=='), fc.integer({ min: 0, max: 3 })).map(([op, n]) => ({ [op]: [{ count: v('t') }, n] })),
      fc.tuple(fc.constantFrom('some', 'all', 'none'), elementCondition.node).map(([op, c]) => ({ [op]: [v('t'), c] })),
      fc.tuple(elementCondition.node, fc.integer({ min: 0, max: 2 })).map(([c, n]) => ({ '>': [{ count: { filter: [v('t'), c] } }, n] })),
      fc.tuple(elementCondition.node, elementCondition.node).map(([c, d]) => ({ some: [{ filter: [v('t'), c] }, d] })),
      fc.tuple(fc.constantFrom(...FIELDS)).map(([f]) => ({ in: ['yes', { map: [v('t'), v(f)] }] })),
      fc.constantFrom(...SCALARS).map((p) => ({ missing: [p] })),
    ),
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      tie('leaf'),
      fc.tuple(fc.constantFrom('and', 'or'), fc.array(tie('node'), { minLength: 1, maxLength: 3 })).map(([op, xs]) => ({ [op]: xs })),
      tie('node').map((c) => ({ '!': c })),
    ),
  })).node;
}

const entry = fc.record({ f: value, g: value, name: fc.constantFrom('x', 'y', 'z') });
const view: fc.Arbitrary<View> = fc
  .record({ a: value, b: value, scope: value, t: fc.array(entry, { maxLength: 2 }) })
  .map(({ a, b, scope, t }) => ({ answers: { a, b }, scope, t }) as unknown as View);

const risk = fc.boolean().chain((each) =>
  fc.record({ when: condition(each), escalation: fc.option(condition(each), { nil: undefined }) }).map(
    ({ when, escalation }) =>
      ({
        id: 'generated',
        severity: 'medium',
        when,
        ...(escalation ? { escalate: [{ when: escalation, to: 'high', why: 'generated' }] } : {}),
        ...(each ? { forEach: 't' } : {}),
      }) as unknown as Risk,
  ),
);

const outcome = (plans: ReturnType<typeof riskPlan>[], at: View, remember: boolean) =>
  fireRisks(plans, at, remember).map((f) => ({ severity: f.severity, escalation: f.escalation, triggers: f.triggers, entry: f.entry }));

describe('risk memo against outcomes worked out afresh', () => {
  it(
    'random conditions over runs of random views: the same findings with and without the memo',
    () => {
      fc.assert(
        fc.property(risk, fc.array(view, { minLength: 10, maxLength: 40 }), (r, views) => {
          const risks = [riskPlan(r)];
          for (const at of views) expect(outcome(risks, at, true)).toEqual(outcome(risks, at, false));
        }),
        { seed: SEED, numRuns: 400 * RUNS },
      );
    },
    60_000 * RUNS,
  );

  it('views in a run share memo keys often enough for the test above to exercise the memo', () => {
    // Were every view's key new, no outcome would come from the memo and the comparison would prove nothing.
    let views = 0;
    let sharing = 0;
    fc.assert(
      fc.property(risk, fc.array(view, { minLength: 10, maxLength: 40 }), (r, run) => {
        const conditions = [r.when, ...(r.escalate ?? []).map((e) => e.when)];
        const vars = [...new Set(conditions.flatMap((c) => inspectCondition(c).vars))];
        const parts = memoKeyParts(conditions, vars);
        if (!parts || r.forEach) return;
        // Only views that differ yet share a key count: identical views sharing one proves nothing.
        const seen = new Map<string, string>();
        for (const at of run) {
          const key = vars.map((p, i) => parts[i]!(readPath(at, p))).join('\u0000');
          const whole = JSON.stringify(at);
          views++;
          if (seen.has(key) && seen.get(key) !== whole) sharing++;
          seen.set(key, whole);
        }
      }),
      { seed: SEED, numRuns: 200 },
    );
    expect(views).toBeGreaterThan(1000);
    expect(sharing / views).toBeGreaterThan(0.1);
  });
});
