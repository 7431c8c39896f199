import type { Assessment } from '../engine/assessment.js';
import { findOutQuestions, firstActions, guideBullets, placeWords, position, riskGroups, whereShort, type RiskGroup } from './summary.js';
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

export interface MarkdownOptions {
  /** False in a batch, whose document lists the references once at its end (markdownReferences). */
  references?: boolean;
  /** Heading level of the draft's title: 1 alone, 2 inside a batch document. */
  level?: 1 | 2;
}

/** The markdown report for one assessment: for sharing with a board, or a CI job summary. Decision first, then details. */
export function renderMarkdown(a: Assessment, { references = true, level = 1 }: MarkdownOptions = {}): string {
  const h = (n: number) => '#'.repeat(n + level - 1);
  const out: string[] = [];
  out.push(`${h(1)} ${md(a.title)}`);
  out.push('');
  out.push(
    `${md(a.role.label)}${a.assessor ? ` · assessed by ${md(a.assessor)}` : ''} · rulebook ${md(a.rulebook.id)} ${md(a.rulebook.version)} · ${a.date} · ${code(a.file)}`,
  );
  if (a.summary) out.push('', md(a.summary));
  out.push('');
  out.push(`**Verdict: ${a.verdict.level.toUpperCase()}** - ${md(a.verdict.reason)}`);
  out.push('');
  const groups = riskGroups(a);
  const first = firstActions(groups);
  if (first.length) {
    out.push(`${h(2)} Do these first`, '');
    first.forEach((f, i) => out.push(`${i + 1}. ${md(f.advice)}`));
    out.push('');
  }
  out.push(`${h(2)} Risks`, '');
  if (!groups.length) out.push('No risks found.', '');
  else {
    out.push('| Severity | Risk | Where |', '| --- | --- | --- |');
    for (const g of groups)
      out.push(`| ${sentence(g.severity)} | ${md(g.title)}${g.acknowledged ? ' (accepted)' : ''} | ${md(whereShort(g))} |`);
    out.push('');
  }
  if (a.staleAcknowledgements.length) {
    out.push(`${h(2)} Stale acknowledgements`, '');
    for (const s of a.staleAcknowledgements) out.push(`- line ${s.location.line}: ${md(s.message)}`);
    out.push('');
  }
  const questions = findOutQuestions(a);
  if (questions.length) {
    out.push(`${h(2)} To find out`, '');
    for (const q of questions) out.push(`- ${md(q)}`);
    out.push('');
  }
  out.push(`${h(2)} Principles`, '');
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
  out.push(`> ${md(a.caveat)}`, '');
  if (groups.length) {
    out.push(`${h(2)} Risks in detail`, '');
    for (const g of groups) out.push(...groupDetail(g, a, h(3)));
  }
  const bullets = guideBullets(groups);
  if (bullets.length) {
    out.push(`${h(2)} From the guide, ${md(a.role.audience.replace(/^For /, 'for '))}`, '');
    for (const b of bullets) out.push(`- ${md(b.text)}`);
    out.push('');
  }
  out.push(
    `Rulebook: ${md(a.rulebook.title)} (${md(rulebookLabel(a.rulebook))}).${a.rulebook.disabledRisks?.length ? ` Risks it switches off: ${a.rulebook.disabledRisks.map((d) => md(d.id)).join(', ')}.` : ''}`,
  );
  out.push('');
  if (references && a.references.length) out.push(markdownReferences(a.references, h(2)));
  return out.join('\n');
}

/** The reference list, once per document. */
export function markdownReferences(refs: readonly { full: string }[], heading = '##'): string {
  return [`${heading} References`, '', ...refs.map((r) => `- ${md(r.full)}`), ''].join('\n');
}

const sentence = (s: string) => s[0]!.toUpperCase() + s.slice(1);

function groupDetail(g: RiskGroup, a: Assessment, heading: string): string[] {
  const lines: string[] = [];
  const lead = g.findings[0]!;
  lines.push(`${heading} ${sentence(g.severity)}: ${md(g.title)}${g.acknowledged ? ' (accepted)' : ''}`, '');
  for (const f of g.findings) {
    const place = placeWords(f);
    const sev = g.findings.length > 1 && f.severity !== g.severity ? ` (${f.severity})` : '';
    lines.push(`- ${code(position(f.location))}${place ? ` ${md(place)}` : ''}${sev}`);
  }
  lines.push('');
  lines.push(md(lead.explanation));
  for (const change of new Set(g.findings.map((f) => severityChange(f)).filter(Boolean))) lines.push('', `*${md(change!)}*`);
  lines.push('');
  lines.push(`**Evidence:** ${evidenceLine(lead.evidence, MARKDOWN_EVIDENCE)}`);
  lines.push('');
  if (lead.advice) lines.push(`**${md(a.role.audience)}:** ${md(lead.advice)}`, '');
  if (g.acknowledged) {
    const ack = g.acknowledged;
    const who = [ack.by, ack.until ? `until ${ack.until}` : ''].filter(Boolean).join(', ');
    lines.push(`**Accepted${who ? ` (${md(who)})` : ''}:** ${md(ack.reason)}`, '');
  }
  return lines;
}
