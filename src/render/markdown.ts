import type { Assessment, Finding } from '../engine/assessment.js';
import { SEVERITIES } from '../rulebook/severity.js';
import { cleanLine, mdEscape } from './sanitize.js';
import { whatIfMarkdown } from './whatif-report.js';
import { bar } from './wrap.js';
import { severityChange } from './phrases.js';
import { evidenceLine, type EvidenceStyle } from './evidence-line.js';
import { rulebookLabel } from '../engine/citations.js';
import { TOO_FEW_ANSWERS } from '../engine/assessment.js';

const md = (s: string) => mdEscape(s);
/** The evidence line in markdown: escaped, with where a study appeared in italics. */
export const MARKDOWN_EVIDENCE: EvidenceStyle = { escape: md, container: (c) => `*${c}*` };
/** A code span: markdown does not undo escapes inside backticks, so user text is only made safe, not escaped. */
const code = (s: string) => `\`${cleanLine(s).replace(/`/g, "'")}\``;

/** The markdown report for one assessment: for sharing with a board, or a CI job summary. */
export function renderMarkdown(a: Assessment): string {
  const out: string[] = [];
  out.push(`# ${md(a.title)}`);
  out.push('');
  out.push(`${md(a.role.label)} · rulebook ${md(a.rulebook.id)} ${md(a.rulebook.version)} · ${a.date} · ${code(a.file)}`);
  if (a.summary) out.push('', md(a.summary));
  out.push('');
  out.push(`**Verdict: ${a.verdict.level.toUpperCase()}** - ${md(a.verdict.reason)}`);
  out.push('');
  out.push('| # | Principle | Score | Band | Answered |');
  out.push('| --- | --- | --- | --- | --- |');
  for (const p of a.principles) {
    const extras = [
      ...p.lists.filter((l) => l.count).map((l) => `${l.count} ${l.item}${l.count === 1 ? '' : 's'}`),
      ...(p.skills ? [`skills ${p.skills.known}/${p.skills.total} known`] : []),
    ];
    out.push(
      `| ${p.number} | ${md(p.title)} | \`${bar(p.score)}\` ${p.score ?? '-'} | ${!p.applicable ? 'not applicable' : p.provisional ? TOO_FEW_ANSWERS : p.band} | ${p.coverage.answered} of ${p.coverage.asked}${extras.length ? `; ${extras.join(', ')}` : ''} |`,
    );
  }
  out.push('');
  if (a.whatif) out.push(...whatIfMarkdown(a.whatif, a.file));
  out.push('## Risks');
  out.push('');
  if (!a.findings.length) out.push('No risks found.', '');
  for (const severity of SEVERITIES) {
    for (const f of a.findings.filter((x) => x.severity === severity)) out.push(...finding(f, a));
  }
  if (a.staleAcknowledgements.length) {
    out.push('## Stale acknowledgements', '');
    for (const s of a.staleAcknowledgements) out.push(`- ${code(`${s.location.file}:${s.location.line}`)} ${md(s.message)}`);
    out.push('');
  }
  if (a.toFindOut.length) {
    out.push('## To find out', '');
    for (const u of a.toFindOut) out.push(`- ${code(u.path)}: ${md(u.label)}`);
    out.push('');
  }
  out.push(
    `> ${md(a.caveat)} Rulebook: ${md(a.rulebook.title)} (${md(rulebookLabel(a.rulebook))}).${a.rulebook.disabledRisks?.length ? ` Risks it switches off: ${a.rulebook.disabledRisks.map((d) => md(d.id)).join(', ')}.` : ''}`,
  );
  out.push('');
  if (a.references.length) {
    out.push('## References', '');
    for (const r of a.references) out.push(`- ${md(r.full)}`);
    out.push('');
  }
  return out.join('\n');
}

function finding(f: Finding, a: Assessment): string[] {
  const lines: string[] = [];
  const accepted = f.acknowledged ? ' (accepted)' : '';
  const entry = f.entry ? ` - ${md(f.entry.list)}: "${md(f.entry.name)}"` : '';
  lines.push(`### ${f.severity.toUpperCase()}: ${md(f.title)} (\`${f.id}\`)${accepted}`);
  lines.push('');
  lines.push(`${code(`${f.location.file}:${f.location.line}:${f.location.col}`)}${entry}`);
  lines.push('');
  lines.push(md(f.explanation));
  const change = severityChange(f);
  if (change) lines.push('', `*${md(change)}*`);
  lines.push('');
  lines.push(`**Evidence:** ${evidenceLine(f.evidence, MARKDOWN_EVIDENCE)}`);
  lines.push('');
  if (f.advice) lines.push(`**${md(a.role.audience)}:** ${md(f.advice)}`, '');
  for (const act of f.actions) lines.push(`- ${md(act.text)}`);
  if (f.actions.length) lines.push('');
  if (f.acknowledged) {
    const who = [f.acknowledged.by, f.acknowledged.until ? `until ${f.acknowledged.until}` : ''].filter(Boolean).join(', ');
    lines.push(`**Accepted${who ? ` (${md(who)})` : ''}:** ${md(f.acknowledged.reason)}`, '');
  }
  return lines;
}
