import type { Assessment, Finding, StaleAcknowledgement } from '../engine/assessment.js';
import type { Problem } from '../load/errors.js';
import type { Rulebook, Severity } from '../rulebook/types.js';
import { markdownReferences, renderMarkdown } from './markdown.js';
import { markdownOverview, markdownProblems, overviewRow, type OverviewRow } from './overview.js';
import { clean, cleanLine, htmlEscape } from './sanitize.js';
import { severityChange } from './phrases.js';
import { evidenceLine } from './evidence-line.js';
import { acknowledgementText, entryLabel, region, repoPath } from './sarif.js';

/**
 * GitHub Actions output (`gp-change assess --format github`): workflow-command annotations
 * (`::error file=...,line=...::message`), one per finding, invalid-draft error and stale acknowledgement,
 * and a markdown job summary for $GITHUB_STEP_SUMMARY. Pure functions; the command writes.
 */

export type AnnotationLevel = 'error' | 'warning' | 'notice';

export const ANNOTATION: Record<Severity, AnnotationLevel> = { high: 'error', medium: 'warning', low: 'notice' };

export interface GithubOptions {
  /** The folder paths are made relative to (the workspace in CI). */
  root: string;
}

/**
 * A command's message: % and line breaks escaped as the runner expects (% first, so a literal "%0A"
 * in user text stays literal). Terminal escape sequences and other control characters are removed first.
 */
export function escapeData(text: string): string {
  return text.split('\r').map(clean).join('\r').replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A command's property value: as data, plus `:` and `,` which would end the value. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function workflowCommand(level: AnnotationLevel, props: Record<string, string | number | undefined>, message: string): string {
  const p = Object.entries(props)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${typeof v === 'number' ? v : escapeProperty(v!)}`)
    .join(',');
  return `::${level}${p ? ` ${p}` : ''}::${escapeData(message)}\n`;
}

function position(l: { line: number; col: number; endLine: number; endCol: number }): Record<string, number | undefined> {
  const r = region(l);
  // GitHub takes columns only when an annotation starts and ends on the same line.
  if (r.startLine === r.endLine && r.endColumn !== undefined)
    return { line: r.startLine, col: r.startColumn, endLine: r.endLine, endColumn: r.endColumn };
  return { line: r.startLine, endLine: r.endLine };
}

function findingMessage(rb: Rulebook, a: Assessment, f: Finding): string {
  const lines: string[] = [];
  const entry = entryLabel(rb, f);
  if (f.acknowledged) lines.push(`accepted: ${acknowledgementText(f.acknowledged)}`);
  lines.push(`${f.severity.toUpperCase()} risk in "${cleanLine(a.title)}"${entry ? `, ${entry}` : ''} (${f.location.path})`);
  lines.push(clean(f.explanation));
  const change = severityChange(f);
  if (change) lines.push(clean(change));
  if (f.advice) lines.push(`${a.role.audience}: ${clean(f.advice)}`);
  lines.push(`Evidence: ${evidenceLine(f.evidence, { container: false })}. More: gp-change explain ${f.id}`);
  return lines.join('\n');
}

/** One annotation per finding (acknowledged ones as notices prefixed "accepted:") and per stale acknowledgement. */
export function githubAnnotations(rb: Rulebook, a: Assessment, opts: GithubOptions): string {
  const file = repoPath(a.file, opts.root);
  const out: string[] = [];
  for (const f of a.findings) {
    const level = f.acknowledged ? 'notice' : ANNOTATION[f.severity];
    const title = `${f.acknowledged ? 'accepted: ' : ''}${cleanLine(f.title)} (${f.id})`;
    out.push(workflowCommand(level, { file, ...position(f.location), title }, findingMessage(rb, a, f)));
  }
  for (const s of a.staleAcknowledgements) out.push(githubStale(s, file));
  return out.join('');
}

function githubStale(s: StaleAcknowledgement, file: string): string {
  return workflowCommand('warning', { file, ...position(s.location), title: `stale acknowledgement (${s.risk})` }, cleanLine(s.message));
}

/** One error annotation per problem of a draft that could not be read or is invalid. */
export function githubProblems(problems: Problem[], opts: GithubOptions): string {
  return problems
    .map((p) => {
      const file = repoPath(p.file, opts.root);
      const pos = p.line
        ? {
            line: p.line,
            col: p.col ?? 1,
            ...(p.endLine === undefined || p.endLine === p.line ? { endLine: p.line, endColumn: p.endCol } : {}),
          }
        : {};
      return workflowCommand('error', { file, ...pos, title: 'invalid draft (gp-change)' }, p.message);
    })
    .join('');
}

/** GitHub refuses a job summary over 1 MiB per step; stay well under it. */
export const STEP_SUMMARY_LIMIT = 1000 * 1024;

/** How many problems of unreadable or invalid drafts the job summary lists; the annotations have them all. */
const SUMMARY_PROBLEMS = 100;

/**
 * The markdown job summary: an overview table (draft, verdict, risks by severity, pass or fail), the
 * drafts that could not be checked (file:line:column and the problem), each draft's report folded in
 * `<details>`, the references once, then the summary line. Once the next report would pass `limit`
 * bytes, the rest are only counted in the overview, and a note says so.
 */
export function stepSummary(limit = STEP_SUMMARY_LIMIT) {
  const parts: string[] = [];
  const rows: OverviewRow[] = [];
  const refs = new Map<string, string>();
  const problems: Problem[] = [];
  let size = 0;
  let left = 0;
  let problemsLeft = 0;
  return {
    /** A draft's report; `short` when it falls short of the bar. `row` false: counted, but not shown (--quiet). */
    add(a: Assessment, short: boolean, show = true): void {
      if (rows.length < SUMMARY_ROWS) rows.push(overviewRow(a, short));
      if (!show) return;
      const md = `<details><summary>${htmlEscape(a.verdict.level.toUpperCase())}: ${htmlEscape(a.title)}</summary>\n\n${renderMarkdown(a, { references: false, level: 2 })}\n</details>\n\n`;
      const bytes = Buffer.byteLength(md, 'utf8');
      if (left || size + bytes > limit) {
        left++;
        return;
      }
      parts.push(md);
      size += bytes;
      for (const r of a.references) refs.set(r.id, r.full);
    },
    /** Problems of a draft that could not be read or is invalid (or of a pattern that matched nothing). */
    problems(list: Problem[], opts: GithubOptions): void {
      for (const p of list) {
        if (problems.length >= SUMMARY_PROBLEMS) {
          problemsLeft++;
          continue;
        }
        problems.push({ ...p, file: repoPath(p.file, opts.root) });
      }
    },
    finish(summaryLine: string): string {
      const more = left
        ? `*${left} more draft report${left === 1 ? '' : 's'} left out: GitHub limits a job summary to 1 MiB. The annotations and the SARIF upload have every finding.*\n\n`
        : '';
      const invalid = problems.length
        ? `${markdownProblems(problems, '##')}${problemsLeft ? `\n*${problemsLeft} more problem${problemsLeft === 1 ? '' : 's'}: see the annotations.*\n` : ''}\n`
        : '';
      const full = [...refs.values()].sort((x, y) => x.localeCompare(y));
      return `## gp-change\n\n**${cleanLine(summaryLine)}**\n\n${markdownOverview(rows)}\n${invalid}${parts.join('')}${more}${full.length ? markdownReferences(full.map((f) => ({ full: f }))) : ''}`;
    },
  };
}

/** Rows the overview table holds; past this the summary line has the counts. */
const SUMMARY_ROWS = 1000;
