import type { Comparison, ComparisonGroup, PerceptionGap } from '../engine/compare.js';
import { HTML_EVIDENCE, SEVERITY_COLOUR, htmlDocument } from './html.js';
import { evidenceLine } from './evidence-line.js';
import { htmlEscape as esc } from './sanitize.js';
import { principleChart } from './html-chart.js';
import { GAP_MARK_LEGEND, tooFewNote } from './phrases.js';
import { differingTitles, draftLabels, respondentLabels, rolesCounted } from './respondents.js';
import { TOO_FEW_ANSWERS } from '../engine/assessment.js';

// Beyond this many drafts a grouped bar chart stops being readable; the table still shows them all.
const MAX_CHART_DRAFTS = 8;

const base = (file: string) => file.split(/[\\/]/).pop()!;

/** `gp-change compare --format html`: one self-contained, printable page for a board. */
export function renderCompareHtml(c: Comparison): string {
  const risks = (d: Comparison['drafts'][number], s: string) => d.risks.filter((r) => r.severity === s && !r.acknowledged).length;
  const rows = c.drafts
    .map(
      (d) =>
        `<tr><th scope="row"><code>${esc(d.file)}</code><br>${esc(d.title)}</th><td>${esc(d.role)}</td><td>${esc(d.verdict.toUpperCase())}</td>${c.principles.map((p) => `<td>${d.scores[p.id] ?? '-'} ${esc(d.bands[p.id] ?? '')}</td>`).join('')}<td>${risks(d, 'high')} / ${risks(d, 'medium')} / ${risks(d, 'low')}</td></tr>`,
    )
    .join('');
  // When every draft answers about one change, the group's chart below says it all; say it once.
  const oneChange = c.groups.length === 1 && c.groups[0]!.files.length === c.drafts.length;
  const chart =
    oneChange || c.drafts.length > MAX_CHART_DRAFTS
      ? ''
      : principleChart(
          'chart-all',
          c.principles,
          c.drafts.map((d, i) => ({ label: draftLabels(c)[i]!, scores: d.scores, bands: d.bands })),
          c.bands,
        );
  const heading = c.title ?? `Comparison of ${c.drafts.length} drafts`;
  return htmlDocument(
    `${heading} - gp-change`,
    `<main class="report">
<h1>${esc(heading)}</h1>
${c.title ? `<p class="meta">Comparison of ${c.drafts.length} drafts</p>` : ''}
<p class="caveat">Scores support a conversation; they are not targets. Bands and weights are the rulebook's stated heuristics, not validated cut-offs. Rulebook ${esc(c.rulebook.id)} ${esc(c.rulebook.version)} · ${esc(c.date)}.</p>
<section><h2>Scores by principle</h2>
${chart}
${c.drafts.some((d) => Object.values(d.bands).includes(TOO_FEW_ANSWERS)) ? `<p class="note">${esc(tooFewNote(c.bands.minCoverage))}</p>` : ''}
<table><caption>Score and band per principle, verdict and risk counts for each draft</caption><thead><tr><th scope="col">Draft</th><th scope="col">Role</th><th scope="col">Verdict</th>${c.principles.map((p) => `<th scope="col">${p.number} ${esc(p.shortTitle)}</th>`).join('')}<th scope="col">High / medium / low risks</th></tr></thead><tbody>${rows}</tbody></table>
</section>
${c.groups.map((g, i) => group(g, c, i)).join('\n')}
${riskTable(c)}
${c.references.length ? `<section><h2>References</h2><ol class="refs">${c.references.map((r) => `<li>${esc(r.full)}</li>`).join('')}</ol></section>` : ''}
</main>`,
  );
}

