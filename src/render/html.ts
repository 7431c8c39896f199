import type { Assessment } from '../engine/assessment.js';
import type { Problem } from '../load/errors.js';
import { findOutQuestions, firstActions, guideBullets, placeWords, riskGroups, whereShort, type RiskGroup } from './summary.js';
import { htmlOverview, htmlProblems, overviewRow } from './overview.js';
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

function groupDetail(g: RiskGroup, a: Assessment): string {
  const lead = g.findings[0]!;
  const changes = [...new Set(g.findings.map((f) => severityChange(f)).filter(Boolean))];
  const ack = g.acknowledged;
  const accepted = ack
    ? `<p class="accepted"><b>Accepted${ack.by ? ` by ${esc(ack.by)}` : ''}${ack.until ? ` until ${esc(ack.until)}` : ''}:</b> ${esc(ack.reason)}</p>`
    : '';
  const places = g.findings
    .map((f) => {
      const place = placeWords(f);
      const sev = g.findings.length > 1 && f.severity !== g.severity ? ` (${esc(f.severity)})` : '';
      // The file is named under the title; a line number is enough to find the place.
      return `${place ? `${esc(place)} ` : ''}<span class="line">line ${f.location.line}</span>${sev}`;
    })
    .join('; ');
  return `<article class="risk ${esc(g.severity)}${ack ? ' is-accepted' : ''}">
<h3><span class="sev" style="background:${SEVERITY_COLOUR[g.severity]}">${esc(g.severity.toUpperCase())}</span> ${esc(g.title)}${ack ? ' <span class="tag">accepted</span>' : ''}</h3>
<p class="where">${places}</p>
<p>${esc(lead.explanation)}</p>
${changes.map((c) => `<p class="change"><i>${esc(c!)}</i></p>`).join('')}
<p><b>Evidence:</b> ${evidenceLine(lead.evidence, HTML_EVIDENCE)}</p>
${lead.advice ? `<p><b>${esc(a.role.audience)}:</b> ${esc(lead.advice)}</p>` : ''}
${accepted}
</article>`;
}

/** The stylesheet every HTML output shares (reports and comparisons), through htmlDocument. */
const STYLE = `
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;max-width:60rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem;margin:0 0 .2rem}h2{font-size:1.2rem;margin:1.6rem 0 .6rem;border-bottom:1px solid #ddd}
h3{font-size:1.02rem;margin:0 0 .3rem}.meta,.where{color:#555;font-size:.9rem;margin:.1rem 0}
.risks th[scope=row]{font-weight:600}.overview td,.risks td{overflow-wrap:anywhere}code{overflow-wrap:anywhere}
.verdict{font-size:1.15rem;margin:1rem 0;padding:.6rem .8rem;border-left:6px solid #555;background:#f6f6f6}
.verdict.ready{border-color:#2e7d32}.verdict.revise{border-color:#9a5b00}.verdict.rethink{border-color:#c62828}
.chart .lbl,.chart .val{font-size:13px}.chart .lbl{font-weight:600}.chart .ser{font-size:12px;fill:#333}.chart .tick{font-size:10px;fill:#757575;text-anchor:middle}
table{border-collapse:collapse;width:100%;font-size:.92rem}td,th{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;overflow-wrap:anywhere}
.risk{border:1px solid #ddd;border-left-width:6px;padding:.6rem .9rem;margin:.8rem 0;break-inside:avoid}
.risk.high{border-left-color:#c62828}.risk.medium{border-left-color:#9a5b00}.risk.low{border-left-color:#1565c0}.risk.is-accepted{opacity:.75}
.sev{color:#fff;font-size:.75rem;padding:.1rem .4rem;border-radius:3px;vertical-align:middle}
.tag{font-size:.75rem;border:1px solid #888;padding:0 .3rem;border-radius:3px}.from{margin-bottom:0}
.caveat{font-size:.9rem;color:#444;border-top:1px solid #ddd;padding-top:.6rem}.refs li{margin:.3rem 0;font-size:.9rem}
code{font-size:.88em;background:#f3f3f3;padding:0 .2rem}
caption{text-align:left;font-size:.85rem;color:#555;padding:.2rem 0}th[scope=row]{font-weight:normal}.note{font-size:.88rem;color:#444}.mark{color:#c62828}.warn{border-left:4px solid #9a5b00;padding:.3rem .6rem;background:#fff8e1}
.sev-high{color:#b71c1c;font-weight:600}.sev-medium{color:#8a5300}.sev-low{color:#0d47a1}
hr.page{border:0;border-top:3px double #bbb;margin:3rem 0}
@media print{body{margin:0;max-width:none;font-size:9pt;line-height:1.3}h1{font-size:14pt}h2{font-size:11pt;margin:.6rem 0 .3rem}
.verdict{font-size:10.5pt;margin:.4rem 0;padding:.3rem .6rem}td,th{padding:.1rem .35rem}p,ol,ul{margin:.25rem 0}
.details,.references,.guide{column-count:2;column-gap:5mm}.details h2,.references h2{column-span:all}.risks{font-size:8.5pt}
.risk{break-inside:auto;padding:.15rem .5rem;margin:0 0 .25rem;font-size:7.5pt;line-height:1.18}.risk p{margin:.1rem 0}.risk h3{font-size:9pt;margin:0;break-after:avoid}.risk .where{font-size:8pt}.sev,.tag{font-size:7pt}.refs li{font-size:7.5pt;margin:.05rem 0}
.summary,.note,.caveat{font-size:8.5pt}svg.chart{width:125mm;height:auto}a{color:inherit;text-decoration:none}
hr.page{border:0;border-top:2px solid #999;margin:.8rem 0}main.report>header,.verdict,h1,h2{break-after:avoid}}
`;

