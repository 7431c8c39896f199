/**
 * Hostile rulebooks through the built binary (PRODUCT.md section 11: "No rulebook can run code"; bad
 * input gets file:line:column and exit 2, "and nothing else is harmed"). Each case of
 * tests/fixtures/hostile/rulebooks/expected.yaml runs through `rulebook validate FILE` and through
 * `assess DRAFT --rulebook FILE`, as a user or a CI job would meet it.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, run, type Run } from './helpers/cli.js';
import { MAX_BYTES } from '../src/load/yaml-source.js';

const DIR = 'tests/fixtures/hostile/rulebooks';
const DRAFT = 'examples/pcn-new-service.yaml';
/**
 * Each run must take under a second, start-up included. The check is on the run's own CPU time: wall
 * time also counts waiting for a core while other test files run (on a 2-core machine that doubles it),
 * and a real blow-up (a parser gone quadratic, a file that never ends) burns CPU. Wall time is recorded
 * beside it, and must stay within a few seconds, so that a run that hangs still fails.
 */
const CPU_BUDGET_MS = 1000;
const WALL_LIMIT_MS = 5000;
const CPU_HELPER = join(ROOT, 'tests', 'helpers', 'cpu-usage.cjs');

interface Expected {
  line: number | null;
  col: number | null;
  message: string;
  /** The file this error names, when not the one the case says (in `also`: a rulebook it extends). */
  at?: string;
}
interface Case extends Expected {
  file: string;
  at?: string;
  generate?: 'oversize';
  also?: Expected[];
}

const cases = parse(readFileSync(join(ROOT, DIR, 'expected.yaml'), 'utf8')) as Case[];
const tmp = mkdtempSync(join(tmpdir(), 'gp-hostile-'));
const timings: { file: string; command: string; cpu: number; wall: number }[] = [];

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
  const rows = timings.map((t) => `${String(t.cpu).padStart(5)} ${String(t.wall).padStart(5)}  ${t.command.padEnd(8)} ${t.file}`);
  const most = (k: 'cpu' | 'wall') => Math.max(...timings.map((t) => t[k]));
  console.log(
    `hostile rulebooks: ${timings.length} runs; most CPU ${most('cpu')} ms, longest wall ${most('wall')} ms\n  cpu  wall (ms)\n${rows.join('\n')}`,
  );
});

/** The path to pass on the command line (relative to the repository, as users type it) and as errors show it. */
function pathOf(c: Case): string {
  if (c.generate === 'oversize') {
    const file = join(tmp, c.file);
    const head = '# a rulebook padded past the 1 MiB limit\nid: hostile\nversion: 1.0.0\ntitle: A hostile rulebook\nextends: builtin\n';
    writeFileSync(
      file,
      head + '# padding padding padding padding padding padding padding padding padding\n'.repeat(Math.ceil(MAX_BYTES / 70) + 10),
    );
    return file;
  }
  return `${DIR}/${c.file}`;
}

/** Runs the binary as `run` does, recording its CPU and wall time. */
function timed(file: string, command: string, args: string[]): Run {
  const cpuFile = join(tmp, `cpu-${timings.length}`);
  const start = performance.now();
  const result = run(args, { env: { NODE_OPTIONS: `--require=${CPU_HELPER}`, GP_TEST_CPU_FILE: cpuFile } });
  const wall = Math.round(performance.now() - start);
  const cpu = Number(readFileSync(cpuFile, 'utf8'));
  timings.push({ file, command, cpu, wall });
  expect(cpu, `${command} ${file} used ${cpu} ms of CPU`).toBeLessThan(CPU_BUDGET_MS);
  expect(wall, `${command} ${file} took ${wall} ms`).toBeLessThan(WALL_LIMIT_MS);
  return result;
}

function expectLocated(r: Run, shownFile: string, expected: Expected[]): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  // No stack trace and no internal error: every line is one located problem.
  expect(r.stderr).not.toMatch(/^\s+at\s|internal error|--debug|Error:/m);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(expected.length);
  for (const e of expected) {
    const file = e.at ? `${DIR}/${e.at}` : shownFile;
    const where = e.line === null ? `${file}: error: ` : `${file}:${e.line}:${e.col}: error: `;
    const line = lines.find((l) => l.startsWith(where));
    expect(line, `no error at ${where} in:\n${r.stderr}`).toBeDefined();
    expect(line).toContain(e.message);
  }
}

describe('the corpus', () => {
  it('has at least 22 cases, and every file in the folder is one', () => {
    expect(cases.length).toBeGreaterThanOrEqual(22);
    const listed = new Set(cases.filter((c) => !c.generate).map((c) => c.file));
    const present = readdirSync(join(ROOT, DIR)).filter((f) => f !== 'expected.yaml');
    expect([...present].sort()).toEqual([...listed].sort());
  });
});

describe.each(cases.map((c) => [c.file, c] as const))('%s', (_name, c) => {
  const expected = [{ line: c.line, col: c.col, message: c.message }, ...(c.also ?? [])];

  it('rulebook validate: exit 2, located, no stack trace, in time', () => {
    const file = pathOf(c);
    const r = timed(c.file, 'validate', ['rulebook', 'validate', file]);
    expectLocated(r, c.at ? `${DIR}/${c.at}` : file, expected);
  });

  it('assess --rulebook: exit 2, located, no report, in time', () => {
    const file = pathOf(c);
    const r = timed(c.file, 'assess', ['assess', DRAFT, '--rulebook', file]);
    expectLocated(r, c.at ? `${DIR}/${c.at}` : file, expected);
  });
});
