/**
 * The release tarball, as `npm run release` packs it, is what users install: publish-ready, free of this
 * machine's paths, installable with `npm install -g` where no development dependency exists, and working
 * from there (a code cache for each tested Node.js, a portable `$schema` from `init`). .ci/run runs this
 * file on Node.js 20, 22 and 24.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { addRedDrafts, GREEN_DRAFTS, makePolicyRepo, RED_DRAFTS } from './helpers/policy-repo.js';
import { NPM_QUIET, otherNodes, scratchRelease, sh, type ScratchRelease } from './helpers/scratch-release.js';
import { ROOT } from './helpers/root.js';
import { expectValidSarif } from './helpers/sarif.js';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  devDependencies: Record<string, string>;
  engines: { node: string };
};
const nodes = [process.execPath, ...otherNodes().filter((n) => n !== process.execPath)];

let release: ScratchRelease;
let prefix: string;
let installed: string;

beforeAll(() => {
  release = scratchRelease({ withNodes: nodes.slice(1) });
  prefix = mkdtempSync(join(tmpdir(), 'gp-change-prefix-'));
  // A global install into an empty prefix, from outside any checkout: nothing but the tarball and npm.
  const r = sh('npm', ['install', '-g', '--prefix', prefix, release.tarball, ...NPM_QUIET], { cwd: tmpdir() });
  if (r.code !== 0) throw new Error(`npm install -g failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
  installed = join(prefix, 'lib', 'node_modules', 'gp-change');
}, 180_000);

const gpChange = (args: string[], cwd = tmpdir(), env: NodeJS.ProcessEnv = {}) =>
  sh(join(prefix, 'bin', 'gp-change'), args, { cwd, env: { GP_CHANGE_TODAY: '2026-11-23', NO_COLOR: '1', ...env } });

describe('npm run release', () => {
  it('packs the documented files, with the docs, and none of this machine’s folders (the script checks)', () => {
    const files = readdirSync(installed);
    expect(files).toEqual(
      expect.arrayContaining(['bin', 'dist', 'docs', 'rules', 'evidence', 'schemas', 'examples', 'LICENSE', 'README.md']),
    );
    for (const gone of ['src', 'tests', 'scripts', '.ci', 'bench', 'action.yml', '.pre-commit-hooks.yaml'])
      expect(files).not.toContain(gone);
    expect(readdirSync(join(installed, 'docs'))).toContain('ci.md');
    // The script refuses a package naming the checkout it was built in; check its result independently.
    for (const f of readdirSync(join(installed, 'dist'))) {
      expect(readFileSync(join(installed, 'dist', f)).includes(release.repo), f).toBe(false);
      expect(readFileSync(join(installed, 'dist', f)).includes(ROOT), f).toBe(false);
    }
  });

  it('is publish-ready: npm publish --dry-run has nothing to correct', () => {
    const r = sh('npm', ['publish', '--dry-run', '--ignore-scripts', release.tarball], { cwd: tmpdir() });
    expect(r.code, r.stderr).toBe(0);
    // The one warning left is that nobody is logged in to the registry here.
    const warnings = r.stderr.split('\n').filter((l) => /\bwarn\b/i.test(l) && !/requires you to be logged in/.test(l));
    expect(warnings).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest.repository).toEqual({ type: 'git', url: 'git+https://github.com/gp-change/gp-change.git' });
    expect(manifest.homepage).toMatch(/^https:\/\//);
    expect(manifest.bugs).toBeTruthy();
    expect(manifest.license).toBe('MIT');
  });
});

describe('installed with npm install -g from the tarball', () => {
  it('has no development dependency, and runs from any folder', () => {
    // The build and test tools (some other development dependencies are also dependencies of dependencies).
    for (const dev of ['esbuild', 'typescript', 'vitest', 'eslint', 'prettier', 'playwright-core']) {
      expect(Object.keys(pkg.devDependencies)).toContain(dev);
      expect(existsSync(join(installed, 'node_modules', dev)), dev).toBe(false);
    }
    expect(gpChange(['--version']).stdout.trim()).toBe(pkg.version);
    const examples = join(installed, 'examples');
    const ok = gpChange(['assess', join(examples, 'practice-led-improvement.yaml'), '--format', 'json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect((JSON.parse(ok.stdout) as { summary: { drafts: number } }).summary.drafts).toBe(1);
    const short = gpChange(['assess', join(examples, 'access-target.yaml')]);
    expect(short.code).toBe(1);
    expect(short.stdout).toMatch(/Verdict: RETHINK/);
    expect(gpChange(['assess', join(tmpdir(), 'no-such-draft.yaml')]).code).toBe(2);
  });

  it(`starts the bundle from V8's code cache on each tested Node.js (${nodes.length})`, () => {
    for (const node of nodes) {
      const r = sh(node, [join(installed, 'bin', 'gp-change.cjs'), 'assess', join(installed, 'examples', 'half-answered.yaml')], {
        cwd: tmpdir(),
        env: { GP_CHANGE_CODE_CACHE: 'report', NO_COLOR: '1' },
      });
      expect(r.code, `${node}: ${r.stderr}`).toBe(0);
      expect(r.stderr, node).toMatch(/^code cache used: cli\.cjs\.v8-[\d.]+\.cache$/m);
    }
  });

  it('init writes a $schema line that works on another machine', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gp-change-init-'));
    const url = `https://raw.githubusercontent.com/gp-change/gp-change/v${pkg.version}/schemas/proposal.schema.json`;
    // Installed globally, the schema is not beside the draft: the copy published at the release tag.
    mkdirSync(join(dir, 'drafts'));
    expect(gpChange(['init', 'drafts/new.yaml'], dir).code).toBe(0);
    expect(readFileSync(join(dir, 'drafts/new.yaml'), 'utf8').split('\n')[0]).toBe(`# yaml-language-server: $schema=${url}`);
    expect(gpChange(['init', '-'], dir).stdout.split('\n')[0]).toBe(`# yaml-language-server: $schema=${url}`);
  });

  it('in a project (npm install --save-dev of the tarball), npx --no-install runs it and init points into node_modules', () => {
    const project = mkdtempSync(join(tmpdir(), 'gp-change-project-'));
    writeFileSync(join(project, 'package.json'), '{ "name": "policy-drafts", "private": true }\n');
    const add = sh('npm', ['install', '--save-dev', release.tarball, ...NPM_QUIET], { cwd: project });
    expect(add.code, add.stderr).toBe(0);
    mkdirSync(join(project, 'drafts', 'pcn'), { recursive: true });
    const init = sh('npx', ['--no-install', 'gp-change', 'init', 'drafts/pcn/hub.yaml'], { cwd: project });
    expect(init.code, init.stderr).toBe(0);
    const line = readFileSync(join(project, 'drafts/pcn/hub.yaml'), 'utf8').split('\n')[0]!;
    expect(line).toBe('# yaml-language-server: $schema=../../node_modules/gp-change/schemas/proposal.schema.json');
    expect(existsSync(join(project, 'drafts/pcn', line.split('=')[1]!))).toBe(true);
    const check = sh('npx', ['--no-install', 'gp-change', 'assess', 'drafts/**/*.{yaml,yml}'], { cwd: project });
    expect(check.code, check.stderr).toBe(0);
  });
});

