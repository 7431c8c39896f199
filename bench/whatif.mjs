// `node bench/whatif.mjs`: `gp-change whatif` on drafts with 20 targets and 0-3 incentives, timed as whole
// processes against a plain `assess` of the same draft (issue 19's budget: at most 2 x), alternating the
// two in the same run. A benchmark, not a test: CI does not run it. Exits 1 when the budget is missed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { generateDrafts } from './drafts.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'gp-change.cjs');
const pairs = Number(process.env.BENCH_PAIRS ?? 7);
const drafts = Number(process.env.BENCH_DRAFTS ?? 6);
const dir = join(tmpdir(), 'gp-change-bench-whatif');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
generateDrafts(drafts, dir, 19, { targets: [20, 20] });
// The bench's own 20-target draft (bench/run.mjs) first, then generated ones.
const files = [join(root, 'bench', 'fixtures', 'national-contract.yaml')];
readdirSync(dir).forEach((f, i) => {
  const file = join(dir, f);
  const d = parse(readFileSync(file, 'utf8'));
  d.incentives = d.incentives.slice(0, i % 4);
  writeFileSync(file, stringify(d));
  files.push(file);
});

const env = { ...process.env, NO_COLOR: '1' };
function time(args) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const kinds = [
  { what: 'whatif vs assess --format json', cmd: (f) => [bin, 'whatif', f], base: (f) => [bin, 'assess', f, '--format', 'json'] },
  { what: 'whatif vs assess --no-whatif', cmd: (f) => [bin, 'whatif', f], base: (f) => [bin, 'assess', f, '--no-whatif'] },
  { what: 'assess (with its section) vs --no-whatif', cmd: (f) => [bin, 'assess', f], base: (f) => [bin, 'assess', f, '--no-whatif'] },
];
let missed = false;
for (const k of kinds) {
  const ratios = [];
  const [a, b] = [[], []];
  for (const f of files) {
    time(k.base(f));
    time(k.cmd(f));
    for (let i = 0; i < pairs; i++) {
      const x = time(k.base(f));
      const y = time(k.cmd(f));
      a.push(x);
      b.push(y);
      ratios.push(y / x);
    }
  }
  const ratio = median(ratios);
  const perDraft = files.map((_, j) => median(ratios.slice(j * pairs, (j + 1) * pairs)));
  const worst = Math.max(...perDraft);
  if (k.what.startsWith('whatif') && ratio > 2) missed = true;
  console.log(
    `${k.what.padEnd(42)} ${median(b).toFixed(0)} ms vs ${median(a).toFixed(0)} ms  median ${ratio.toFixed(2)} x, national-contract ${perDraft[0].toFixed(2)} x, worst draft ${worst.toFixed(2)} x`,
  );
}
rmSync(dir, { recursive: true, force: true });
process.exit(missed ? 1 : 0);
