import type { Assessment, Finding } from '../engine/assessment.js';
import { SEVERITIES } from '../rulebook/severity.js';
import { rulebookLabel } from '../engine/citations.js';
import { severityChange } from './phrases.js';
import { evidenceLine, type EvidenceStyle } from './evidence-line.js';
import { htmlEscape as esc } from './sanitize.js';
import { principleChart } from './html-chart.js';
import { whatIfHtml } from './whatif-report.js';
import { TOO_FEW_ANSWERS } from '../engine/assessment.js';

/** The evidence line in HTML: escaped, with where a study appeared in italics. */
export const HTML_EVIDENCE: EvidenceStyle = { escape: esc, container: (c) => `<i>${c}</i>` };

export const SEVERITY_COLOUR: Record<string, string> = { high: '#c62828', medium: '#9a5b00', low: '#1565c0' };

function finding(f: Finding, a: Assessment): string {
  const change = severityChange(f);
  const evidence = evidenceLine(f.evidence, HTML_EVIDENCE);
  const accepted = f.acknowledged
    ? `<p class="accepted"><b>Accepted${f.acknowledged.by ? ` by ${esc(f.acknowledged.by)}` : ''}${f.acknowledged.until ? ` until ${esc(f.acknowledged.until)}` : ''}:</b> ${esc(f.acknowledged.reason)}</p>`
    : '';
  return `<article class="risk ${esc(f.severity)}${f.acknowledged ? ' is-accepted' : ''}">
<h3><span class="sev" style="background:${SEVERITY_COLOUR[f.severity]}">${esc(f.severity.toUpperCase())}</span> ${esc(f.title)} <code>${esc(f.id)}</code>${f.acknowledged ? ' <span class="tag">accepted</span>' : ''}</h3>
<p class="where"><code>${esc(`${f.location.file}:${f.location.line}:${f.location.col}`)}</code>${f.entry ? ` · ${esc(f.entry.list)}: “${esc(f.entry.name)}”` : ''}</p>
<p>${esc(f.explanation)}</p>
${change ? `<p class="change"><i>${esc(change)}</i></p>` : ''}
<p><b>Evidence:</b> ${evidence}</p>
${f.advice ? `<p><b>${esc(a.role.audience)}:</b> ${esc(f.advice)}</p>` : ''}
${f.actions.length ? `<p class="from">From the guide:</p><ul>${f.actions.map((x) => `<li>${esc(x.text)}</li>`).join('')}</ul>` : ''}
${accepted}
</article>`;
}

/** The stylesheet every HTML output shares (reports and comparisons), through htmlDocument. */
const STYLE = `
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;max-width:60rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem;margin:0 0 .2rem}h2{font-size:1.2rem;margin:1.6rem 0 .6rem;border-bottom:1px solid #ddd}
h3{font-size:1.02rem;margin:0 0 .3rem}.meta,.where{color:#555;font-size:.9rem;margin:.1rem 0}
.verdict{font-size:1.15rem;margin:1rem 0;padding:.6rem .8rem;border-left:6px solid #555;background:#f6f6f6}
.verdict.ready{border-color:#2e7d32}.verdict.revise{border-color:#9a5b00}.verdict.rethink{border-color:#c62828}
.chart .lbl,.chart .val{font-size:13px}.chart .lbl{font-weight:600}.chart .ser{font-size:12px;fill:#333}.chart .tick{font-size:10px;fill:#757575;text-anchor:middle}
table{border-collapse:collapse;width:100%;font-size:.92rem}td,th{border:1px solid #ddd;padding:.3rem .5rem;text-align:left}
.risk{border:1px solid #ddd;border-left-width:6px;padding:.6rem .9rem;margin:.8rem 0;break-inside:avoid}
.risk.high{border-left-color:#c62828}.risk.medium{border-left-color:#9a5b00}.risk.low{border-left-color:#1565c0}.risk.is-accepted{opacity:.75}
.sev{color:#fff;font-size:.75rem;padding:.1rem .4rem;border-radius:3px;vertical-align:middle}
.tag{font-size:.75rem;border:1px solid #888;padding:0 .3rem;border-radius:3px}.from{margin-bottom:0}
.caveat{font-size:.9rem;color:#444;border-top:1px solid #ddd;padding-top:.6rem}.refs li{margin:.3rem 0;font-size:.9rem}
code{font-size:.88em;background:#f3f3f3;padding:0 .2rem}
caption{text-align:left;font-size:.85rem;color:#555;padding:.2rem 0}th[scope=row]{font-weight:normal}.note{font-size:.88rem;color:#444}.mark{color:#c62828}.warn{border-left:4px solid #9a5b00;padding:.3rem .6rem;background:#fff8e1}
.sev-high{color:#b71c1c;font-weight:600}.sev-medium{color:#8a5300}.sev-low{color:#0d47a1}
hr.page{border:0;border-top:3px double #bbb;margin:3rem 0}
@media print{body{margin:0;max-width:none;font-size:11pt}.risk{page-break-inside:avoid}hr.page{break-after:page;border:0;margin:0}}
`;

