import type { Comparison } from '../engine/compare.js';
import { differingTitles, respondentLabels, rolesCounted } from './respondents.js';
import { cleanLine, mdEscape as md } from './sanitize.js';
import { bar } from './wrap.js';
import { GAP_MARK_LEGEND } from './phrases.js';
import { evidenceLine } from './evidence-line.js';
import { MARKDOWN_EVIDENCE } from './markdown.js';

// In a GitHub table a "|" ends the cell even inside a code span, unless escaped.
const code = (s: string) => `\`${cleanLine(s).replace(/`/g, "'").replace(/\|/g, '\\|')}\``;

/** `gp-change compare --format markdown`: to share with a board or a PCN meeting. */
export function renderCompareMarkdown(c: Comparison): string {
  const out: string[] = [`# ${c.title ? md(c.title) : `Comparison of ${c.drafts.length} drafts`}`, ''];
  if (c.title) out.push(`Comparison of ${c.drafts.length} drafts.`, '');
  out.push(
    `| draft | title | role | verdict | ${c.principles.map((p) => `${p.number} ${md(p.shortTitle)}`).join(' | ')} | high / medium / low risks |`,
  );
  out.push(`| --- | --- | --- | --- | ${c.principles.map(() => '---').join(' | ')} | --- |`);
  for (const d of c.drafts) {
    const n = (s: string) => d.risks.filter((r) => r.severity === s && !r.acknowledged).length;
    out.push(
      `| ${code(d.file)} | ${md(d.title)} | ${md(d.role)} | ${d.verdict.toUpperCase()} | ${c.principles.map((p) => `${d.scores[p.id] ?? '-'} ${d.bands[p.id]}`).join(' | ')} | ${n('high')} / ${n('medium')} / ${n('low')} |`,
    );
  }
  for (const g of c.groups) {
    const labels = respondentLabels(c, g);
    const members = g.files.map((f) => c.drafts.find((d) => d.file === f)!);
    out.push('', `## ${md(g.title)} (${code(g.id)}): ${g.files.length} respondents (${md(rolesCounted(c, g))})`, '');
    const titles = differingTitles(c, g);
    if (titles.length)
      out.push(
        `> **Check:** these drafts share the id ${code(g.id)} but have different titles (${titles.map((t) => `“${md(t)}”`).join(', ')}). If they are different changes, give each its own id.`,
        '',
      );
    out.push(`| principle | ${labels.map(md).join(' | ')} | spread |`, `| --- | ${labels.map(() => '---').join(' | ')} | --- |`);
    for (const p of c.principles) {
      const s = g.spread.find((x) => x.principle === p.id)!;
      out.push(
        `| ${p.number} ${md(p.shortTitle)} | ${members.map((d) => `\`${bar(d.scores[p.id] ?? null, 10)}\` ${d.scores[p.id] ?? '-'} ${d.bands[p.id]}`).join(' | ')} | ${s.spread ?? '-'} |`,
      );
    }
    out.push('');
    if (!g.gaps.length) out.push('No perception gap: the respondents see the change in much the same way.', '');
    for (const gap of g.gaps) {
      out.push(`### ${gap.severity.toUpperCase()}: ${md(gap.title)} (${code(gap.id)})`, '');
      out.push(`${code(gap.designer)} compared with ${code(gap.frontline)}.`, '', md(gap.explanation), '');
      for (const p of gap.principles) out.push(`- ${md(p.shortTitle)}: ${p.designer} against ${p.frontline} (${p.gap} points apart)`);
      if (gap.answers.length)
        out.push(
          `- ${gap.answers.length} answer${gap.answers.length === 1 ? '' : 's'} less favourable in the frontline view (marked ▲ below)`,
        );
      out.push('', `**Evidence:** ${evidenceLine(gap.evidence, MARKDOWN_EVIDENCE)}`, '');
      for (const [role, advice] of Object.entries(gap.advice))
        out.push(`**${md(c.roles.find((r) => r.id === role)?.audience ?? role)}:** ${md(advice)}`, '');
    }
    if (g.differences.length) {
      out.push(`### Answers that differ (${g.differences.length})`, '');
      out.push(`| question | ${labels.map(md).join(' | ')} |`, `| --- | ${labels.map(() => '---').join(' | ')} |`);
      for (const d of g.differences)
        out.push(`| ${d.inGap ? '▲ ' : ''}${md(d.prompt)} | ${d.answers.map((a) => md(a.label)).join(' | ')} |`);
      out.push('');
      if (g.differences.some((d) => d.inGap)) out.push(md(GAP_MARK_LEGEND), '');
    } else out.push('Every question is answered the same way by every respondent.', '');
  }
  if (c.risks.length) {
    out.push('', `## Risks across the drafts (${c.risks.length})`, '');
    out.push(
      `| risk | evidence | ${c.drafts.map((d) => code(d.file.split(/[\\/]/).pop()!)).join(' | ')} |`,
      `| --- | --- | ${c.drafts.map(() => '---').join(' | ')} |`,
    );
    for (const r of c.risks) {
      const cells = c.drafts.map((d) => {
        const hit = r.drafts.find((x) => x.file === d.file);
        return hit ? `${hit.severity}${hit.acknowledged ? ' (accepted)' : ''}` : '-';
      });
      out.push(`| ${md(r.title)} ${code(r.id)} | ${r.evidence.map((e) => md(e.short)).join('; ')} | ${cells.join(' | ')} |`);
    }
    out.push('');
  }
  if (c.references.length) out.push('## References', '', ...c.references.map((r, i) => `${i + 1}. ${md(r.full)}`), '');
  out.push(
    `> Rulebook ${md(c.rulebook.id)} ${md(c.rulebook.version)} · ${c.date}. Scores support a conversation; they are not targets.`,
    '',
  );
  return out.join('\n');
}
