/**
 * Hostile drafts through the built binary (PRODUCT.md sections 9 and 11): each is refused with exit 2,
 * an error at the file:line:column of the offending node (tests/fixtures/hostile/drafts/expected.yaml
 * says where, checked by hand), no stack trace, in under a second; odd but valid input is assessed; and
 * one bad file among good ones never stops the good ones from being assessed.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, run, type Run } from './helpers/cli.js';
import { DRAFTS, generate, readManifest, type Accepted, type Refused } from './helpers/hostile.js';

const manifest = readManifest();
const EXAMPLES = ['examples/access-target.yaml', 'examples/practice-led-improvement.yaml'];
/**
 * The budget is 1 s a file (docs/security.md); the test allows 5 s because it runs beside other test
 * files on a 2-core machine whose load swings widely (1.5 s failed at load 11), and a hostile draft that
 * defeated a limit would take far longer than that, or never end.
 */
const BUDGET_MS = 5000;

let dir = '';
const paths = new Map<Refused | Accepted, string | undefined>();
const timings: { name: string; ms: number }[] = [];

const nameOf = (e: Refused | Accepted) => e.file ?? `(generated) ${e.generate}`;
const pathOf = (e: Refused | Accepted) => (e.file ? `${DRAFTS}/${e.file}` : paths.get(e));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gp-change-hostile-'));
  chmodSync(dir, 0o755); // so the unprivileged user below can reach the unreadable file, and be refused by it alone
  for (const e of [...manifest.refused, ...manifest.accepted]) if (e.generate) paths.set(e, generate(e.generate, dir));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  if (!timings.length) return;
  const sorted = [...timings].sort((a, b) => b.ms - a.ms);
  const total = timings.reduce((s, t) => s + t.ms, 0);
  console.log(
    `hostile drafts: ${timings.length} runs, slowest ${sorted
      .slice(0, 5)
      .map((t) => `${t.name} ${t.ms.toFixed(0)} ms`)
      .join(', ')}; median ${sorted[sorted.length >> 1]!.ms.toFixed(0)} ms; mean ${(total / timings.length).toFixed(0)} ms`,
  );
});

/** Runs the binary and records its wall time. */
function timed(name: string, args: string[]): Run {
  const started = performance.now();
  const r = run(args);
  timings.push({ name, ms: performance.now() - started });
  return r;
}

/**
 * Root reads a chmod 000 file, so as root the unreadable case runs the binary as `nobody` (spawn's uid
 * option): the permission check is then the kernel's own, not a simulation. Undefined where that user
 * cannot run it (no such user, or the checkout not readable by others): the case is then skipped.
 */
function runUnprivileged(args: string[]): Run | undefined {
  const as = { uid: 65534, gid: 65534 };
  const env = { ...process.env, GP_CHANGE_TODAY: '2026-11-23' };
  const probe = spawnSync(process.execPath, [BIN, 'assess', `${DRAFTS}/accepted-true-false.yaml`], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    ...as,
  });
  if (probe.error || (probe.status !== 0 && probe.status !== 1)) return undefined;
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, env, encoding: 'utf8', ...as });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Nothing of Node's own error reporting: no stack frames, no `TypeError:`, no internal error. */
function expectNoStackTrace(output: string): void {
  expect(output).not.toMatch(/^\s+at /m);
  expect(output).not.toMatch(/(^|\s)[A-Z]\w*Error:/m);
  expect(output).not.toMatch(/node:internal|internal error|--debug/);
}

/** The first error line `assess` printed about `shown`. */
const firstErrorFor = (stderr: string, shown: string) => stderr.split('\n').find((l) => l.startsWith(`${shown}:`));

function expectLocated(line: string | undefined, shown: string, e: Refused): void {
  const where = e.line ? `${shown}:${e.line}:${e.col}: error: ` : `${shown}: error: `;
  expect(line, `no error line for ${shown}`).toBeDefined();
  expect(line!.startsWith(where), `expected "${where}...", got "${line}"`).toBe(true);
  expect(line).toContain(e.message);
}

describe('the corpus', () => {
  it('holds at least 45 refused drafts, and every fixture file is in the manifest exactly once', () => {
    expect(manifest.refused.length).toBeGreaterThanOrEqual(45);
    const listed = [...manifest.refused, ...manifest.accepted].flatMap((e) => (e.file ? [e.file] : []));
    expect(new Set(listed).size).toBe(listed.length);
    const files = readdirSync(join(ROOT, DRAFTS)).filter((f) => f !== 'expected.yaml');
    expect([...listed].sort()).toEqual(files.sort());
    for (const e of manifest.refused) expect(e.line === undefined, `${nameOf(e)}: line and col go together`).toBe(e.col === undefined);
  });
});

