import type { Assessment } from '../engine/assessment.js';
import type { Problem } from '../load/errors.js';
import { htmlEscape as esc, mdEscape as md } from './sanitize.js';
import { riskGroups } from './summary.js';

/**
 * A batch document opens with one row per draft (markdown, the GitHub job summary, HTML), and lists the
 * drafts that could not be checked before the reports: a reader sees the whole batch at once. A row is a
 * few numbers, so a batch of thousands keeps only these in memory while the reports wait on disk.
 */
export interface OverviewRow {
  title: string;
  file: string;
  verdict: string;
  high: number;
  medium: number;
  low: number;
  accepted: number;
  /** False when the draft falls short of --fail-on / --min-score (exit 1). */
  pass: boolean;
}

export function overviewRow(a: Assessment, short: boolean): OverviewRow {
  const row: OverviewRow = {
    title: a.title,
    file: a.file,
    verdict: a.verdict.level,
    high: 0,
    medium: 0,
    low: 0,
    accepted: 0,
    pass: !short,
  };
  // Counted per risk, as the reports list them, not per target it fires on.
  for (const g of riskGroups(a)) {
    if (g.acknowledged) row.accepted++;
    else row[g.severity]++;
  }
  return row;
}

/** A problem's place: `file:line:col`, or the file alone. */
export function problemPlace(p: Problem, path: (file: string) => string = (f) => f): string {
  return `${path(p.file)}${p.line ? `:${p.line}:${p.col ?? 1}` : ''}`;
}

const pass = (r: OverviewRow) => (r.pass ? 'pass' : '**fail**');

/** The overview table in markdown. */
export function markdownOverview(rows: readonly OverviewRow[]): string {
  return [
    '| Draft | Verdict | High | Medium | Low | Result |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${md(r.title)}<br>\`${md(r.file).replace(/`/g, "'")}\` | ${r.verdict.toUpperCase()} | ${r.high} | ${r.medium} | ${r.low}${r.accepted ? ` (+${r.accepted} accepted)` : ''} | ${pass(r)} |`,
    ),
    '',
  ].join('\n');
}

/** "Drafts that could not be checked", in markdown. */
export function markdownProblems(problems: readonly Problem[], heading: string, path?: (file: string) => string): string {
  if (!problems.length) return '';
  return [
    `${heading} Drafts that could not be checked`,
    '',
    ...problems.map((p) => `- **${md(problemPlace(p, path))}**: ${md(p.message)}`),
    '',
  ].join('\n');
}

/** The overview table in HTML, each title linking to its report. */
export function htmlOverview(rows: readonly OverviewRow[], anchor: (index: number) => string): string {
  return `<table class="overview"><thead><tr><th scope="col">Draft</th><th scope="col">Verdict</th><th scope="col">High</th><th scope="col">Medium</th><th scope="col">Low</th><th scope="col">Result</th></tr></thead><tbody>${rows
    .map(
      (r, i) =>
        `<tr><th scope="row"><a href="#${anchor(i)}">${esc(r.title)}</a><br><code>${esc(r.file)}</code></th><td>${esc(r.verdict.toUpperCase())}</td><td>${r.high}</td><td>${r.medium}</td><td>${r.low}${r.accepted ? ` (+${r.accepted} accepted)` : ''}</td><td>${r.pass ? 'pass' : '<b>fail</b>'}</td></tr>`,
    )
    .join('')}</tbody></table>`;
}

/** "Drafts that could not be checked", in HTML. */
export function htmlProblems(problems: readonly Problem[]): string {
  if (!problems.length) return '';
  return `<section class="problems"><h2>Drafts that could not be checked</h2><ul>${problems
    .map((p) => `<li><code>${esc(problemPlace(p))}</code>: ${esc(p.message)}</li>`)
    .join('')}</ul></section>`;
}
