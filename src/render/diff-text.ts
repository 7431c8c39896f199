import type { ChalkInstance } from 'chalk';
import type { DraftDiff } from '../engine/diff.js';
import { cleanLine } from './sanitize.js';
import { bar, wrap } from './wrap.js';
import { followedWords } from './whatif-text.js';

/** `gp-change diff` in the terminal. */
export function renderDiffText(d: DraftDiff, { chalk: c, width }: { chalk: ChalkInstance; width: number }): string {
  const out: string[] = [];
  out.push(c.bold(`${cleanLine(d.old.file)} -> ${cleanLine(d.new.file)}`));
  const verdict =
    d.old.verdict === d.new.verdict
      ? `${d.new.verdict.toUpperCase()} (unchanged)`
      : `${d.old.verdict.toUpperCase()} -> ${d.new.verdict.toUpperCase()}`;
  out.push(`Verdict: ${c.bold(verdict)}`);
  for (const line of followedWords(d)) out.push(`  ${wrap(line, width, 2)}`);
  out.push('');
  out.push(c.bold('Scores'));
  for (const s of d.scores) {
    const change = s.change === null ? '' : s.change > 0 ? c.green(` +${s.change}`) : s.change < 0 ? c.red(` ${s.change}`) : ' =';
    out.push(
      `  ${s.shortTitle.padEnd(24)} ${bar(s.old, 10)} ${String(s.old ?? '--').padStart(3)} -> ${bar(s.new, 10)} ${String(s.new ?? '--').padStart(3)}${change}${s.oldBand !== s.newBand ? `  (${s.oldBand} -> ${s.newBand})` : ''}`,
    );
  }
  out.push('', c.bold(`Answers changed (${d.answers.length})`));
  for (const a of d.answers) out.push(`  ${wrap(`${a.path}: ${cleanLine(a.oldText)} -> ${cleanLine(a.newText)}`, width, 4)}`);
  out.push('', c.bold(`Risks resolved (${d.resolved.length})`));
  for (const r of d.resolved) out.push(c.green(`  ${r.severity.toUpperCase().padEnd(7)} ${r.id}  ${cleanLine(r.where)}`));
  out.push('', c.bold(`New risks (${d.added.length})`));
  for (const r of d.added)
    out.push(c.red(`  ${r.severity.toUpperCase().padEnd(7)} ${r.id}  ${cleanLine(d.new.file)}:${r.line}  ${cleanLine(r.where)}`));
  if (d.changedSeverity.length) {
    out.push('', c.bold('Severity changed'));
    for (const r of d.changedSeverity) out.push(`  ${r.id}: ${r.old} -> ${r.new}  (at ${cleanLine(r.where)})`);
  }
  return `${out.join('\n')}\n`;
}
