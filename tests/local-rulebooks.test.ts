import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/load/errors.js';
import { loadLocalRulebook } from '../src/rulebook/local.js';
import { compileProposalValidator } from '../src/draft/compile-validator.js';
import { loadDraft } from '../src/draft/load.js';
import { assess } from '../src/engine/assess.js';
import { compilePlan } from '../src/engine/plan.js';
import { proposalSchema } from '../src/draft/schema.js';
import { rb as builtin } from './helpers/rulebook.js';

const dir = 'tests/fixtures/rulebooks';
const load = (name: string) => loadLocalRulebook(`${dir}/${name}.yaml`, builtin).rulebook;
const problems = (file: string) => {
  try {
    loadLocalRulebook(file, builtin);
  } catch (error) {
    if (error instanceof InputError) return error.problems;
    throw error;
  }
  return [];
};

describe('local rulebooks', () => {
  it('extend builtin through a chain, recording it', () => {
    const child = load('child');
    expect(child.chain?.map((c) => c.id)).toEqual(['builtin', 'base-local', 'child-local']);
    expect(child.bands).toEqual({ strong: 80, developing: 50 });
    // the built-in rulebook itself is never changed
    expect(builtin.chain).toBeUndefined();
    expect(builtin.principles[0]!.questions.some((q) => q.id === 'local-measure')).toBe(false);
  });

  it('add questions that are asked, validated and scored', () => {
    const child = load('child');
    const q = child.principles.find((p) => p.id === 'bottom-up')!.questions.find((x) => x.id === 'local-measure')!;
    expect(q.weight).toBe(5);
    expect(q.options.find((o) => o.id === 'no')!.score).toBe(20);
    const validate = compileProposalValidator(child);
    const draft = (answer: string) =>
      loadDraft(
        `gpChange: 1\ntitle: t\nassessor: { role: practice }\nanswers:\n  origin: frontline\n  local-measure: "${answer}"\n`,
        'd.yaml',
        validate,
      );
    const yes = assess(compilePlan(child), draft('yes'), { today: '2026-11-23' });
    const no = assess(compilePlan(child), draft('no'), { today: '2026-11-23' });
    const bottomUp = (a: typeof yes) => a.principles.find((p) => p.id === 'bottom-up')!;
    expect(bottomUp(yes).coverage).toMatchObject({ answered: 2, asked: builtin.principles[0]!.questions.length + 1 });
    expect(bottomUp(yes).score).toBeGreaterThan(bottomUp(no).score!);
    expect(() => draft('maybe')).toThrow(/local-measure` must be one of yes, no, unknown/);
  });

  it('a disabled risk never fires and is named in the report', () => {
    const base = load('base');
    expect(base.principles.flatMap((p) => p.risks).some((r) => r.id === 'rushed-timeline')).toBe(false);
    const a = assess(
      compilePlan(base),
      loadDraft('gpChange: 1\ntitle: t\nassessor: { role: ics }\nanswers:\n  timeline: rushed\n', 'd.yaml', compileProposalValidator(base)),
      { today: '2026-11-23' },
    );
    expect(a.findings.map((f) => f.id)).not.toContain('rushed-timeline');
    expect(a.rulebook.disabledRisks).toEqual([
      { id: 'rushed-timeline', by: 'base-local 0.1.0', why: 'our timelines are set by the contract' },
    ]);
    const builtinResult = assess(
      compilePlan(builtin),
      loadDraft(
        'gpChange: 1\ntitle: t\nassessor: { role: ics }\nanswers:\n  timeline: rushed\n',
        'd.yaml',
        compileProposalValidator(builtin),
      ),
      { today: '2026-11-23' },
    );
    expect(builtinResult.findings.map((f) => f.id)).toContain('rushed-timeline');
  });

  it('re-grades a risk through the override form', () => {
    const child = load('child');
    expect(child.principles.flatMap((p) => p.risks).find((r) => r.id === 'too-many-targets')!.severity).toBe('high');
  });

  it('refuses a cycle of extends, naming the files', () => {
    const [p] = problems(`${dir}/cycle-a.yaml`);
    expect(p).toMatchObject({ file: `${dir}/cycle-b.yaml`, line: 4, col: 10 });
    expect(p!.message).toMatch(/cycle: .*cycle-a.yaml -> .*cycle-b.yaml -> .*cycle-a.yaml/);
  });

  it('reports every problem at once, each with file:line:col', () => {
    const found = problems(`${dir}/broken.yaml`).map((p) => [p.line, p.col, p.message]);
    expect(found).toEqual([
      [8, 13, expect.stringMatching(/question "origin" is already defined by builtin 1.0.0; to change it, use override.questions.origin/)],
      [15, 18, expect.stringMatching(/"all-null" cannot score/)],
      [20, 25, expect.stringMatching(/operator "method" is not allowed/)],
      [27, 31, expect.stringMatching(/the condition reads "answers.no-such-question", but there is no question "no-such-question"/)],
      [29, 20, expect.stringMatching(/reference "no-such-reference" is not in the bibliography/)],
      [30, 17, expect.stringMatching(/no advice for the "practice" role/)],
      [31, 3, expect.stringMatching(/no principle "no-such-principle"/)],
      [35, 5, expect.stringMatching(/no risk "not-a-risk" to override/)],
      [37, 9, expect.stringMatching(/"uncited-local" is not cited/)],
    ]);
  });

  it('refuses a file that does not match the local rulebook format, with positions', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'gp-rb-'));
    const f = join(tmp, 'bad.yaml');
    writeFileSync(f, 'id: x\nversion: 1.0.0\ntitle: X\nextends: builtin\nweights: { origin: 3 }\n');
    const [p] = problems(f);
    expect(p).toMatchObject({ line: 5, col: 1 });
    expect(p!.message).toMatch(/`weights` is not a known field/);
  });

  it('reports schema and integrity problems in one run, leaving out what only follows from a refused item', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'gp-rb-'));
    const f = join(tmp, 'both.yaml');
    writeFileSync(
      f,
      'id: x\nversion: 1.0.0\ntitle: X\nextends: builtin\nbands: { strong: 170, developing: 40 }\nprinciples:\n  bottom-up:\n    questions:\n' +
        '      - { id: huddle, prompt: P, weight: lots, options: [{ id: a, label: A, score: 1 }, { id: b, label: B, score: 0 }] }\n' +
        '    risks:\n      - { id: r, title: T, severity: low, when: { "==": [{ var: answers.huddle }, b] }, explanation: E, evidence: [local-ref], advice: { ics: A, practice: A } }\n' +
        '      - { id: s, title: T, severity: low, when: { "==": [{ var: answers.orign }, b] }, explanation: E, evidence: [doran-2011], advice: { ics: A, practice: A } }\n' +
        'references:\n  - { id: local-ref, type: report, title: Ours, volume: [1] }\n',
    );
    expect(problems(f).map((p) => [p.line, p.col, p.message])).toEqual([
      [5, 18, '`bands.strong` must be <= 100'],
      [9, 42, '`principles.bottom-up.questions[0].weight` must be a number; got "lots"'],
      [12, 65, 'the condition reads "answers.orign", but there is no question "orign" (did you mean "origin"?)'],
      [14, 57, '`references[0].volume` must be text or a number; got a list'],
    ]);
  });

  it('a wrong id, version, title or extends stops at the schema problems: nothing can be merged without them', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'gp-rb-'));
    const f = join(tmp, 'header.yaml');
    writeFileSync(f, 'id: x\nversion: one\ntitle: X\nextends: builtin\noverride:\n  risks:\n    not-a-risk: { severity: high }\n');
    expect(problems(f).map((p) => p.message)).toEqual([expect.stringMatching(/`version` has the wrong form/)]);
  });

  it('a missing parent is reported at its extends line', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'gp-rb-'));
    const f = join(tmp, 'orphan.yaml');
    writeFileSync(f, 'id: x\nversion: 1.0.0\ntitle: X\nextends: ./missing.yaml\n');
    expect(problems(f)[0]).toMatchObject({
      line: 4,
      col: 10,
      message: expect.stringMatching(/extends "\.\/missing\.yaml", which cannot be read/),
    });
  });

  it('the proposal schema includes local questions', () => {
    const schema = proposalSchema(load('child')) as { properties: { answers: { properties: Record<string, unknown> } } };
    expect(Object.keys(schema.properties.answers.properties)).toContain('local-measure');
  });

  it('the worked examples are valid', () => {
    for (const f of ['pcn-local-measures', 'ics-estates-readiness']) {
      const local = loadLocalRulebook(`examples/rulebooks/${f}.yaml`, builtin).rulebook;
      expect(local.chain![0]).toMatchObject({ id: 'builtin' });
    }
  });
});
