import type { ChalkInstance } from 'chalk';
import type { DraftDiff } from '../engine/diff.js';
import { cleanLine } from './sanitize.js';
import { bar, wrap } from './wrap.js';
import { followedWords } from './whatif-text.js';

/** `gp-change diff` in the terminal: the verdict and what moved it first, then scores, answers and risks in words. */
export function renderDiffText(d: DraftDiff, { chalk: c, width }: { chalk: ChalkInstance; width: number }): string {
  const out: string[] = [];
  out.push(c.bold(wrap(cleanLine(d.new.title), width, 0)));
  out.push(c.dim(wrap(`${cleanLine(d.old.file)} -> ${cleanLine(d.new.file)}`, width, 0)));
  const moved = d.old.verdict !== d.new.verdict;
  const verdict = moved ? `${d.old.verdict.toUpperCase()} -> ${d.new.verdict.toUpperCase()}` : `${d.new.verdict.toUpperCase()} (unchanged)`;
  out.push('', `Verdict: ${d.worse ? c.red.bold(verdict) : c.bold(verdict)}`);
  if (d.movedBy.length) out.push(`  ${wrap(`Moved by: ${d.movedBy.map(cleanLine).join('; ')}.`, width, 4)}`);
  out.push(`  ${wrap(`Now: ${cleanLine(d.new.reason)}.`, width, 4)}`);
  for (const line of followedWords(d)) out.push(`  ${wrap(line, width, 4)}`);
  out.push('', c.bold('Scores'));
  const name = Math.max(...d.scores.map((s) => s.shortTitle.length)) + 2;
  for (const s of d.scores) {
    const change = s.change === null ? '' : s.change > 0 ? c.green(` +${s.change}`) : s.change < 0 ? c.red(` ${s.change}`) : ' =';
    out.push(
      `  ${s.shortTitle.padEnd(name)} ${bar(s.old, 10)} ${String(s.old ?? '--').padStart(3)} -> ${bar(s.new, 10)} ${String(s.new ?? '--').padStart(3)}${change}${s.oldBand !== s.newBand ? `  (${s.oldBand} -> ${s.newBand})` : ''}`,
    );
  }
  out.push('', c.bold(`New risks (${d.added.length})`));
  for (const r of d.added)
    out.push(
      c.red(
        `  ${r.severity.toUpperCase().padEnd(7)} ${wrap(`${cleanLine(r.title)}${r.accepted ? ' (accepted)' : ''}, ${cleanLine(r.where)} (line ${r.line})`, width, 10)}`,
      ),
    );
  out.push('', c.bold(`Risks resolved (${d.resolved.length})`));
  for (const r of d.resolved)
    out.push(c.green(`  ${r.severity.toUpperCase().padEnd(7)} ${wrap(`${cleanLine(r.title)}, ${cleanLine(r.where)}`, width, 10)}`));
  if (d.changedSeverity.length) {
    out.push('', c.bold('Severity changed'));
    for (const r of d.changedSeverity)
      out.push(`  ${wrap(`${cleanLine(r.title)}: ${r.old} -> ${r.new} (${cleanLine(r.where)})`, width, 4)}`);
  }
  out.push('', c.bold(`Answers changed (${d.answers.length})`));
  for (const a of d.answers) out.push(`  ${wrap(`${cleanLine(a.label)} ${cleanLine(a.oldText)} -> ${cleanLine(a.newText)}`, width, 4)}`);
  return `${out.join('\n')}\n`;
}
