// Generates varied, valid drafts from the built-in rulebook for the throughput benchmark.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function rng(seed) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s ^ (s >>> 15), 1 | s) + 0x6d2b79f5) >>> 0) / 2 ** 32;
}

/**
 * The mix of list sizes in drafts people write (issue 20): most local schemes name no target or a few,
 * national schemes 3 to 20, and incentives are fewer. Each entry is [entries, share]; shares add to 1.
 * Mean: 4.5 targets and 1.0 incentive a draft.
 */
export const MIX = {
  targets: [
    [0, 0.4],
    [3, 0.3],
    [8, 0.2],
    [20, 0.1],
  ],
  incentives: [
    [0, 0.4],
    [1, 0.3],
    [2, 0.2],
    [3, 0.1],
  ],
};

/**
 * options.targets [min, max]: every list (targets, incentives) holds that many entries, uniformly;
 * options.mix: list sizes drawn from MIX instead; options.rulebook: each draft names that local rulebook.
 */
export function generateDrafts(n, dir, seed = 1, { targets = [0, 3], mix = false, rulebook } = {}) {
  const rb = JSON.parse(readFileSync(join(root, 'src', 'generated', 'builtin-rulebook.json'), 'utf8'));
  const r = rng(seed);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const q = (s) => JSON.stringify(s);
  const weighted = (table) => {
    let x = r();
    for (const [size, share] of table) if ((x -= share) < 0) return size;
    return table[table.length - 1][0];
  };
  const sizeOf = (list) => (mix && MIX[list.id] ? weighted(MIX[list.id]) : Math.floor(r() * (targets[1] - targets[0] + 1)) + targets[0]);
  for (let i = 0; i < n; i++) {
    const lines = [
      'gpChange: 1',
      `title: ${q(`Generated change ${i}`)}`,
      ...(rulebook ? [`rulebook: ${q(rulebook)}`] : []),
      `assessor: { role: ${pick(rb.roles).id} }`,
      `scope: ${pick(rb.scopes).id}`,
      'answers:',
    ];
    for (const p of rb.principles)
      for (const question of p.questions) {
        const v = r() < 0.15 ? 'unknown' : pick(question.options).id;
        lines.push(`  ${question.id}: ${q(v)}`);
      }
    for (const list of rb.lists) {
      const count = sizeOf(list);
      lines.push(`${list.id}:${count ? '' : ' []'}`);
      for (let k = 0; k < count; k++) {
        list.fields.forEach((f, j) => {
          const value =
            f.type === 'choice' ? q(pick(f.options).id) : f.type === 'text-list' ? '[]' : q(`${list.item} ${k + 1} of draft ${i}`);
          lines.push(`  ${j ? ' ' : '-'} ${f.id}: ${value}`);
        });
      }
    }
    lines.push('skills:');
    for (const a of rb.skills.areas) lines.push(`  ${a.id}: ${q(pick(rb.skills.levels).id)}`);
    writeFileSync(join(dir, `draft-${String(i).padStart(5, '0')}.yaml`), `${lines.join('\n')}\n`);
  }
}
