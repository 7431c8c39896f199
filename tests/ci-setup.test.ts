/**
 * What docs/ci.md tells a platform engineer to write agrees with what the repository ships: commands that
 * cannot fetch a stranger's package, one set of drafts for CI and the hook, the Action's inputs and
 * outputs, the release tag, the Node.js lines CI tests, and the repository the package names.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { globSync } from 'tinyglobby';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { PROJECT_URL } from '../src/render/sarif.js';
import { ROOT } from './helpers/root.js';

const read = (f: string) => readFileSync(join(ROOT, f), 'utf8');
const pkg = JSON.parse(read('package.json')) as {
  version: string;
  engines: { node: string };
  repository: { url: string };
  files: string[];
};
const ciDoc = read('docs/ci.md');
const docs = ['README.md', 'examples/README.md', 'action.yml', ...readdirSync(join(ROOT, 'docs')).map((f) => `docs/${f}`)];
const action = parse(read('action.yml')) as { inputs: Record<string, { default: string }>; outputs: Record<string, unknown> };
const hooks = parse(read('.pre-commit-hooks.yaml')) as { files: string }[];

/** The fenced code blocks of a markdown file, of one language or all. */
const codeBlocks = (text: string, language = '\\w*') =>
  [...text.matchAll(new RegExp(`^\`\`\`${language}\\n([\\s\\S]*?)^\`\`\``, 'gm'))].map((m) => m[1]!);

describe('docs/ci.md and the files it relies on', () => {
  it('never runs a bare npx, which would fetch whatever package has the name (only npx --no-install)', () => {
    for (const f of docs) {
      const bare = read(f)
        .split('\n')
        .filter((l) => /\bnpx\s/.test(l) && !/\bnpx --no-install\b/.test(l) && !/a bare `npx/.test(l));
      expect(bare, f).toEqual([]);
    }
  });

  it('installs from a release (tarball or tag), never by a name the public registry may give someone else', () => {
    const release = /GP_CHANGE_RELEASE: (\S+)/.exec(ciDoc)![1]!;
    const installs = codeBlocks(ciDoc)
      .join('\n')
      .replaceAll('"$GP_CHANGE_RELEASE"', release)
      .split('\n')
      .filter((l) => /\bnpm (install|i|add)\b/.test(l));
    expect(installs.length).toBeGreaterThan(0);
    for (const l of installs)
      expect(l).toMatch(
        /gp-change-\d+\.\d+\.\d+\.tgz|github:gp-change\/gp-change#v\d+\.\d+\.\d+|git\+https:\/\/github\.com\/gp-change\/gp-change\.git#v/,
      );
  });

  it('recommends Node.js 22 or 24 in every example, never 20', () => {
    expect(ciDoc).not.toMatch(/node-version:\s*['"]?20\b|image:\s*node:20\b/);
    expect(ciDoc).toMatch(/node-version:\s*24\b/);
    expect(ciDoc).toMatch(/image:\s*node:24\b/);
  });

  it('names the release tag of this version wherever it pins one', () => {
    const pins = [...ciDoc.matchAll(/(?:rev:\s*|gp-change\/gp-change@|#|download\/)(v\d+\.\d+\.\d+)|gp-change-(\d+\.\d+\.\d+)\.tgz/g)].map(
      (m) => (m[1] ? m[1] : `v${m[2]}`),
    );
    expect(pins.length).toBeGreaterThan(2);
    expect(new Set(pins)).toEqual(new Set([`v${pkg.version}`]));
  });

  it('uses the Action in its workflow with inputs the Action has', () => {
    const workflows = codeBlocks(ciDoc, 'yaml')
      .map((b) => parse(b) as { jobs?: Record<string, { steps: { uses?: string; with?: Record<string, string> }[] }> })
      .filter((w) => w?.jobs);
    const uses = workflows.flatMap((w) =>
      Object.values(w.jobs!).flatMap((j) => j.steps.filter((s) => s.uses?.startsWith('gp-change/gp-change@'))),
    );
    expect(uses.length).toBeGreaterThan(0);
    for (const step of uses) for (const input of Object.keys(step.with ?? {})) expect(Object.keys(action.inputs)).toContain(input);
  });

  it('documents every input and output of the Action', () => {
    for (const name of [...Object.keys(action.inputs), ...Object.keys(action.outputs)]) expect(ciDoc, name).toContain(`\`${name}\``);
  });

  it('gives CI and the hook one set of drafts: the glob and the pattern select the same files, .yaml and .yml', () => {
    const glob = action.inputs.drafts!.default;
    expect(glob).toBe('drafts/**/*.{yaml,yml}');
    expect(ciDoc).toContain(`'${glob}'`);
    const pattern = hooks[0]!.files;
    expect(ciDoc).toContain(pattern);
    const dir = mkdtempSync(join(tmpdir(), 'gp-change-patterns-'));
    const tree = [
      'drafts/a.yaml',
      'drafts/b.yml',
      'drafts/pcn/c.yaml',
      'drafts/pcn/deep/d.yml',
      'drafts/readme.md',
      'drafts/e.yaml.bak',
      'rulebooks/local.yaml',
      'f.yaml',
    ];
    for (const f of tree) {
      mkdirSync(dirname(join(dir, f)), { recursive: true });
      writeFileSync(join(dir, f), '');
    }
    const byGlob = globSync(glob, { cwd: dir }).sort();
    expect(byGlob).toEqual(['drafts/a.yaml', 'drafts/b.yml', 'drafts/pcn/c.yaml', 'drafts/pcn/deep/d.yml']);
    expect(tree.filter((f) => new RegExp(pattern).test(f)).sort()).toEqual(byGlob);
  });
});

describe('the package', () => {
  it('names the repository the reports link to, and ships the docs the README links to', () => {
    expect(pkg.repository.url).toBe(`git+${PROJECT_URL}.git`);
    expect(pkg.files).toContain('docs');
  });

  it("states in engines the Node.js lines CI tests: this machine's 20 and those .ci/run fetches", () => {
    const lines = /^NODE_LINES=\(([\d ]+)\)$/m.exec(read('.ci/run'))![1]!.split(' ').map(Number);
    const majors = pkg.engines.node.split('||').map((r) => Number(/\^(\d+)\./.exec(r.trim())![1]));
    expect(majors).toEqual([20, ...lines]);
  });
});
