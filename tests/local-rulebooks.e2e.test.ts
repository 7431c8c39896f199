/** Local rulebooks through the built binary: --rulebook, a draft's own `rulebook:`, and every command that reads one. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { run } from './helpers/cli.js';
import { rb as builtin } from './helpers/rulebook.js';

const dir = 'tests/fixtures/rulebooks';

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
    // The summary names the rulebook; --detail adds the chain and the risks it switches off.
    expect(run(['assess', draft(), '--rulebook', `${dir}/child.yaml`]).stdout).toContain('rulebook child-local 0.2.0');
    const r = run(['assess', draft(), '--rulebook', `${dir}/child.yaml`, '--detail']);
    expect(r.code).toBe(0);
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
    // Relative to the draft and inside the project, run here from the draft's folder (an absolute path,
    // or one outside the project, is refused: docs/security.md).
    const f = draft('rulebook: base.yaml\n');
    writeFileSync(join(dirname(f), 'base.yaml'), readFileSync(`${dir}/base.yaml`));
    const own = JSON.parse(run(['assess', f, '--format', 'json'], { cwd: dirname(f) }).stdout).assessments[0];
    expect(own.rulebook.id).toBe('base-local');
    const forced = JSON.parse(
      run(['assess', f, '--format', 'json', '--rulebook', join(process.cwd(), dir, 'child.yaml')], { cwd: dirname(f) }).stdout,
    ).assessments[0];
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
