import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/load/errors.js';
import { loadLocalRulebook } from '../src/rulebook/local.js';
import { compileProposalValidator } from '../src/draft/compile-validator.js';
import { loadDraft } from '../src/draft/load.js';
import { assess } from '../src/engine/assess.js';
import { proposalSchema } from '../src/draft/schema.js';
import { rb as builtin } from './helpers/rulebook.js';
import { run } from './helpers/cli.js';

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
    const yes = assess(child, draft('yes'), { today: '2026-11-23' });
    const no = assess(child, draft('no'), { today: '2026-11-23' });
    const bottomUp = (a: typeof yes) => a.principles.find((p) => p.id === 'bottom-up')!;
    expect(bottomUp(yes).coverage).toMatchObject({ answered: 2, asked: builtin.principles[0]!.questions.length + 1 });
    expect(bottomUp(yes).score).toBeGreaterThan(bottomUp(no).score!);
    expect(() => draft('maybe')).toThrow(/local-measure` must be one of yes, no, unknown/);
  });

  it('a disabled risk never fires and is named in the report', () => {
    const base = load('base');
    expect(base.principles.flatMap((p) => p.risks).some((r) => r.id === 'rushed-timeline')).toBe(false);
    const a = assess(
      base,
      loadDraft('gpChange: 1\ntitle: t\nassessor: { role: ics }\nanswers:\n  timeline: rushed\n', 'd.yaml', compileProposalValidator(base)),
      { today: '2026-11-23' },
    );
    expect(a.findings.map((f) => f.id)).not.toContain('rushed-timeline');
    expect(a.rulebook.disabledRisks).toEqual([
      { id: 'rushed-timeline', by: 'base-local 0.1.0', why: 'our timelines are set by the contract' },
    ]);
    const builtinResult = assess(
      builtin,
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

describe('local rulebooks through the binary', () => {
  const draft = (extra = '') => {
    const tmp = mkdtempSync(join(tmpdir(), 'gp-rb-'));
    const f = join(tmp, 'draft.yaml');
    writeFileSync(
      f,
      `gpChange: 1\ntitle: Local\nassessor: { role: practice }\n${extra}answers:\n  local-measure: "no"\n  timeline: rushed\n`,
    );
    return f;
  };

  it('--rulebook scores local questions and names the chain in the report', () => {
    const r = run(['assess', draft(), '--rulebook', `${dir}/child.yaml`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('rulebook child-local 0.2.0');
    const flat = r.stdout.replace(/\s+/g, ' ');
    expect(flat).toContain('(child-local 0.2.0 (extends base-local 0.1.0, which extends builtin 1.0.0))');
    expect(flat).toContain('Risks it switches off: rushed-timeline');
  });

  it('a local rulebook cannot take the built-in id, or the id of one it extends', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'gp-rb-id-'));
    writeFileSync(join(tmp, 'spoof.yaml'), 'id: builtin\nversion: 1.0.0\ntitle: Spoof\nextends: builtin\n');
    const spoof = run(['rulebook', 'validate', join(tmp, 'spoof.yaml')]);
    expect(spoof.code).toBe(2);
    expect(spoof.stderr).toMatch(/spoof\.yaml:1:5: error: the id "builtin" is the built-in rulebook's/);
    writeFileSync(join(tmp, 'a.yaml'), 'id: ours\nversion: 1.0.0\ntitle: A\nextends: builtin\n');
    writeFileSync(join(tmp, 'b.yaml'), 'id: ours\nversion: 2.0.0\ntitle: B\nextends: a.yaml\n');
    const again = run(['rulebook', 'validate', join(tmp, 'b.yaml')]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('is taken by a rulebook this one extends');
  });

  it('without --rulebook, a local question is an error: the built-in rulebook does not know it', () => {
    const r = run(['assess', draft()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/`answers.local-measure` is not a known field/);
  });

  it('a draft can name its rulebook; --rulebook wins', () => {
    const f = draft(`rulebook: ${join(process.cwd(), dir, 'base.yaml')}\n`);
    const own = JSON.parse(run(['assess', f, '--format', 'json']).stdout).assessments[0];
    expect(own.rulebook.id).toBe('base-local');
    const forced = JSON.parse(run(['assess', f, '--format', 'json', '--rulebook', `${dir}/child.yaml`]).stdout).assessments[0];
    expect(forced.rulebook.id).toBe('child-local');
  });

  it('rulebook validate FILE exits 2 with every problem located', () => {
    const r = run(['rulebook', 'validate', `${dir}/broken.yaml`]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(9);
    expect(r.stderr).toContain('tests/fixtures/rulebooks/broken.yaml:20:25: error: operator "method" is not allowed');
  });

  it('rulebook show prints the resolved rulebook with where each item came from', () => {
    const r = run(['rulebook', 'show', `${dir}/child.yaml`]);
    expect(r.code).toBe(0);
    const shown = parse(r.stdout);
    expect(shown.id).toBe('child-local');
    expect(r.stdout).toMatch(
      /# from tests\/fixtures\/rulebooks\/child.yaml:\d+ \(override.questions.local-measure\)\n\s+- id: local-measure/,
    );
    expect(r.stdout).toMatch(/# from the builtin 1.0.0 rulebook\n\s+- id: origin/);
  });

  it('init --rulebook writes a draft with the local questions that names its rulebook', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'gp-rb-'));
    const f = join(tmp, 'new.yaml');
    expect(run(['init', f, '--rulebook', join(process.cwd(), dir, 'child.yaml')]).code).toBe(0);
    const text = readFileSync(f, 'utf8');
    expect(text).toContain('  local-measure: unknown');
    expect(text).toMatch(/^rulebook: .*child\.yaml/m);
    const a = JSON.parse(run(['assess', f, '--format', 'json']).stdout).assessments[0];
    expect(a.rulebook.id).toBe('child-local');
  });

  it('schema proposal --rulebook includes the local questions', () => {
    const schema = JSON.parse(run(['schema', 'proposal', '--rulebook', `${dir}/child.yaml`]).stdout);
    expect(schema.properties.answers.properties['local-measure']).toBeDefined();
  });

  it('explain and principles read the local rulebook', () => {
    expect(run(['explain', 'rushed-timeline', '--rulebook', `${dir}/base.yaml`]).stderr).toMatch(
      /switched off by the rulebook base-local 0.1.0: our timelines are set by the contract/,
    );
    expect(run(['principles', 'bottom-up', '--rulebook', `${dir}/base.yaml`]).stdout).toContain('`local-measure`');
  });

  it('evidence exports the bibliography, local entries included, as CSL-JSON, BibTeX and RIS', () => {
    const rb = 'examples/rulebooks/pcn-local-measures.yaml';
    const csl = JSON.parse(run(['evidence', '--format', 'csl-json', '--rulebook', rb]).stdout);
    expect(csl.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining(['doran-2011', 'riverside-staff-survey-2026']));
    const bib = run(['evidence', '--format', 'bibtex']).stdout;
    expect(bib.match(/^@\w+\{/gm)).toHaveLength(builtin.references.length);
    expect(bib).toContain('doi = {10.1136/bmj.d3590}');
    const ris = run(['evidence', 'doran-2011', '--format', 'ris']).stdout;
    expect(ris).toMatch(/^TY {2}- JOUR/m);
    expect(ris).toMatch(/^ER {2}-/m);
  });
});
