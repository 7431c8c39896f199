/**
 * The release tag that `npm run release -- --git-tag` makes, as installs from git see it: its built bundle
 * is what the sources build to, its package.json gives npm nothing to build, and the pre-commit hook
 * installs from it and gates commits. pre-commit 3.x (Debian's) runs for real when it is installed (.ci/run
 * installs it); pre-commit 4.6.1 and later install node hooks with one npm command, replayed here as
 * pre-commit runs it (pre-commit 4.x is not installable without PyPI; docs/ci.md says what was tested).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { addRedDrafts, GREEN_DRAFTS, makePolicyRepo, RED_DRAFTS } from './helpers/policy-repo.js';
import { git, GIT_ENV, NPM_QUIET, scratchRelease, sh, type ScratchRelease } from './helpers/scratch-release.js';

interface Hook {
  id: string;
  entry: string;
  language: string;
  files: string;
  args?: string[];
  require_serial?: boolean;
}

// GP_CHANGE_PRE_COMMIT runs another pre-commit, e.g. `python3 -m pre_commit` with PYTHONPATH at a checkout of its source.
const [PRE_COMMIT, ...PRE_COMMIT_ARGS] = (process.env.GP_CHANGE_PRE_COMMIT ?? 'pre-commit').split(' ');
const preCommitRun = (args: string[], options: Parameters<typeof sh>[2]) => sh(PRE_COMMIT!, [...PRE_COMMIT_ARGS, ...args], options);
const preCommit = preCommitRun(['--version'], {});
const HAVE_PRE_COMMIT = preCommit.code === 0;
const NO_PRE_COMMIT = "(needs pre-commit on the path, e.g. Debian's package; .ci/run installs it; skipped without it)";

let release: ScratchRelease;
let hooks: Hook[];

beforeAll(() => {
  release = scratchRelease();
  hooks = parse(git(release.repo, ['show', `${release.tag}:.pre-commit-hooks.yaml`])) as Hook[];
}, 120_000);

describe('the release tag', () => {
  it('holds the built bundle and a package.json that gives npm nothing to build', () => {
    const files = git(release.repo, ['ls-tree', '-r', '--name-only', release.tag]).split('\n');
    expect(files).toEqual(
      expect.arrayContaining(['dist/cli.cjs', 'dist/version.txt', 'schemas/proposal.schema.json', '.pre-commit-hooks.yaml', 'action.yml']),
    );
    expect(files.filter((f) => f.endsWith('.cache'))).toEqual([]);
    const manifest = JSON.parse(git(release.repo, ['show', `${release.tag}:package.json`])) as { scripts: Record<string, string> };
    // What npm runs, or prepares a git dependency for (pacote's git fetcher).
    for (const s of ['prepare', 'prepack', 'build', 'preinstall', 'install', 'postinstall'])
      expect(manifest.scripts, s).not.toHaveProperty(s);
    expect(git(release.repo, ['show', `${release.tag}:dist/version.txt`])).toBe(release.version);
    expect(git(release.repo, ['rev-parse', `${release.tag}^{commit}^`])).toBe(git(release.repo, ['rev-parse', 'HEAD']));
  });

  it('is checked: building its sources gives the committed bundle, byte for byte', () => {
    const checkout = join(mkdtempSync(join(tmpdir(), 'gp-change-tag-')), 'gp-change');
    git(tmpdir(), ['clone', '-q', '--branch', release.tag, release.repo, checkout]);
    execFileSync('cp', ['-a', join(release.repo, 'node_modules'), join(checkout, 'node_modules')]);
    const r = sh(process.execPath, ['scripts/build.mjs'], { cwd: checkout });
    expect(r.code, r.stderr).toBe(0);
    expect(git(checkout, ['status', '--porcelain'])).toBe('');
  }, 120_000);

  it('says what to do when a commit without the built files is installed from git', () => {
    // A plain commit's `prepare` builds, which needs esbuild, a development dependency.
    const bare = mkdtempSync(join(tmpdir(), 'gp-change-bare-'));
    git(tmpdir(), ['clone', '-q', release.repo, join(bare, 'gp-change')]);
    const r = sh(process.execPath, ['scripts/build.mjs'], { cwd: join(bare, 'gp-change') });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/use a release tag \(vX\.Y\.Z\): release tags\s+carry the built files/);
  });
});

describe('the pre-commit hook', () => {
  it('is one node hook over drafts/ that matches .yaml and .yml, all files in one run', () => {
    expect(hooks.map((h) => h.id)).toEqual(['gp-change']);
    const hook = hooks[0]!;
    expect(hook).toMatchObject({ entry: 'gp-change assess', language: 'node', require_serial: true });
    const files = new RegExp(hook.files);
    for (const f of [...Object.keys(GREEN_DRAFTS), ...Object.keys(RED_DRAFTS)]) expect(f).toMatch(files);
    for (const f of ['rulebooks/pcn-local-measures.yaml', 'drafts/notes.md', 'other/drafts/x.yaml']) expect(f).not.toMatch(files);
  });

  it("installs as pre-commit 4.6.1 and later install it (one npm command from the repository's clone) and gates", () => {
    // pre-commit clones the repository at `rev`, then runs (pre_commit/languages/node.py, v4.6.2):
    //   npm install --allow-git=root --install-links -g git+file://<clone>
    // with npm's prefix set to the hook's environment.
    const base = mkdtempSync(join(tmpdir(), 'gp-change-pc4-'));
    const clone = join(base, 'repo');
    git(tmpdir(), ['clone', '-q', '--branch', release.tag, release.repo, clone]);
    const env = join(base, 'node_env');
    const install = sh('npm', ['install', '--allow-git=root', '--install-links', '-g', `git+file://${clone}`, ...NPM_QUIET], {
      cwd: clone,
      env: { NPM_CONFIG_PREFIX: env, npm_config_prefix: env },
    });
    expect(install.code, install.stderr).toBe(0);
    expect(existsSync(join(env, 'lib', 'node_modules', 'gp-change', 'node_modules', 'esbuild'))).toBe(false);
    const policy = join(base, 'policy');
    makePolicyRepo(policy);
    addRedDrafts(policy);
    // Then, for a commit, the hook's entry and args with the staged drafts that match `files`.
    const hook = hooks[0]!;
    const staged = git(policy, ['diff', '--cached', '--name-only'])
      .split('\n')
      .filter((f) => new RegExp(hook.files).test(f));
    expect(staged.sort()).toEqual(Object.keys(RED_DRAFTS).sort());
    const [cmd, ...entryArgs] = hook.entry.split(' ');
    const r = sh(join(env, 'bin', cmd!), [...entryArgs, ...(hook.args ?? []), ...staged], { cwd: policy, env: { NO_COLOR: '1' } });
    expect(r.code).toBe(2); // a broken draft among them
    expect(r.stderr).toMatch(/^drafts\/broken\.yaml:5:\d+: error: /m);
    expect(r.stdout).toMatch(/2 drafts checked \(.*2 rethink\)/);
  }, 120_000);

  it.skipIf(!HAVE_PRE_COMMIT)(
    `runs under real pre-commit ${HAVE_PRE_COMMIT ? preCommit.stdout.trim() : NO_PRE_COMMIT}: green commits, red is stopped`,
    () => {
      const base = mkdtempSync(join(tmpdir(), 'gp-change-pc-'));
      const policy = join(base, 'policy');
      const config = `repos:\n  - repo: ${release.repo}\n    rev: ${release.tag}\n    hooks:\n      - id: gp-change\n`;
      makePolicyRepo(policy, { '.pre-commit-config.yaml': config });
      const env = { PRE_COMMIT_HOME: join(base, 'cache'), NO_COLOR: '1', GP_CHANGE_TODAY: '2026-11-23' };
      const all = preCommitRun(['run', '--all-files'], { cwd: policy, env });
      expect(all.code, all.stdout + all.stderr).toBe(0);
      expect(all.stdout).toMatch(/gp-change \(change proposal drafts\)\.+Passed/);

      expect(preCommitRun(['install'], { cwd: policy, env }).code).toBe(0);
      addRedDrafts(policy);
      const head = git(policy, ['rev-parse', 'HEAD']);
      const commit = sh('git', ['commit', '-m', 'red: drafts with high risks and a broken one'], {
        cwd: policy,
        env: { ...env, ...GIT_ENV },
      });
      expect(commit.code).not.toBe(0);
      expect(commit.stdout + commit.stderr).toMatch(/gp-change \(change proposal drafts\)\.+Failed/);
      expect(commit.stdout + commit.stderr).toMatch(/drafts\/broken\.yaml:5:\d+: error: /);
      expect(git(policy, ['rev-parse', 'HEAD'])).toBe(head);

      // Fixed: the broken draft dropped, the others accepted until the board meets; the commit goes through.
      git(policy, ['rm', '-q', '--cached', 'drafts/broken.yaml', 'drafts/national/access-target.yaml', 'drafts/ics/vetting.yml']);
      writeFileSync(join(policy, 'drafts', 'notes.md'), 'not a draft\n');
      git(policy, ['add', 'drafts/notes.md']);
      const fixed = sh('git', ['commit', '-m', 'notes only'], { cwd: policy, env: { ...env, ...GIT_ENV } });
      expect(fixed.code, fixed.stdout + fixed.stderr).toBe(0);
      expect(fixed.stdout + fixed.stderr).toMatch(/gp-change \(change proposal drafts\)\.+\(no files to check\)Skipped/);
      expect(readFileSync(join(policy, '.pre-commit-config.yaml'), 'utf8')).toBe(config);
    },
    180_000,
  );
});