/** One change's respondents: their chart, any perception gap, and every answer that differs. */
function group(g: ComparisonGroup, c: Comparison, index: number): string {
  const labels = respondentLabels(c, g);
  const members = g.files.map((f) => c.drafts.find((d) => d.file === f)!);
  const spread = g.spread
    .map(
      (s) =>
        `${esc(c.principles.find((p) => p.id === s.principle)!.shortTitle)} ${s.spread === null ? '-' : `${s.spread} (${s.min} to ${s.max})`}`,
    )
    .join('; ');
  const gaps = g.gaps.length
    ? g.gaps.map((gap) => gapArticle(gap, c)).join('')
    : '<p>No perception gap: the respondents see the change in much the same way.</p>';
  const differences = g.differences.length
    ? `<h3>Answers that differ (${g.differences.length})</h3>
<table><thead><tr><th scope="col">Question</th>${labels.map((l) => `<th scope="col">${esc(l)}</th>`).join('')}</tr></thead><tbody>${g.differences
        .map(
          (d) =>
            `<tr${d.inGap ? ' class="in-gap"' : ''}><th scope="row">${d.inGap ? '<span class="mark" title="behind the perception gap">▲</span> ' : ''}${esc(d.prompt)}</th>${d.answers.map((a) => `<td>${esc(a.label)}</td>`).join('')}</tr>`,
        )
        .join('')}</tbody></table>${g.differences.some((d) => d.inGap) ? `<p class="note">${esc(GAP_MARK_LEGEND)}</p>` : ''}`
    : '<p>Every question is answered the same way by every respondent.</p>';
  const titles = differingTitles(c, g);
  return `<section><h2>${esc(g.title)} (<code>${esc(g.id)}</code>): ${g.files.length} respondents (${esc(rolesCounted(c, g))})</h2>
${titles.length ? `<p class="warn">These drafts share the id <code>${esc(g.id)}</code> but have different titles (${titles.map((t) => `“${esc(t)}”`).join(', ')}). If they are different changes, give each its own id.</p>` : ''}
${principleChart(
  `chart-group-${index + 1}`,
  c.principles,
  members.map((d, i) => ({ label: labels[i]!, scores: d.scores, bands: d.bands })),
  c.bands,
)}
<p>Spread of scores: ${spread}.</p>
${gaps}
${differences}
</section>`;
}

function gapArticle(gap: PerceptionGap, c: Comparison): string {
  return `<article class="risk ${esc(gap.severity)}"><h3><span class="sev" style="background:${SEVERITY_COLOUR[gap.severity]}">${esc(gap.severity.toUpperCase())}</span> ${esc(gap.title)} <code>${esc(gap.id)}</code></h3>
<p class="where"><code>${esc(gap.designer)}</code> compared with <code>${esc(gap.frontline)}</code></p>
<p>${esc(gap.explanation)}</p>
<ul>${gap.principles.map((p) => `<li>${esc(p.shortTitle)}: ${p.designer} against ${p.frontline} (${p.gap} points apart)</li>`).join('')}${gap.answers.length ? `<li>${gap.answers.length} answer${gap.answers.length === 1 ? '' : 's'} less favourable in the frontline view (marked ▲ below)</li>` : ''}</ul>
<p><b>Evidence:</b> ${evidenceLine(gap.evidence, HTML_EVIDENCE)}</p>
${Object.entries(gap.advice)
  .map(([role, advice]) => `<p><b>${esc(c.roles.find((r) => r.id === role)?.audience ?? role)}:</b> ${esc(advice)}</p>`)
  .join('')}
</article>`;
}

/** Which risks fired in which drafts, with the evidence each rests on: what recurs across proposals. */
function riskTable(c: Comparison): string {
  if (!c.risks.length) return '<section><h2>Risks</h2><p>No risks found in any draft.</p></section>';
  const cell = (r: Comparison['risks'][number], file: string) => {
    const hit = r.drafts.find((d) => d.file === file);
    return hit ? `<td class="sev-${esc(hit.severity)}">${esc(hit.severity)}${hit.acknowledged ? ' (accepted)' : ''}</td>` : '<td>-</td>';
  };
  return `<section><h2>Risks across the drafts (${c.risks.length})</h2>
<table><thead><tr><th scope="col">Risk</th><th scope="col">Evidence</th>${c.drafts.map((d) => `<th scope="col"><code>${esc(base(d.file))}</code></th>`).join('')}</tr></thead><tbody>${c.risks
    .map(
      (r) =>
        `<tr><th scope="row">${esc(r.title)}<br><code>${esc(r.id)}</code></th><td>${r.evidence.map((e) => `${esc(e.short)}${e.container ? `, <i>${esc(e.container)}</i>` : ''}`).join('; ')}</td>${c.drafts.map((d) => cell(r, d.file)).join('')}</tr>`,
    )
    .join('')}</tbody></table>
<p class="note">Run <code>gp-change explain RISK-ID</code>, or assess a draft on its own, for the full explanation and what to do.</p>
</section>`;
}
