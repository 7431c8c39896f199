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
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ROOT, run, type Run } from './helpers/cli.js';
import { LIMITS } from '../src/rulebook/limits.js';
import { MAX_BYTES } from '../src/load/yaml-source.js';
import { evaluate } from '../src/engine/conditions.js';
import { inspectCondition } from '../src/rulebook/conditions.js';

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
    const where = e.line === null ? `${shownFile}: error: ` : `${shownFile}:${e.line}:${e.col}: error: `;
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

describe('limits', () => {
  it('docs/rulebook-format.md states the limits the code applies', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'rulebook-format.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## Limits'));
    const row = (words: string) =>
      section
        .split('\n')
        .find((l) => l.startsWith('|') && l.includes(words))
        ?.split('|')
        .at(-2)
        ?.trim();
    expect(row('nested inside one another')).toBe(String(LIMITS.conditionDepth));
    expect(row('parts of one condition')).toBe(String(LIMITS.conditionNodes));
    expect(row('a weight')).toBe(String(LIMITS.weight));
    expect(row('size of a rulebook file')).toBe(`${MAX_BYTES / 1024 / 1024} MiB`);
  });

  it('a condition exactly at the limits passes; one operator or part more is refused', () => {
    const nest = (n: number) => {
      let c: unknown = { var: 'answers.origin' };
      for (let i = 1; i < n; i++) c = { '!': c };
      return c;
    };
    expect(inspectCondition(nest(LIMITS.conditionDepth)).problems).toEqual([]);
    expect(inspectCondition(nest(LIMITS.conditionDepth + 1)).problems).toEqual([
      { at: Array(LIMITS.conditionDepth).fill('!'), message: expect.stringMatching(/nested more than 32 deep/) },
    ]);
    // `in` + its list + var + path + the inner list = 5 parts, then one per value.
    const sized = (n: number) => ({ in: [{ var: 'answers.origin' }, Array.from({ length: n - 5 }, (_, i) => `v${i}`)] });
    expect(inspectCondition(sized(LIMITS.conditionNodes)).problems).toEqual([]);
    expect(inspectCondition(sized(LIMITS.conditionNodes + 1)).problems).toEqual([
      { at: [], message: expect.stringMatching(/more than 500 parts/) },
    ]);
  });
});

describe('conditions cannot reach JavaScript internals', () => {
  const forms: [string, unknown, (string | number)[]][] = [
    ['a var path', { var: 'answers.__proto__' }, ['var']],
    ['a var path, deeper', { '==': [{ var: 'answers.origin.constructor.name' }, 'String'] }, ['==', 0, 'var']],
    ['the array form of var', { var: ['answers.prototype', 'x'] }, ['var', 0]],
    ['a var read per element in some', { some: [{ var: 'targets' }, { var: 'constructor' }] }, ['some', 1, 'var']],
    ['a var read per element in filter', { filter: [{ var: 'targets' }, { var: 'setBy.__proto__' }] }, ['filter', 1, 'var']],
    ['a var read per element in map', { map: [{ var: 'targets' }, { var: ['prototype'] }] }, ['map', 1, 'var', 0]],
    [
      'a var in all and none',
      { all: [{ var: 'targets' }, { none: [{ var: 'neglectRisksConsidered' }, { var: 'constructor' }] }] },
      ['all', 1, 'none', 1, 'var'],
    ],
    ['the accumulator of reduce', { reduce: [{ var: 'targets' }, { var: 'accumulator.__proto__' }, 0] }, ['reduce', 1, 'var']],
    [
      "reduce's starting value (read from the draft)",
      { reduce: [{ var: 'targets' }, { var: 'current' }, { var: 'answers.constructor' }] },
      ['reduce', 2, 'var'],
    ],
    ['a missing path', { missing: ['answers.origin', 'answers.__proto__'] }, ['missing', 1]],
    ['a single missing path', { missing: 'constructor' }, ['missing']],
    ['a literal list of missing paths', { missing: [['answers.origin', 'prototype.x']] }, ['missing', 0, 1]],
    ['a computed var path', { var: { cat: ['answers.', 'constructor'] } }, ['var']],
    ['a computed missing path', { missing: [{ cat: ['__pro', 'to__'] }] }, ['missing', 0]],
  ];
  it.each(forms)('%s is refused where it is written', (_name, condition, at) => {
    const { problems } = inspectCondition(condition);
    expect(problems).toEqual([{ at, message: expect.stringMatching(/JavaScript internals|plain path/) }]);
  });

  it('a var default and any argument past it are checked like any operator', () => {
    expect(inspectCondition({ var: ['answers.origin', { log: 'x' }] }).problems).toEqual([
      { at: ['var', 1, 'log'], message: expect.stringMatching(/"log" is not allowed/) },
    ]);
    expect(inspectCondition({ var: ['answers.origin', 'a', 'b'] }).problems[0]!.message).toMatch(/at most one default/);
  });

  it('paths read outside a scope are listed; numeric paths are plain data', () => {
    const { vars, problems } = inspectCondition({
      and: [{ missing: ['answers.origin'] }, { var: ['targets', []] }, { reduce: [{ var: 'targets' }, { var: 'current' }, { var: 0 }] }],
    });
    expect(problems).toEqual([]);
    expect(vars.sort()).toEqual(['0', 'answers.origin', 'targets']);
  });

  it('evaluation reads only own fields, even for a condition that skipped validation', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const view = { answers: { origin: 'ics' }, targets: [{ setBy: 'national' }] };
    expect(evaluate({ '==': [{ var: 'answers.constructor' }, null] }, view)).toBe(true);
    expect(evaluate({ '==': [{ var: 'answers.__proto__' }, null] }, view)).toBe(true);
    expect(evaluate({ '==': [{ var: 'answers.origin.constructor.name' }, 'String'] }, view)).toBe(false);
    expect(evaluate({ '==': [{ var: ['answers.toString', 'absent'] }, 'absent'] }, view)).toBe(true);
    expect(evaluate({ some: [{ var: 'targets' }, { var: 'constructor' }] }, view)).toBe(false);
    expect(evaluate({ '==': [{ var: 'answers.origin' }, 'ics'] }, view)).toBe(true);
    expect(evaluate({ '==': [{ var: 'targets.0.setBy' }, 'national'] }, view)).toBe(true);
    expect(evaluate({ in: ['answers.__proto__', { missing: ['answers.origin', 'answers.__proto__'] }] }, view)).toBe(true);
    expect(log).not.toHaveBeenCalled();
    vi.restoreAllMocks();
  });
});
