/**
 * Attacks on a CI run, as a draft's author would try them (issue 14; docs/security.md, "Trust boundary"):
 * the author writes the files of a pull request (drafts, local rulebooks, links), the runner chooses the
 * command line. Each case of tests/fixtures/hostile/attacks.yaml is set up in a fresh project folder
 * beside a folder outside it that holds a secret, runs through the built binary, and must end as the
 * manifest says. Whatever a case expects, the secret never appears in anything the run prints or writes.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, ROOT } from './helpers/cli.js';

const MANIFEST = 'tests/fixtures/hostile/attacks.yaml';
/** In every file outside the project: no output of a run may ever hold it. */
const SECRET = 'ghp_SECRET0123456789abcdefSECRET';

interface Attack {
  id: string;
  /** The item of issue 14 it reproduces, or `break-it` for an attempt beyond the issue's list. */
  issue: string;
  what: string;
  /** Files of the pull request, by path in the project; `{OUTSIDE}` and `{PROJECT}` are replaced. */
  files?: Record<string, string>;
  /** Symbolic links, by path in the project, to targets (placeholders replaced). */
  links?: Record<string, string>;
  /** A shell command run in the project before the attack (for what files and links cannot make). */
  setup?: string;
  /** The command, run with bash in the project; `G` is the binary. */
  run: string;
  env?: Record<string, string>;
  /** The exit code the run must end with (a list: any of them). */
  code: number | number[];
  stderr?: string;
  stdout?: string;
  /** Text neither output may contain. */
  never?: string[];
  /** Project files that must be exactly as the setup left them. */
  unchanged?: string[];
  /** Project files that must not exist after the run. */
  absent?: string[];
  /** Project files that must exist after the run, holding this text. */
  written?: Record<string, string>;
}

const attacks = parse(readFileSync(join(ROOT, MANIFEST), 'utf8')) as Attack[];
const base = mkdtempSync(join(tmpdir(), 'gp-attack-'));
const outside = join(base, 'outside');
mkdirSync(outside);
// What a runner's machine holds outside the project: credentials in every shape a draft might point at.
writeFileSync(join(outside, 'credentials'), `https://bot:${SECRET}@github.com\n`);
writeFileSync(join(outside, 'hosts.yml'), `github.com:\n  oauth_token: ${SECRET}\n  user: bot\n`);
writeFileSync(join(outside, 'secret.yaml'), `id: ${SECRET}\ntitle: ${SECRET}\nversion: ${SECRET}\nextends: ${SECRET}\n`);
writeFileSync(join(outside, 'draft.yaml'), `gpChange: 1\ntitle: ${SECRET}\nassessor: { role: ics }\nnotes: ${SECRET}\n`);
writeFileSync(
  join(outside, 'rulebook.yaml'),
  `# ${SECRET}\nid: outside\nversion: 1.0.0\ntitle: ${SECRET}\nextends: builtin\ndescription: ${SECRET}\n`,
);
mkdirSync(join(outside, 'drafts'));
writeFileSync(join(outside, 'drafts', 'x.yaml'), `gpChange: 1\ntitle: ${SECRET}\nassessor: { role: ics }\n`);

afterAll(() => rmSync(base, { recursive: true, force: true }));

const fill = (text: string, project: string) => text.replaceAll('{OUTSIDE}', outside).replaceAll('{PROJECT}', project);

/** Every regular file under `dir` (not following links), by path relative to it, with its text. */
function snapshot(dir: string, rel = ''): Map<string, string> {
  const files = new Map<string, string>();
  for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
    const path = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) for (const [k, v] of snapshot(dir, path)) files.set(k, v);
    else if (e.isFile()) files.set(path, readFileSync(join(dir, path), 'latin1'));
  }
  return files;
}

describe('the attack corpus', () => {
  it('every case has a unique id, a reproduction of issue 14 or a break-it attempt, and an expected exit code', () => {
    const ids = attacks.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const a of attacks) {
      expect(a.issue, a.id).toMatch(/^(14\.\d+|break-it)$/);
      expect(a.code, a.id).toBeDefined();
    }
  });
});

describe.each(attacks.map((a) => [a.id, a] as const))('%s', (_id, a) => {
  it(`${a.what}`, () => {
    const project = mkdtempSync(join(base, 'project-'));
    writeFileSync(join(project, '.gp-change.yaml'), '# the project root\n');
    for (const [path, text] of Object.entries(a.files ?? {})) {
      mkdirSync(dirname(join(project, path)), { recursive: true });
      writeFileSync(join(project, path), fill(text, project));
    }
    for (const [path, target] of Object.entries(a.links ?? {})) {
      mkdirSync(dirname(join(project, path)), { recursive: true });
      symlinkSync(fill(target, project), join(project, path));
    }
    const env = {
      ...process.env,
      GP_CHANGE_TODAY: '2026-11-23',
      NO_COLOR: '1',
      GP_NODE: process.execPath,
      GP_BIN: BIN,
    } as NodeJS.ProcessEnv;
    delete env.FORCE_COLOR;
    delete env.GITHUB_STEP_SUMMARY;
    if (a.setup) {
      const s = spawnSync('bash', ['-c', fill(a.setup, project)], { cwd: project, env, encoding: 'utf8' });
      expect(s.status, `setup: ${s.stderr}`).toBe(0);
    }
    const before = snapshot(project);
    const r = spawnSync('bash', ['-c', `G() { "$GP_NODE" "$GP_BIN" "$@"; }\n${fill(a.run, project)}`], {
      cwd: project,
      env: { ...env, ...Object.fromEntries(Object.entries(a.env ?? {}).map(([k, v]) => [k, fill(v, project)])) },
      encoding: 'utf8',
      timeout: 60_000,
    });
    const out = `${r.stdout}\n${r.stderr}`;
    const shown = `exit ${r.status}\n--- stdout\n${r.stdout.slice(0, 600)}\n--- stderr\n${r.stderr.slice(0, 1500)}`;
    expect([a.code].flat(), shown).toContain(r.status);
    expect(out, 'the secret reached the output').not.toContain(SECRET);
    expect(out, 'a stack trace or internal error').not.toMatch(/^\s+at |internal error|node:internal/m);
    if (a.stderr) expect(r.stderr, shown).toContain(fill(a.stderr, project));
    if (a.stdout) expect(r.stdout, shown).toContain(fill(a.stdout, project));
    for (const text of a.never ?? []) expect(out, shown).not.toContain(fill(text, project));
    const after = snapshot(project);
    for (const [path, text] of after) if (before.get(path) !== text) expect(text, `${path} holds the secret`).not.toContain(SECRET);
    for (const path of a.unchanged ?? []) expect(after.get(path), `${path} changed`).toBe(before.get(path));
    for (const path of a.absent ?? []) expect(() => statSync(join(project, path)), `${path} exists`).toThrow();
    for (const [path, text] of Object.entries(a.written ?? {})) expect(after.get(path) ?? '', path).toContain(fill(text, project));
  });
});
