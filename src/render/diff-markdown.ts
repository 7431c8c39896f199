import type { DraftDiff } from '../engine/diff.js';
import { followedWords } from './whatif-text.js';
import { cleanLine, mdEscape as md } from './sanitize.js';

const code = (s: string) => `\`${cleanLine(s).replace(/`/g, "'")}\``;

/** `gp-change diff --format markdown`: what a revision changed, for a pull request or a board paper. */
export function renderDiffMarkdown(d: DraftDiff): string {
  const out = [`# What changed: ${md(d.new.title)}`, '', `${code(d.old.file)} to ${code(d.new.file)}`, ''];
  out.push(`**Verdict:** ${d.old.verdict.toUpperCase()} to ${d.new.verdict.toUpperCase()}`, '');
  for (const line of followedWords(d)) out.push(`${line}`, '');
  out.push('| Principle | Before | After | Change |', '| --- | --- | --- | --- |');
  for (const s of d.scores)
    out.push(
      `| ${md(s.shortTitle)} | ${s.old ?? '-'} ${s.oldBand} | ${s.new ?? '-'} ${s.newBand} | ${s.change === null ? '-' : s.change > 0 ? `+${s.change}` : s.change} |`,
    );
  out.push('', `## Answers changed (${d.answers.length})`, '');
  for (const a of d.answers) out.push(`- ${code(a.path)}: ${md(a.oldText)} to ${md(a.newText)}`);
  out.push('', `## Risks resolved (${d.resolved.length})`, '');
  for (const r of d.resolved) out.push(`- ${r.severity.toUpperCase()} ${code(r.id)} ${md(r.title)} (${md(r.where)})`);
  out.push('', `## New risks (${d.added.length})`, '');
  for (const r of d.added) out.push(`- ${r.severity.toUpperCase()} ${code(r.id)} ${md(r.title)} (${md(r.where)}, line ${r.line})`);
  if (d.changedSeverity.length) {
    out.push('', '## Severity changed', '');
    for (const r of d.changedSeverity) out.push(`- ${code(r.id)}: ${r.old} to ${r.new} (at ${md(r.where)})`);
  }
  out.push('');
  return out.join('\n');
}