/** One draft's report, as a section of the document. */
function report(a: Assessment, index: number): string {
  const principlesTable = a.principles
    .map(
      (p) =>
        `<tr><td>${p.number}</td><td>${esc(p.title)}</td><td>${p.score ?? '-'}</td><td>${!p.applicable ? 'not applicable' : p.provisional ? TOO_FEW_ANSWERS : esc(p.band)}</td><td>${p.coverage.answered} of ${p.coverage.asked}${p.lists
          .filter((l) => l.count)
          .map((l) => `, ${l.count} ${esc(l.item)}${l.count === 1 ? '' : 's'}`)
          .join('')}</td></tr>`,
    )
    .join('');
  const bySeverity = SEVERITIES.flatMap((s) => a.findings.filter((f) => f.severity === s && !f.acknowledged));
  const accepted = a.findings.filter((f) => f.acknowledged);
  return `<main class="report">
<header>
<h1>${esc(a.title)}</h1>
<p class="meta">${esc(a.role.label)} · rulebook ${esc(rulebookLabel(a.rulebook))} · ${esc(a.date)} · <code>${esc(a.file)}</code></p>
${a.summary ? `<p>${esc(a.summary)}</p>` : ''}
</header>
<p class="verdict ${esc(a.verdict.level)}"><b>Verdict: ${esc(a.verdict.level.toUpperCase())}</b> - ${esc(a.verdict.reason)}</p>
<section><h2>Principles</h2>
<p class="caveat">${esc(a.caveat)}</p>
${principleChart(`chart-${index + 1}`, a.principles, [{ label: a.role.label, scores: Object.fromEntries(a.principles.map((p) => [p.id, p.score])), bands: Object.fromEntries(a.principles.map((p) => [p.id, !p.applicable ? 'n/a' : p.provisional ? TOO_FEW_ANSWERS : p.band])) }], a.bands)}
<table><thead><tr><th>#</th><th>Principle</th><th>Score</th><th>Band</th><th>Answered</th></tr></thead><tbody>${principlesTable}</tbody></table>
</section>
${a.whatif ? `${whatIfHtml(a.whatif)}\n` : ''}<section><h2>Risks (${bySeverity.length}${accepted.length ? `, plus ${accepted.length} accepted` : ''})</h2>
${bySeverity.length ? bySeverity.map((f) => finding(f, a)).join('\n') : '<p>No risks found.</p>'}
${accepted.length ? `<h3>Accepted risks</h3>${accepted.map((f) => finding(f, a)).join('\n')}` : ''}
</section>
${a.staleAcknowledgements.length ? `<section><h2>Stale acknowledgements</h2><ul>${a.staleAcknowledgements.map((s) => `<li><code>${esc(`${s.location.file}:${s.location.line}`)}</code> ${esc(s.message)}</li>`).join('')}</ul></section>` : ''}
${a.toFindOut.length ? `<section><h2>To find out</h2><ul>${a.toFindOut.map((u) => `<li><code>${esc(u.path)}</code>: ${esc(u.label)}</li>`).join('')}</ul></section>` : ''}
<p class="caveat">${esc(a.caveat)} Rulebook: ${esc(a.rulebook.title)} (${esc(rulebookLabel(a.rulebook))}).${a.rulebook.disabledRisks?.length ? ` Risks it switches off: ${esc(a.rulebook.disabledRisks.map((d) => d.id).join(', '))}.` : ''}</p>
${a.references.length ? `<section><h2>References</h2><ol class="refs">${a.references.map((r) => `<li>${esc(r.full)}</li>`).join('')}</ol></section>` : ''}
</main>`;
}

/**
 * One self-contained, printable HTML file for one or more drafts: no scripts, no external files (a
 * content security policy forbids loading any), every user string escaped, each report on its own page.
 */
export function renderHtml(assessments: Assessment[]): string {
  const title = assessments.length === 1 ? assessments[0]!.title : `${assessments.length} drafts`;
  return htmlDocument(`${title} - gp-change report`, assessments.map(report).join('\n<hr class="page">\n'));
}

/** The page every HTML output shares: our stylesheet, and a content security policy that loads nothing. */
export function htmlDocument(title: string, body: string): string {
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
}
