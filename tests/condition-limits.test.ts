/**
 * What a rulebook's conditions may do, in the program (the hostile rulebooks themselves go through the
 * binary in tests/hostile-rulebooks.e2e.test.ts): the limits as documented, and no path to JavaScript internals.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { LIMITS } from '../src/rulebook/limits.js';
import { MAX_BYTES } from '../src/load/yaml-source.js';
import { EvaluationLimit, evaluate, evaluationStepsUsed, startEvaluationBudget } from '../src/engine/conditions.js';
import { assessText } from './helpers/rulebook.js';
import { inspectCondition } from '../src/rulebook/conditions.js';

const ROOT = join(import.meta.dirname, '..');

describe('limits', () => {
  it('docs/rulebook-format.md states the limits the code applies', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'rulebook-format.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## Limits'));
    const row = (words: string) =>
      section
        .split('\n')
        .find((l) => l.startsWith('|') && l.includes(words))
        ?.split('|')
        .at(-2)
        ?.trim();
    expect(row('nested inside one another')).toBe(String(LIMITS.conditionDepth));
    expect(row('parts of one condition')).toBe(String(LIMITS.conditionNodes));
    expect(row('a weight')).toBe(String(LIMITS.weight));
    expect(row('chain of `extends:`')).toBe(String(LIMITS.extendsChain));
    expect(readFileSync(join(ROOT, 'docs', 'security.md'), 'utf8')).toContain(
      `may hold at most ${LIMITS.listEntries.toLocaleString('en-GB')} entries`,
    );
    expect(row('steps of evaluation')).toBe(LIMITS.evaluationSteps.toLocaleString('en-GB'));
    expect(row('characters of text')).toBe(LIMITS.evaluationOutput.toLocaleString('en-GB'));
    expect(row('size of a rulebook file')).toBe(`${MAX_BYTES / 1024 / 1024} MiB`);
  });

  it('a condition exactly at the limits passes; one operator or part more is refused', () => {
    const nest = (n: number) => {
      let c: unknown = { var: 'answers.origin' };
      for (let i = 1; i < n; i++) c = { '!': c };
      return c;
    };
    expect(inspectCondition(nest(LIMITS.conditionDepth)).problems).toEqual([]);
    expect(inspectCondition(nest(LIMITS.conditionDepth + 1)).problems).toEqual([
      { at: Array(LIMITS.conditionDepth).fill('!'), message: expect.stringMatching(/nested more than 32 deep/) },
    ]);
    // `in` + its list + var + path + the inner list = 5 parts, then one per value.
    const sized = (n: number) => ({ in: [{ var: 'answers.origin' }, Array.from({ length: n - 5 }, (_, i) => `v${i}`)] });
    expect(inspectCondition(sized(LIMITS.conditionNodes)).problems).toEqual([]);
    expect(inspectCondition(sized(LIMITS.conditionNodes + 1)).problems).toEqual([
      { at: [], message: expect.stringMatching(/more than 500 parts/) },
    ]);
  });
});

describe('conditions cannot reach JavaScript internals', () => {
  const forms: [string, unknown, (string | number)[]][] = [
    ['a var path', { var: 'answers.__proto__' }, ['var']],
    ['a var path, deeper', { '==': [{ var: 'answers.origin.constructor.name' }, 'String'] }, ['==', 0, 'var']],
    ['the array form of var', { var: ['answers.prototype', 'x'] }, ['var', 0]],
    ['a var read per element in some', { some: [{ var: 'targets' }, { var: 'constructor' }] }, ['some', 1, 'var']],
    ['a var read per element in filter', { filter: [{ var: 'targets' }, { var: 'setBy.__proto__' }] }, ['filter', 1, 'var']],
    ['a var read per element in map', { map: [{ var: 'targets' }, { var: ['prototype'] }] }, ['map', 1, 'var', 0]],
    [
      'a var in all and none',
      { all: [{ var: 'targets' }, { none: [{ var: 'neglectRisksConsidered' }, { var: 'constructor' }] }] },
      ['all', 1, 'none', 1, 'var'],
    ],
    ['the accumulator of reduce', { reduce: [{ var: 'targets' }, { var: 'accumulator.__proto__' }, 0] }, ['reduce', 1, 'var']],
    [
      "reduce's starting value (read from the draft)",
      { reduce: [{ var: 'targets' }, { var: 'current' }, { var: 'answers.constructor' }] },
      ['reduce', 2, 'var'],
    ],
    ['a missing path', { missing: ['answers.origin', 'answers.__proto__'] }, ['missing', 1]],
    ['a single missing path', { missing: 'constructor' }, ['missing']],
    ['a literal list of missing paths', { missing: [['answers.origin', 'prototype.x']] }, ['missing', 0, 1]],
    ['a computed var path', { var: { cat: ['answers.', 'constructor'] } }, ['var']],
    ['a computed missing path', { missing: [{ cat: ['__pro', 'to__'] }] }, ['missing', 0]],
  ];
  it.each(forms)('%s is refused where it is written', (_name, condition, at) => {
    const { problems } = inspectCondition(condition);
    expect(problems).toEqual([{ at, message: expect.stringMatching(/JavaScript internals|plain path/) }]);
  });

  it('a var default and any argument past it are checked like any operator', () => {
    expect(inspectCondition({ var: ['answers.origin', { log: 'x' }] }).problems).toEqual([
      { at: ['var', 1, 'log'], message: expect.stringMatching(/"log" is not allowed/) },
    ]);
    expect(inspectCondition({ var: ['answers.origin', 'a', 'b'] }).problems[0]!.message).toMatch(/at most one default/);
  });

  it('paths read outside a scope are listed; numeric paths are plain data', () => {
    const { vars, problems } = inspectCondition({
      and: [{ missing: ['answers.origin'] }, { var: ['targets', []] }, { reduce: [{ var: 'targets' }, { var: 'current' }, { var: 0 }] }],
    });
    expect(problems).toEqual([]);
    expect(vars.sort()).toEqual(['0', 'answers.origin', 'targets']);
  });

  it('evaluation reads only own fields, even for a condition that skipped validation', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const view = { answers: { origin: 'ics' }, targets: [{ setBy: 'national' }] };
    expect(evaluate({ '==': [{ var: 'answers.constructor' }, null] }, view)).toBe(true);
    expect(evaluate({ '==': [{ var: 'answers.__proto__' }, null] }, view)).toBe(true);
    expect(evaluate({ '==': [{ var: 'answers.origin.constructor.name' }, 'String'] }, view)).toBe(false);
    expect(evaluate({ '==': [{ var: ['answers.toString', 'absent'] }, 'absent'] }, view)).toBe(true);
    expect(evaluate({ some: [{ var: 'targets' }, { var: 'constructor' }] }, view)).toBe(false);
    expect(evaluate({ '==': [{ var: 'answers.origin' }, 'ics'] }, view)).toBe(true);
    expect(evaluate({ '==': [{ var: 'targets.0.setBy' }, 'national'] }, view)).toBe(true);
    expect(evaluate({ in: ['answers.__proto__', { missing: ['answers.origin', 'answers.__proto__'] }] }, view)).toBe(true);
    expect(log).not.toHaveBeenCalled();
    vi.restoreAllMocks();
  });
});

describe('the evaluation budget (issue 14, item 4)', () => {
  const targets = (n: number) =>
    `targets:\n${Array.from({ length: n }, (_, i) => `  - { name: t${i}, setBy: national, measures: activity, incentive: payment, sideEffectsMonitored: "no" }\n`).join('')}`;
  const draft = (n: number) => `gpChange: 1\ntitle: x\nassessor: { role: ics }\n${targets(n)}`;

  it('the built-in rulebook on a 20-target draft uses a small part of it, and a 1,000-target draft stays inside it', () => {
    assessText(draft(20));
    const twenty = evaluationStepsUsed();
    expect(twenty).toBeGreaterThan(0);
    expect(twenty * 50).toBeLessThan(LIMITS.evaluationSteps);
    assessText(draft(1000));
    expect(evaluationStepsUsed()).toBeLessThan(LIMITS.evaluationSteps);
  });

  it('a reduce that doubles its text each turn stops at the output limit, not at memory', () => {
    startEvaluationBudget();
    const doubling = { reduce: [{ var: 'xs' }, { cat: [{ var: 'accumulator' }, { var: 'accumulator' }] }, 'ab'] };
    expect(() => evaluate(doubling, { xs: Array(40).fill(1) } as never)).toThrow(EvaluationLimit);
    expect(() => evaluate(doubling, { xs: Array(40).fill(1) } as never)).toThrow(/more than 100,000 characters/);
  });

  it('a condition quadratic in a long list stops at the step limit', () => {
    startEvaluationBudget();
    const quadratic = { some: [{ var: 'xs' }, { some: [{ var: 'xs' }, { '==': [{ var: '' }, -1] }] }] };
    // evaluated with `some`'s scope, the inner var reads the element; xs is read from each element, so
    // build the list so each element holds the list again
    const xs: unknown[] = [];
    const el = { xs };
    for (let i = 0; i < 3000; i++) xs.push(el);
    const started = Date.now();
    expect(() => evaluate(quadratic, { xs } as never)).toThrow(/more than 2,000,000 steps/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("cat keeps json-logic's own meaning (null and undefined add nothing)", () => {
    startEvaluationBudget();
    expect(evaluate({ '==': [{ cat: ['a', null, 1, ['b', 'c']] }, 'a1b,c'] }, {} as never)).toBe(true);
  });
});