describe('each hostile draft is refused: exit 2, located, no stack trace, under a second', () => {
  it.for(manifest.refused.map((e) => [nameOf(e), e] as const))('%s', ([name, e], ctx) => {
    const shown = pathOf(e);
    if (!shown) return ctx.skip(); // cannot be made on this system (no /dev/zero)
    let r: Run | undefined;
    if (e.generate === 'unreadable-file' && process.getuid?.() === 0) {
      const started = performance.now();
      r = runUnprivileged(['assess', shown]);
      if (!r) return ctx.skip();
      timings.push({ name, ms: performance.now() - started });
    } else {
      r = timed(name, ['assess', shown]);
    }
    expect(r.code, r.stderr).toBe(2);
    expectNoStackTrace(r.stdout + r.stderr);
    expectLocated(firstErrorFor(r.stderr, shown), shown, e);
    expect(timings.at(-1)!.ms).toBeLessThan(BUDGET_MS);
  });

  it('a file with thousands of mistakes lists the first 50 and counts the rest', () => {
    const e = manifest.refused.find((x) => x.generate === 'many-unknown-keys')!;
    const shown = pathOf(e)!;
    const r = timed('many-unknown-keys (count)', ['assess', shown]);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith(`${shown}:`));
    expect(lines).toHaveLength(51);
    expect(lines[49]).toMatch(/:55:3: error: `answers\.k49` is not a known field/);
    expect(lines[50]).toBe(`${shown}: error: and 950 more problems in this file, not shown; fix these first`);
  });
});

describe('odd but valid input is assessed, not refused', () => {
  const plain = () => JSON.parse(run(['assess', EXAMPLES[0]!, '--format', 'json']).stdout).assessments[0];

  it.each(manifest.accepted.map((e) => [nameOf(e), e] as const))('%s', (name, e) => {
    const shown = pathOf(e)!;
    const r = timed(name, ['assess', shown, '--format', 'json']);
    expect([0, 1], r.stderr).toContain(r.code);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out.errors).toEqual([]);
    expect(out.assessments).toHaveLength(1);
    if (e.generate) {
      // A byte-order mark or CRLF changes nothing: the same assessment, at the same lines and columns.
      const same = (a: unknown, file: string) => JSON.stringify(a).split(JSON.stringify(file).slice(1, -1)).join('FILE');
      expect(same(out.assessments[0], shown)).toBe(same(plain(), EXAMPLES[0]!));
    }
    expect(timings.at(-1)!.ms).toBeLessThan(BUDGET_MS);
  });
});

describe('one assess call over every hostile draft and two valid ones', () => {
  it('reports every bad file, still assesses the good ones, and exits 2', () => {
    const refused = manifest.refused.filter((e) => pathOf(e));
    const args = [...refused.map((e) => pathOf(e)!), ...EXAMPLES];
    const r = timed('batch', ['assess', ...args, '--format', 'json']);
    expect(r.code).toBe(2);
    expectNoStackTrace(r.stdout + r.stderr);
    const out = JSON.parse(r.stdout) as {
      assessments: { file: string; verdict: { level: string } }[];
      errors: { file: string; line?: number; col?: number; message: string }[];
    };
    expect(out.assessments.map((a) => a.file)).toEqual(EXAMPLES);
    for (const a of out.assessments) expect(['ready', 'revise', 'rethink']).toContain(a.verdict.level);
    for (const e of refused) {
      const shown = pathOf(e)!;
      const first = out.errors.find((x) => x.file === shown);
      expect(first, `${nameOf(e)} is not among the errors`).toBeDefined();
      expect(firstErrorFor(r.stderr, shown), `${nameOf(e)} is not on stderr`).toBeDefined();
      // Run as root, the chmod 000 file is read (and refused for its content): only its being reported is checked.
      if (e.generate === 'unreadable-file' && process.getuid?.() === 0) continue;
      expectLocated(firstErrorFor(r.stderr, shown), shown, e);
      expect({ line: first!.line, col: first!.col }, nameOf(e)).toEqual({ line: e.line, col: e.col });
    }
  });
});