/** One draft's report, as a section of the document: the decision first, then the details. */
function report(a: Assessment, index: number, references: boolean): string {
  const groups = riskGroups(a);
  const first = firstActions(groups);
  const questions = findOutQuestions(a);
  const bullets = guideBullets(groups);
  const active = groups.filter((g) => !g.acknowledged).length;
  const accepted = groups.length - active;
  const answered = a.principles
    .filter((p) => p.applicable)
    .map(
      (p) =>
        `${p.number} ${esc(p.shortTitle)}: ${p.coverage.answered} of ${p.coverage.asked}${p.lists
          .filter((l) => l.count)
          .map((l) => `, ${l.count} ${esc(l.item)}${l.count === 1 ? '' : 's'}`)
          .join('')}`,
    )
    .join(' · ');
  return `<main class="report" id="${anchor(index)}">
<header>
<h1>${esc(a.title)}</h1>
<p class="meta">${esc(a.role.label)}${a.assessor ? ` · assessed by ${esc(a.assessor)}` : ''} · rulebook ${esc(rulebookLabel(a.rulebook))} · ${esc(a.date)} · <code>${esc(a.file)}</code></p>
${a.summary ? `<p class="summary">${esc(a.summary)}</p>` : ''}
</header>
<p class="verdict ${esc(a.verdict.level)}"><b>Verdict: ${esc(a.verdict.level.toUpperCase())}</b> - ${esc(a.verdict.reason)}</p>
${first.length ? `<section><h2>Do these first</h2><ol class="first">${first.map((f) => `<li>${esc(f.advice)}</li>`).join('')}</ol></section>` : ''}
<section><h2>Risks (${active}${accepted ? `, plus ${accepted} accepted` : ''})</h2>
${groups.length ? `<table class="risks"><colgroup><col style="width:11%"><col style="width:42%"><col></colgroup><thead><tr><th scope="col">Severity</th><th scope="col">Risk</th><th scope="col">Where</th></tr></thead><tbody>${groups.map((g) => `<tr><td class="sev-${esc(g.severity)}">${esc(g.severity)}</td><th scope="row">${esc(g.title)}${g.acknowledged ? ' (accepted)' : ''}</th><td>${esc(whereShort(g))}</td></tr>`).join('')}</tbody></table>` : '<p>No risks found.</p>'}
</section>
${a.staleAcknowledgements.length ? `<section><h2>Stale acknowledgements</h2><ul>${a.staleAcknowledgements.map((s) => `<li>line ${s.location.line}: ${esc(s.message)}</li>`).join('')}</ul></section>` : ''}
${questions.length ? `<section><h2>To find out</h2><ul>${questions.map((q) => `<li>${esc(q)}</li>`).join('')}</ul></section>` : ''}
<section><h2>Principles</h2>
${principleChart(`chart-${index + 1}`, a.principles, [{ label: a.role.label, scores: Object.fromEntries(a.principles.map((p) => [p.id, p.score])), bands: Object.fromEntries(a.principles.map((p) => [p.id, !p.applicable ? 'n/a' : p.provisional ? TOO_FEW_ANSWERS : p.band])) }], a.bands)}
<p class="note">Answered: ${answered}.</p>
<p class="caveat">${esc(a.caveat)}</p>
</section>
${a.whatif ? `${whatIfHtml(a.whatif)}\n` : ''}${groups.length ? `<section class="details"><h2>Risks in detail</h2>\n${groups.map((g) => groupDetail(g, a)).join('\n')}</section>` : ''}
${references && bullets.length ? htmlBullets(a.role.audience, bullets) : ''}
<p class="caveat">Rulebook: ${esc(a.rulebook.title)} (${esc(rulebookLabel(a.rulebook))}).${a.rulebook.disabledRisks?.length ? ` Risks it switches off: ${esc(a.rulebook.disabledRisks.map((d) => d.id).join(', '))}.` : ''}</p>
${references && a.references.length ? htmlReferences(a.references) : ''}
</main>`;
}