describe('the GitLab job in docs/ci.md, run as written with the release tarball', () => {
  const job = (() => {
    for (const block of readFileSync(join(ROOT, 'docs', 'ci.md'), 'utf8').matchAll(/^```yaml\n([\s\S]*?)^```/gm)) {
      const doc = parse(block[1]!) as Record<string, { image?: string; script?: string[]; variables?: Record<string, string> }>;
      if (doc?.['gp-change']?.image) return doc['gp-change'];
    }
    throw new Error('docs/ci.md has no GitLab job');
  })();

  /** The job's script lines in one shell that stops at the first failure, as GitLab runs them. */
  function runJob(workspace: string) {
    const prefix = mkdtempSync(join(tmpdir(), 'gp-change-gitlab-'));
    const script = ['set -eo pipefail', ...job.script!].join('\n');
    return sh('bash', ['--noprofile', '--norc', '-c', script], {
      cwd: workspace,
      env: {
        ...job.variables,
        // The release as the job would download it: the tarball this test packed.
        GP_CHANGE_RELEASE: release.tarball,
        NPM_CONFIG_PREFIX: prefix,
        npm_config_prefer_offline: 'true',
        PATH: `${join(prefix, 'bin')}:${process.env.PATH}`,
        GITLAB_CI: 'true',
        GP_CHANGE_TODAY: '2026-11-23',
      },
    });
  }
  const junit = (workspace: string) =>
    new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['testsuite', 'testcase'].includes(name) }).parse(
      readFileSync(join(workspace, 'gp-change.junit.xml'), 'utf8'),
    ) as { testsuites: { '@failures': string; '@errors': string; testsuite: { '@name': string }[] } };

  it('passes the green merge request, with a SARIF artifact and a JUnit report for every draft', () => {
    expect(job.image).toMatch(/^node:(22|24)$/);
    const workspace = mkdtempSync(join(tmpdir(), 'gp-change-gitlab-ws-'));
    makePolicyRepo(workspace);
    const r = runJob(workspace);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expectValidSarif(readFileSync(join(workspace, 'gp-change.sarif'), 'utf8'), "the GitLab job's SARIF");
    const report = junit(workspace);
    expect(report.testsuites.testsuite.map((t) => t['@name']).sort()).toEqual(Object.keys(GREEN_DRAFTS).sort());
    expect(report.testsuites['@failures']).toBe('0');
  });

  it('fails the red merge request, and the report names the drafts that fall short and the broken one', () => {
    const workspace = mkdtempSync(join(tmpdir(), 'gp-change-gitlab-ws-'));
    makePolicyRepo(workspace);
    addRedDrafts(workspace);
    const r = runJob(workspace);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^drafts\/broken\.yaml:5:\d+: error: /m);
    const report = junit(workspace);
    expect(report.testsuites.testsuite.map((t) => t['@name']).sort()).toEqual(Object.keys({ ...GREEN_DRAFTS, ...RED_DRAFTS }).sort());
    expect(Number(report.testsuites['@failures'])).toBeGreaterThan(0);
    expect(report.testsuites['@errors']).toBe('1');
  });
});
