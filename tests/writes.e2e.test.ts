/**
 * Every file the program writes (PRODUCT section 11): written to a temporary file in the same folder and
 * renamed into place; an existing file replaced only with --force or the user's yes; a failed or
 * interrupted write leaving the old file as it was, no temporary file behind, and one line saying why
 * (exit 2, no stack trace). A full disk is simulated with GP_CHANGE_FAIL_WRITE (see src/io/output.ts)
 * and with /dev/full; a path under a file stands in for a folder that cannot be written (root ignores
 * permissions, so chmod would prove nothing here).
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, ROOT, run } from './helpers/cli.js';

const EXAMPLE = join(ROOT, 'examples', 'access-target.yaml');
const OTHER = join(ROOT, 'examples', 'ics-vetting.yaml');
const tmp = () => mkdtempSync(join(tmpdir(), 'gp-change-writes-'));
const OLD = 'the old report\n';

/** One line on stderr, naming the file, no stack trace. */
function expectOneLine(stderr: string, ...words: string[]): void {
  const lines = stderr.trim().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^error: /);
  for (const w of words) expect(lines[0]).toContain(w);
  expect(stderr).not.toMatch(/\n\s+at /);
}

/** Every command that writes a file, with the file given. */
const writers = (out: string): { name: string; args: string[] }[] => [
  { name: 'assess text', args: ['assess', EXAMPLE, '--output', out] },
  { name: 'assess markdown', args: ['assess', EXAMPLE, '--format', 'markdown', '--output', out] },
  { name: 'assess json', args: ['assess', EXAMPLE, OTHER, '--format', 'json', '--output', out] },
  { name: 'assess sarif', args: ['assess', EXAMPLE, '--format', 'sarif', '--output', out] },
  { name: 'assess junit', args: ['assess', EXAMPLE, OTHER, '--format', 'junit', '--output', out] },
  { name: 'assess github', args: ['assess', EXAMPLE, '--format', 'github', '--output', out] },
  { name: 'assess html', args: ['assess', EXAMPLE, '--format', 'html', '--output', out] },
  { name: 'compare', args: ['compare', EXAMPLE, OTHER, '--format', 'csv', '--output', out] },
  {
    name: 'diff',
    args: [
      'diff',
      join(ROOT, 'examples', 'same-day-hub-ics.yaml'),
      join(ROOT, 'examples', 'same-day-hub-practice.yaml'),
      '--format',
      'markdown',
      '--output',
      out,
    ],
  },
  { name: 'evidence', args: ['evidence', '--format', 'bibtex', '--output', out] },
  { name: 'evidence markdown', args: ['evidence', 'doran-2011', '--output', out] },
  { name: 'init', args: ['init', out] },
];

