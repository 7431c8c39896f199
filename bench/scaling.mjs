// `npm run bench:scaling`: how the cost of `assess --format json` grows with the number of drafts,
// targets per draft, and questions in a local rulebook (three sizes each). Prints a markdown table.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDrafts } from './drafts.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'gp-change.cjs');
const runs = Number(process.env.BENCH_RUNS ?? 3);

function timeAssess(dir, extra = []) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(
      process.execPath,
      [bin, 'assess', dir, '--format', 'json', '--output', join(dir, '..', 'out.json'), '--force', ...extra],
      { cwd: root, encoding: 'utf8' },
    );
    if (r.status !== 0 && r.status !== 1) throw new Error(r.stderr.slice(0, 400));
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return Math.min(...times);
}

function fresh(name) {
  const dir = join(tmpdir(), `gp-scaling-${name}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'drafts'), { recursive: true });
  return dir;
}

const rows = [];
for (const n of [100, 1000, 10000]) {
  const dir = fresh(`drafts-${n}`);
  generateDrafts(n, join(dir, 'drafts'), 7);
  const ms = timeAssess(join(dir, 'drafts'));
  rows.push(['drafts', n, ms, ms / n]);
  rmSync(dir, { recursive: true, force: true });
}
for (const t of [0, 5, 20]) {
  const dir = fresh(`targets-${t}`);
  generateDrafts(1000, join(dir, 'drafts'), 7, { targets: [t, t] });
  const ms = timeAssess(join(dir, 'drafts'));
  rows.push(['targets per draft (1,000 drafts)', t, ms, ms / 1000]);
  rmSync(dir, { recursive: true, force: true });
}
for (const q of [0, 20, 100]) {
  const dir = fresh(`questions-${q}`);
  generateDrafts(1000, join(dir, 'drafts'), 7);
  const questions = Array.from(
    { length: q },
    (_, i) =>
      `      - { id: local-${i}, prompt: "Local measure ${i}?", weight: 1, options: [{ id: good, label: Good, score: 100 }, { id: bad, label: Bad, score: 0 }] }`,
  );
  writeFileSync(
    join(dir, 'rulebook.yaml'),
    `id: scaling\nversion: 1.0.0\ntitle: Scaling\nextends: builtin\n${q ? `principles:\n  soft-stuff:\n    questions:\n${questions.join('\n')}\n` : ''}`,
  );
  // Every draft answers every local question.
  for (const f of readdirSync(join(dir, 'drafts'))) {
    const p = join(dir, 'drafts', f);
    const extra = Array.from({ length: q }, (_, i) => `  local-${i}: ${i % 2 ? 'good' : 'bad'}`).join('\n');
    writeFileSync(p, readFileSync(p, 'utf8').replace(/^answers:\n/m, `answers:\n${extra}${q ? '\n' : ''}`));
  }
  const ms = timeAssess(join(dir, 'drafts'), ['--rulebook', join(dir, 'rulebook.yaml')]);
  rows.push(['local questions (1,000 drafts)', q, ms, ms / 1000]);
  rmSync(dir, { recursive: true, force: true });
}
console.log('| grows with | size | wall time (best of ' + runs + ') | per draft |');
console.log('| --- | --- | --- | --- |');
for (const [what, size, ms, per] of rows)
  console.log(`| ${what} | ${size.toLocaleString('en-GB')} | ${(ms / 1000).toFixed(2)} s | ${per.toFixed(2)} ms |`);
