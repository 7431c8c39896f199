import type { DraftDiff } from '../engine/diff.js';
import { followedWords } from './whatif-text.js';
import { cleanLine, mdEscape as md } from './sanitize.js';

const code = (s: string) => `\`${cleanLine(s).replace(/`/g, "'")}\``;

/** `gp-change diff --format markdown`: what a revision changed, for a pull request or a board paper. */
export function renderDiffMarkdown(d: DraftDiff): string {
  const out = [`# What changed: ${md(d.new.title)}`, '', `${code(d.old.file)} to ${code(d.new.file)}`, ''];
  out.push(
    `**Verdict:** ${d.old.verdict === d.new.verdict ? `${d.new.verdict.toUpperCase()} (unchanged)` : `${d.old.verdict.toUpperCase()} to ${d.new.verdict.toUpperCase()}`}${d.worse ? ' (worse)' : ''}`,
    '',
  );
  if (d.movedBy.length) out.push(`**Moved by:** ${d.movedBy.map(md).join('; ')}.`, '');
  out.push(`**Now:** ${md(d.new.reason)}.`, '');
  for (const line of followedWords(d)) out.push(`${line}`, '');
  out.push('| Principle | Before | After | Change |', '| --- | --- | --- | --- |');
  for (const s of d.scores)
    out.push(
      `| ${md(s.shortTitle)} | ${s.old ?? '-'} ${s.oldBand} | ${s.new ?? '-'} ${s.newBand} | ${s.change === null ? '-' : s.change > 0 ? `+${s.change}` : s.change} |`,
    );
  out.push('', `## New risks (${d.added.length})`, '');
  for (const r of d.added)
    out.push(`- ${r.severity.toUpperCase()}: ${md(r.title)}${r.accepted ? ' (accepted)' : ''}, ${md(r.where)} (line ${r.line})`);
  out.push('', `## Risks resolved (${d.resolved.length})`, '');
  for (const r of d.resolved) out.push(`- ${r.severity.toUpperCase()}: ${md(r.title)}, ${md(r.where)}`);
  if (d.changedSeverity.length) {
    out.push('', '## Severity changed', '');
    for (const r of d.changedSeverity) out.push(`- ${md(r.title)}: ${r.old} to ${r.new} (${md(r.where)})`);
  }
  out.push('', `## Answers changed (${d.answers.length})`, '');
  for (const a of d.answers) out.push(`- ${md(a.label)} ${md(a.oldText)} to ${md(a.newText)}`);
  out.push('');
  return out.join('\n');
}
