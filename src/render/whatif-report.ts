import type { WhatIf } from '../engine/assessment.js';
import { cleanLine, htmlEscape, mdEscape } from './sanitize.js';
import { clearsWords, informative, stepWords } from './whatif-text.js';

/** Markdown for a step or question: escaped, with the "->" of "(now: X -> Y)" kept readable (an arrow inside a line cannot start a quote). */
export const mdText = (s: string) => mdEscape(s).replace(/-&gt;/g, '->');

/** The "What would move this" section of a markdown report: at most two paths and one question. */
export function whatIfMarkdown(w: WhatIf, file: string): string[] {
  const verdict = w.goals.find((g) => g.kind === 'verdict');
  if (!verdict) return [];
  const out = [`## What would move this to ${verdict.to.toUpperCase()}`, ''];
  verdict.paths.slice(0, 2).forEach((p, i) => out.push(`${i + 1}. ${p.steps.map((s) => mdText(stepWords(s))).join('; ')}`));
  if (!verdict.paths.length) out.push(mdText(`${verdict.search.note ?? 'No path found'}.`));
  const [unknown] = informative(w);
  if (unknown) out.push('', `Find out first: ${mdText(`${unknown.f.question} ${unknown.words}`)}`);
  out.push('', `All paths and bands: \`gp-change whatif ${cleanLine(file).replace(/`/g, '')}\``, '');
  return out;
}

/** The same for HTML: a small table of paths, each with what it clears. */
export function whatIfHtml(w: WhatIf): string {
  const verdict = w.goals.find((g) => g.kind === 'verdict');
  if (!verdict) return '';
  // One path on paper (a board paper has a page budget); the rest are a command away.
  const rows = verdict.paths
    .slice(0, 1)
    .map(
      (p, i) =>
        `<tr><td>${i + 1}</td><td><ul>${p.steps.map((s) => `<li>${htmlEscape(stepWords(s))}</li>`).join('')}</ul></td><td>${htmlEscape(clearsWords(p))}</td></tr>`,
    )
    .join('');
  const [unknown] = informative(w);
  return `<section><h2>What would move this to ${htmlEscape(verdict.to.toUpperCase())}</h2>
${rows ? `<table><thead><tr><th>#</th><th>Changes (enough on its own)</th><th>What it clears</th></tr></thead><tbody>${rows}</tbody></table>` : `<p>${htmlEscape(`${verdict.search.note ?? 'No path found'}.`)}</p>`}
${verdict.paths.length > 1 ? `<p>${htmlEscape(`${verdict.paths.length - 1} other way${verdict.paths.length > 2 ? 's' : ''} to get there: gp-change whatif lists them.`)}</p>` : ''}
${unknown ? `<p>Find out first: ${htmlEscape(`${unknown.f.question} ${unknown.words}`)}</p>` : ''}</section>`;
}
