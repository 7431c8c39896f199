import type { Comparison } from '../engine/compare.js';
import { cleanLine, mdEscape as md } from './sanitize.js';

const code = (s: string) => `\`${cleanLine(s).replace(/`/g, "'")}\``;

/** `gp-change compare --format markdown`: to share with a board or a PCN meeting. */
export function renderCompareMarkdown(c: Comparison): string {
  const out: string[] = ['# Comparison', ''];
  out.push(`| draft | role | verdict | ${c.principles.map((p) => `${p.number} ${md(p.shortTitle)}`).join(' | ')} | high / medium / low risks |`);
  out.push(`| --- | --- | --- | ${c.principles.map(() => '---').join(' | ')} | --- |`);
  for (const d of c.drafts) {
    const n = (s: string) => d.risks.filter((r) => r.severity === s && !r.acknowledged).length;
    out.push(`| ${code(d.file)} | ${md(d.role)} | ${d.verdict.toUpperCase()} | ${c.principles.map((p) => `${d.scores[p.id] ?? '-'} ${d.bands[p.id]}`).join(' | ')} | ${n('high')} / ${n('medium')} / ${n('low')} |`);
  }
  for (const g of c.groups) {
    out.push('', `## ${md(g.title)} (${code(g.id)}): ${g.files.length} respondents`, '');
    out.push(`Spread of scores: ${g.spread.map((s) => `${md(c.principles.find((p) => p.id === s.principle)!.shortTitle)} ${s.spread === null ? '-' : `${s.spread} (${s.min} to ${s.max})`}`).join('; ')}.`, '');
    if (!g.gaps.length) out.push('No perception gap: the respondents see the change in much the same way.', '');
    for (const gap of g.gaps) {
      out.push(`### ${gap.severity.toUpperCase()}: ${md(gap.title)} (${code(gap.id)})`, '');
      out.push(`${code(gap.designer)} compared with ${code(gap.frontline)}.`, '', md(gap.explanation), '');
      for (const p of gap.principles) out.push(`- ${md(p.shortTitle)}: ${p.designer} against ${p.frontline} (${p.gap} points apart)`);
      for (const a of gap.answers) out.push(`- ${md(a.prompt)} ${code(a.designer)} against ${code(a.frontline)}`);
      out.push('', `**Evidence:** ${gap.evidence.map((e) => `${md(e.short)}${e.container ? `, *${md(e.container)}*` : ''}`).join('; ')}`, '');
      for (const [role, advice] of Object.entries(gap.advice)) out.push(`**${md(c.roles.find((r) => r.id === role)?.audience ?? role)}:** ${md(advice)}`, '');
    }
  }
  out.push(`> Rulebook ${md(c.rulebook.id)} ${md(c.rulebook.version)} · ${c.date}. Scores support a conversation; they are not targets.`, '');
  return out.join('\n');
}
