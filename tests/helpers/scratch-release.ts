import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ROOT } from './root.js';

/** Who the scratch repositories' commits and tags are by, so no git configuration is needed. */
export const GIT_ENV = {
  GIT_AUTHOR_NAME: 'gp-change tests',
  GIT_AUTHOR_EMAIL: 'tests@gp-change.invalid',
  GIT_COMMITTER_NAME: 'gp-change tests',
  GIT_COMMITTER_EMAIL: 'tests@gp-change.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
};

export function git(cwd: string, args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'init.defaultBranch=main', '-c', 'tag.gpgSign=false', '-c', 'commit.gpgSign=false', '-c', 'advice.detachedHead=false', ...args],
    {
      cwd,
      env: { ...process.env, ...GIT_ENV },
      encoding: 'utf8',
    },
  ).trim();
}

export interface Sh {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command, never throwing: the test reads the exit code and output. */
export function sh(cmd: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): Sh {
  const r = spawnSync(cmd, args, {
    cwd: options.cwd,
    encoding: 'utf8',
    input: options.input ?? '',
    env: { ...process.env, ...options.env },
  });
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: `${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

/** npm with the registry for anything the tests' own `npm ci` has not already put in the cache. */
export const NPM_QUIET = ['--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'];

/** Node.js binaries beside this one that .ci/run fetched (.ci/node/22, .ci/node/24), for the code caches. */
export function otherNodes(): string[] {
  const dir = join(ROOT, '.ci', 'node');
  return existsSync(dir)
    ? readdirSync(dir)
        .map((v) => join(dir, v, 'bin', 'node'))
        .filter((n) => existsSync(n))
    : [];
}

export interface ScratchRelease {
  /** The scratch checkout: a git repository with the release tag. */
  repo: string;
  /** The tarball `npm run release` packed. */
  tarball: string;
  version: string;
  tag: string;
  /** What the release script printed. */
  log: string;
}

/**
 * This checkout's files (committed or not, as `git ls-files` lists them) copied into a new git repository,
 * with node_modules copied rather than installed, and `npm run release -- --git-tag` run there: the
 * tarball and the release tag exactly as a maintainer makes them, without touching this checkout's dist/.
 */
export function scratchRelease(options: { withNodes?: string[] } = {}): ScratchRelease {
  const base = mkdtempSync(join(tmpdir(), 'gp-change-release-'));
  const repo = join(base, 'gp-change');
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
    .split('\0')
    .filter((f) => f && existsSync(join(ROOT, f)));
  for (const f of files) {
    mkdirSync(dirname(join(repo, f)), { recursive: true });
    cpSync(join(ROOT, f), join(repo, f));
  }
  // A copy, not a link: esbuild names bundled modules by their real path, so a link would put this
  // checkout's path in the bundle (0.7 s for 150 MB on the same disk).
  execFileSync('cp', ['-a', join(ROOT, 'node_modules'), join(repo, 'node_modules')]);
  git(repo, ['init', '-q']);
  git(repo, ['add', '-A']);
  git(repo, ['commit', '-q', '-m', 'sources']);
  const out = join(base, 'out');
  mkdirSync(out);
  const args = ['run', 'release', '--', '--git-tag', '--out', out, ...(options.withNodes ?? []).flatMap((n) => ['--with-node', n])];
  const r = sh('npm', args, { cwd: repo, env: GIT_ENV });
  if (r.code !== 0) throw new Error(`npm run release failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
  const version = (JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string }).version;
  return { repo, tarball: join(out, `gp-change-${version}.tgz`), version, tag: `v${version}`, log: r.stdout };
}
