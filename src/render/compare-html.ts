import type { Comparison } from '../engine/compare.js';
import { esc, htmlDocument } from './html.js';

/** `gp-change compare --format html`: one self-contained, printable page. */
export function renderCompareHtml(c: Comparison): string {
  const risks = (d: Comparison['drafts'][number], s: string) => d.risks.filter((r) => r.severity === s && !r.acknowledged).length;
  const rows = c.drafts
    .map((d) => `<tr><td><code>${esc(d.file)}</code><br>${esc(d.title)}</td><td>${esc(d.role)}</td><td>${esc(d.verdict.toUpperCase())}</td>${c.principles.map((p) => `<td>${d.scores[p.id] ?? '-'} ${esc(d.bands[p.id] ?? '')}</td>`).join('')}<td>${risks(d, 'high')} / ${risks(d, 'medium')} / ${risks(d, 'low')}</td></tr>`)
    .join('');
  const groups = c.groups
    .map((g) => {
      const spread = g.spread.map((s) => `${esc(c.principles.find((p) => p.id === s.principle)!.shortTitle)} ${s.spread === null ? '-' : `${s.spread} (${s.min} to ${s.max})`}`).join('; ');
      const gaps = g.gaps.length
        ? g.gaps
            .map(
              (gap) => `<article class="risk ${esc(gap.severity)}"><h3><span class="sev" style="background:#c62828">${esc(gap.severity.toUpperCase())}</span> ${esc(gap.title)} <code>${esc(gap.id)}</code></h3>
<p class="where"><code>${esc(gap.designer)}</code> compared with <code>${esc(gap.frontline)}</code></p>
<p>${esc(gap.explanation)}</p>
<ul>${gap.principles.map((p) => `<li>${esc(p.shortTitle)}: ${p.designer} against ${p.frontline} (${p.gap} points apart)</li>`).join('')}${gap.answers.map((a) => `<li>${esc(a.prompt)} <code>${esc(a.designer)}</code> against <code>${esc(a.frontline)}</code></li>`).join('')}</ul>
<p><b>Evidence:</b> ${gap.evidence.map((e) => `${esc(e.short)}${e.container ? `, <i>${esc(e.container)}</i>` : ''}`).join('; ')}</p>
${Object.entries(gap.advice).map(([role, advice]) => `<p><b>${esc(c.roles.find((r) => r.id === role)?.audience ?? role)}:</b> ${esc(advice)}</p>`).join('')}
</article>`,
            )
            .join('')
        : '<p>No perception gap: the respondents see the change in much the same way.</p>';
      return `<section><h2>${esc(g.title)} (<code>${esc(g.id)}</code>): ${g.files.length} respondents</h2><p>Spread of scores: ${spread}.</p>${gaps}</section>`;
    })
    .join('\n');
  return htmlDocument(
    `Comparison of ${c.drafts.length} drafts - gp-change`,
    `<h1>Comparison of ${c.drafts.length} drafts</h1>
<p class="caveat">Scores support a conversation; they are not targets. Rulebook ${esc(c.rulebook.id)} ${esc(c.rulebook.version)} · ${esc(c.date)}.</p>
<table><thead><tr><th>Draft</th><th>Role</th><th>Verdict</th>${c.principles.map((p) => `<th>${p.number} ${esc(p.shortTitle)}</th>`).join('')}<th>High / medium / low risks</th></tr></thead><tbody>${rows}</tbody></table>
${groups}`,
  );
}