const anchor = (index: number) => `draft-${index + 1}`;

function htmlBullets(audience: string, bullets: readonly { text: string }[]): string {
  return `<section><h2>From the guide, ${esc(audience.replace(/^For /, 'for '))}</h2><ul class="guide">${bullets.map((b) => `<li>${esc(b.text)}</li>`).join('')}</ul></section>`;
}

function htmlReferences(refs: readonly { full: string }[]): string {
  return `<section class="references"><h2>References</h2><ol class="refs">${refs.map((r) => `<li>${esc(r.full)}</li>`).join('')}</ol></section>`;
}

export interface HtmlBatch {
  /** Whether each draft falls short of the bar, in the order given (for the overview's pass or fail). */
  short?: readonly boolean[];
  /** Drafts that could not be checked. */
  problems?: readonly Problem[];
}

/**
 * One self-contained, printable HTML file for one or more drafts: no scripts, no external files (a
 * content security policy forbids loading any), every user string escaped, each report on its own page.
 * Several drafts (or any that could not be checked) open with an overview table; references come once.
 */
export function renderHtml(assessments: Assessment[], batch: HtmlBatch = {}): string {
  const problems = batch.problems ?? [];
  const title = assessments.length === 1 && !problems.length ? assessments[0]!.title : `${assessments.length} drafts`;
  if (assessments.length === 1 && !problems.length) return htmlDocument(`${title} - gp-change report`, report(assessments[0]!, 0, true));
  const rows = assessments.map((a, i) => overviewRow(a, batch.short?.[i] ?? false));
  const refs = new Map<string, string>();
  for (const a of assessments) for (const r of a.references) refs.set(r.id, r.full);
  const full = [...refs.values()].sort((x, y) => x.localeCompare(y)).map((f) => ({ full: f }));
  // The guide's bullets once per document too, for each audience the drafts address.
  const bullets = new Map<string, Map<string, { text: string }>>();
  for (const a of assessments) {
    const forAudience = bullets.get(a.role.audience) ?? new Map<string, { text: string }>();
    bullets.set(a.role.audience, forAudience);
    for (const b of guideBullets(riskGroups(a))) forAudience.set(b.id, b);
  }
  const guide = [...bullets].filter(([, m]) => m.size).map(([audience, m]) => htmlBullets(audience, [...m.values()]));
  const overview = `<main class="overview"><h1>${esc(title)} - gp-change</h1>
${htmlOverview(rows, anchor)}
${htmlProblems(problems)}
</main>`;
  return htmlDocument(
    `${title} - gp-change report`,
    [
      overview,
      ...assessments.map((a, i) => report(a, i, false)),
      guide.length || full.length ? `<main>${guide.join('')}${full.length ? htmlReferences(full) : ''}</main>` : '',
    ].join('\n<hr class="page">\n'),
  );
}

/** The page every HTML output shares: our stylesheet, and a content security policy that loads nothing. */
export function htmlDocument(title: string, body: string): string {
  // The running title in the page margin: a CSS string, so quotes, backslashes and anything that could end the style are left out.
  const running = title.replace(/[\\"<>\u0000-\u001f\u007f-\u009f]/g, ' ').slice(0, 90);
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${esc(title)}</title>
<style>${STYLE}@page{size:A4;margin:16mm 14mm 18mm;@top-left{content:"${running}";font:9pt system-ui,sans-serif;color:#555}@bottom-right{content:"Page " counter(page) " of " counter(pages);font:9pt system-ui,sans-serif;color:#555}}</style>
</head>
<body>
${body}
</body>
</html>
`;
}