// Each test starts several real processes: on a busy 2-core machine that can take more than the default 20 s.
describe('an existing file is never replaced without --force', { timeout: 120_000 }, () => {
  it.each(writers('report.out'))('$name: refused in one line, exit 2, the file untouched', ({ args }) => {
    const dir = tmp();
    writeFileSync(join(dir, 'report.out'), OLD);
    const r = run(args, { cwd: dir });
    expect(r.code).toBe(2);
    expectOneLine(r.stderr, 'report.out already exists', '--force');
    expect(readFileSync(join(dir, 'report.out'), 'utf8')).toBe(OLD);
    expect(readdirSync(dir)).toEqual(['report.out']);
  });

  it.each(writers('report.out'))("$name --force: replaced atomically, keeping the file's permissions", ({ args }) => {
    const dir = tmp();
    const file = join(dir, 'report.out');
    writeFileSync(file, OLD);
    chmodSync(file, 0o640);
    const r = run([...args, '--force'], { cwd: dir });
    expect(r.code, r.stderr).toBeLessThan(2);
    expect(readFileSync(file, 'utf8')).not.toBe(OLD);
    expect(readFileSync(file, 'utf8').length).toBeGreaterThan(100);
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(['report.out']);
  });

  it('a new file needs no --force', () => {
    const dir = tmp();
    writers('x').forEach(({ name }, i) => {
      const { args } = writers(`new-${i}.out`)[i]!;
      const r = run(args, { cwd: dir });
      expect(r.code, `${name}: ${r.stderr}`).toBeLessThan(2);
      expect(existsSync(join(dir, `new-${i}.out`)), name).toBe(true);
    });
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a link to a file: the file it points to is replaced, the link stays', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'real.md'), OLD);
    symlinkSync('real.md', join(dir, 'link.md'));
    expect(run(['assess', EXAMPLE, '--format', 'markdown', '--output', 'link.md'], { cwd: dir }).code).toBe(2);
    expect(run(['assess', EXAMPLE, '--format', 'markdown', '--output', 'link.md', '--force'], { cwd: dir }).code).toBe(1);
    expect(lstatSync(join(dir, 'link.md')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'real.md'), 'utf8')).toMatch(/^# National two-week access target/);
  });

  it('a device is written to, never replaced: /dev/null needs no --force and stays a device', () => {
    const r = run(['assess', EXAMPLE, '--output', '/dev/null']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('a folder is refused in one line', () => {
    const dir = tmp();
    const r = run(['assess', EXAMPLE, '--output', '.'], { cwd: dir });
    expect(r.code).toBe(2);
    expectOneLine(r.stderr, 'it is a folder');
  });
});

describe('a failed write leaves the old file and no temporary file', { timeout: 120_000 }, () => {
  it.each(writers('report.out'))('$name with a full disk (injected): one line, exit 2, old file intact', ({ args }) => {
    const dir = tmp();
    writeFileSync(join(dir, 'report.out'), OLD);
    const r = run([...args, '--force'], { cwd: dir, env: { GP_CHANGE_FAIL_WRITE: 'ENOSPC' } });
    expect(r.code).toBe(2);
    expectOneLine(r.stderr, 'cannot write report.out', 'the disk is full', 'report.out is unchanged');
    expect(readFileSync(join(dir, 'report.out'), 'utf8')).toBe(OLD);
    expect(readdirSync(dir)).toEqual(['report.out']);
  });

  it('a new file with a full disk: nothing is left at all', () => {
    const dir = tmp();
    const r = run(['assess', EXAMPLE, '--format', 'json', '--output', 'new.json'], { cwd: dir, env: { GP_CHANGE_FAIL_WRITE: 'ENOSPC' } });
    expect(r.code).toBe(2);
    expectOneLine(r.stderr, 'cannot write new.json', 'the disk is full', 'nothing was written');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('/dev/full: the disk-full message, in one line', () => {
    for (const args of [
      ['assess', EXAMPLE, '--output', '/dev/full'],
      ['compare', EXAMPLE, OTHER, '--output', '/dev/full'],
      ['init', '/dev/full'],
    ]) {
      const r = run(args);
      expect(r.code, args[0]).toBe(2);
      expectOneLine(r.stderr, 'cannot write /dev/full', 'the disk is full');
    }
    expect(statSync('/dev/full').isCharacterDevice()).toBe(true);
  });

  it('a folder that cannot be written (a path under a file, a folder that does not exist): one line, nothing left', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'draft.yaml'), OLD);
    for (const [out, why] of [
      ['draft.yaml/report.md', 'part of the path is a file'],
      ['missing/report.md', 'the folder does not exist'],
    ] as const) {
      for (const args of [
        ['assess', EXAMPLE, '--output', out],
        ['init', out],
        ['evidence', '--output', out],
      ]) {
        const r = run(args, { cwd: dir });
        expect(r.code, `${args[0]} ${out}`).toBe(2);
        expectOneLine(r.stderr, `cannot write ${out}`, why);
      }
    }
    expect(readdirSync(dir)).toEqual(['draft.yaml']);
    expect(readFileSync(join(dir, 'draft.yaml'), 'utf8')).toBe(OLD);
  });
});

describe('an interrupted write', { timeout: 120_000 }, () => {
  let child: ReturnType<typeof spawn> | undefined;
  afterEach(() => child?.kill('SIGKILL'));

  it('Ctrl-C during a long assess --output: exit 130, the old file intact, no temporary file', async () => {
    const dir = tmp();
    const drafts = join(dir, 'drafts');
    mkdirSync(drafts);
    // Enough drafts that the run is still writing when the signal lands, even when a loaded CI machine
    // starves this test's polling for a while (with 3,000 it sometimes finished first).
    for (let i = 0; i < 12000; i++) copyFileSync(EXAMPLE, join(drafts, `d${String(i).padStart(5, '0')}.yaml`));
    writeFileSync(join(dir, 'report.json'), OLD);
    child = spawn(process.execPath, [BIN, 'assess', 'drafts', '--format', 'json', '--output', 'report.json', '--force'], {
      cwd: dir,
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => child!.on('exit', (code) => resolve(code)));
    const temp = () => readdirSync(dir).find((f) => f.endsWith('.tmp'));
    const until = Date.now() + 20000;
    while (!temp() && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
    expect(temp(), 'the temporary file appears while the run writes').toBeDefined();
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(readFileSync(join(dir, 'report.json'), 'utf8')).toBe(OLD);
    expect(readdirSync(dir).sort()).toEqual(['drafts', 'report.json']);
  });
});

// ---------------------------------------------------------------------------------------------------
// At a terminal the user is asked instead. `script` gives the program a pseudo-terminal.

const HAS_SCRIPT = spawnSync('script', ['--version']).status === 0;

/** Runs the binary in a pseudo-terminal, answers `answer` when asked to replace, and returns the exit code. */
async function inTerminal(args: string[], cwd: string, answer: string): Promise<{ code: number; screen: string }> {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const cmd = `${[process.execPath, BIN, ...args].map(quote).join(' ')}; echo "__EXIT=$?"`;
  const p = spawn('script', ['-qec', cmd, '/dev/null'], { cwd, env: { ...process.env, GP_CHANGE_TODAY: '2026-11-23' } });
  let screen = '';
  let answered = false;
  p.stdout.on('data', (d: Buffer) => {
    screen += d.toString();
    if (!answered && screen.includes('Replace it?')) {
      answered = true;
      p.stdin.write(`${answer}\r`);
    }
  });
  await new Promise((resolve) => p.on('exit', resolve));
  const code = /__EXIT=(\d+)/.exec(screen)?.[1];
  return { code: code === undefined ? -1 : Number(code), screen };
}

describe.skipIf(!HAS_SCRIPT)('at a terminal, the user is asked', { timeout: 120_000 }, () => {
  it.each([
    { name: 'assess', args: ['assess', EXAMPLE, '--format', 'markdown', '--output', 'report.md'] },
    { name: 'init', args: ['init', 'report.md'] },
  ])('$name: "n" keeps the file (exit 2), "y" replaces it', async ({ args }) => {
    const dir = tmp();
    writeFileSync(join(dir, 'report.md'), OLD);
    const no = await inTerminal(args, dir, 'n');
    expect(no.screen).toContain('report.md already exists. Replace it?');
    expect(no.screen).toContain('kept report.md as it was; nothing was written');
    expect(no.code).toBe(2);
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toBe(OLD);
    const yes = await inTerminal(args, dir, 'y');
    expect(yes.code, yes.screen).toBeLessThan(2);
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).not.toBe(OLD);
    expect(readdirSync(dir)).toEqual(['report.md']);
  });
});
