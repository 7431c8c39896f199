// `npm run bench`: start-up and throughput against PRODUCT section 10's budgets, as ratios to `node -e 0`
// timed alternately in the same run (these machines are noisy; absolute times mean little).
// A benchmark, not a test: CI does not run it. Exits 1 when a budget is missed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDrafts } from './drafts.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'gp-change.cjs');
const pairs = Number(process.env.BENCH_PAIRS ?? 15);
const one = join(
  root,
  'examples',
  existsSync(join(root, 'examples', 'access-target.yaml')) ? 'access-target.yaml' : '../tests/fixtures/cli/imposed.yaml',
);
const env = { ...process.env, NO_COLOR: '1' };

function time(cmd, args) {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const twenty = join(root, 'bench', 'fixtures', 'national-contract.yaml');
const local = join(root, 'bench', 'fixtures', 'local-rulebook-draft.yaml');
// The compiled local rulebook is kept in a cache folder of the bench's own, so "second run" means this run's.
const cacheDir = join(tmpdir(), `gp-change-bench-cache-${process.pid}`);
env.GP_CHANGE_CACHE_DIR = cacheDir;
rmSync(cacheDir, { recursive: true, force: true });
const startup = [
  { what: 'gp-change --version', args: [bin, '--version'], budget: 1.3 },
  { what: 'assess one.yaml --format json', args: [bin, 'assess', one, '--format', 'json'], budget: 1.6 },
  { what: 'assess one.yaml (terminal report)', args: [bin, 'assess', one], budget: 2.0 },
  { what: 'assess a 20-target draft --format json', args: [bin, 'assess', twenty, '--format', 'json'], budget: 1.6 },
  { what: 'assess a local-rulebook draft --format json (second run on)', args: [bin, 'assess', local, '--format', 'json'], budget: 2.0 },
];
const rows = [];
let missed = false;
for (const c of startup) {
  for (let i = 0; i < 3; i++) {
    time(process.execPath, ['-e', '0']);
    time(process.execPath, c.args);
  }
  const base = [];
  const cmd = [];
  const ratios = [];
  for (let i = 0; i < pairs; i++) {
    const b = time(process.execPath, ['-e', '0']);
    const m = time(process.execPath, c.args);
    base.push(b);
    cmd.push(m);
    ratios.push(m / b);
  }
  const ratio = median(ratios);
  const ok = ratio <= c.budget;
  missed ||= !ok;
  rows.push([
    c.what,
    `${median(cmd).toFixed(0)} ms vs ${median(base).toFixed(0)} ms`,
    `${ratio.toFixed(2)} x`,
    `<= ${c.budget} x`,
    ok ? 'ok' : 'MISSED',
  ]);
}

/**
 * Assesses n generated drafts into a JSON file, `runs` times over the same drafts (each run a fresh
 * output file, as in CI): the median wall time, and the largest peak memory.
 */
function batch(n, runs, { rulebook } = {}) {
  const dir = join(root, 'bench', `.batch-${n}${rulebook ? '-local' : ''}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // Drafts a rulebook names must lie inside the project, so local-rulebook batches are written under bench/.
  generateDrafts(n, dir, 42, { mix: true, ...(rulebook ? { rulebook } : {}) });
  const out = join(dir, '..', `gp-change-bench-${n}.json`);
  const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
  const args = [bin, 'assess', dir, '--format', 'json', '--output', out];
  const times = [];
  let mib = NaN;
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    rmSync(out, { force: true });
    const start = process.hrtime.bigint();
    const r = timeBin
      ? spawnSync(timeBin, ['-f', '%M', process.execPath, ...args], { cwd: root, env, encoding: 'utf8' })
      : spawnSync(process.execPath, args, { cwd: root, env, encoding: 'utf8' });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (r.status !== 0 && r.status !== 1) throw new Error(`assess over ${n} drafts exited ${r.status}: ${r.stderr.slice(0, 500)}`);
    if (timeBin) mib = Math.max(Number.isNaN(mib) ? 0 : mib, Number(r.stderr.trim().split('\n').pop()) / 1024);
    const text = readFileSync(out, 'utf8');
    bytes = Buffer.byteLength(text);
    const doc = JSON.parse(text);
    if (doc.assessments.length !== n) throw new Error(`expected ${n} assessments, got ${doc.assessments.length}`);
  }
  rmSync(dir, { recursive: true, force: true });
  rmSync(out, { force: true });
  return { ms: median(times), mib, runs, kbPerDraft: bytes / n / 1024 };
}

const k1 = batch(1000, Number(process.env.BENCH_BATCH_RUNS ?? 5));
const k10 = batch(10000, 1);
const localRulebook = batch(1000, 3, { rulebook: '../../examples/rulebooks/pcn-local-measures.yaml' });
const linear = k10.ms / k1.ms;
const checks = [
  [
    `assess 1,000 mixed drafts --format json (median of ${k1.runs})`,
    `${k1.ms.toFixed(0)} ms wall, ${k1.mib.toFixed(0)} MiB peak`,
    `${(k1.ms / 1000).toFixed(2)} s`,
    '<= 1.0 s',
    k1.ms <= 1000,
  ],
  [
    'JSON output per draft (1,000 mixed drafts)',
    `${((k1.kbPerDraft * 1000) / 1024).toFixed(1)} MB for 1,000 drafts`,
    `${k1.kbPerDraft.toFixed(1)} KB`,
    '<= 8 KB',
    k1.kbPerDraft <= 8,
  ],
  [
    'assess 1,000 mixed drafts, each naming a local rulebook (median of 3)',
    `${localRulebook.ms.toFixed(0)} ms wall, ${localRulebook.mib.toFixed(0)} MiB peak`,
    `${(localRulebook.ms / 1000).toFixed(2)} s`,
    '(reported)',
    true,
  ],
  ['assess 10,000 drafts: time / 1,000-draft time', `${k10.ms.toFixed(0)} ms wall`, `${linear.toFixed(1)} x`, '<= 11 x', linear <= 11],
  [
    'assess 10,000 drafts: peak memory',
    `${k10.mib.toFixed(0)} MiB`,
    `${k10.mib.toFixed(0)} MiB`,
    '<= 150 MiB',
    Number.isNaN(k10.mib) || k10.mib <= 150,
  ],
];
for (const [what, measured, value, budget, ok] of checks) {
  missed ||= !ok;
  rows.push([what, measured, value, budget, ok ? 'ok' : 'MISSED']);
}

const head = ['what', 'measured (median)', 'value', 'budget', ''];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log(line(head));
console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`);
for (const r of rows) console.log(line(r));
console.log(
  `\n${pairs} alternating pairs per start-up command after 3 warm-up pairs; node ${process.version}; ${process.env.BENCH_NOTE ?? ''}`,
);
rmSync(cacheDir, { recursive: true, force: true });
if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, JSON.stringify(rows, null, 2));
process.exit(missed ? 1 : 0);
