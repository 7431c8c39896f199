import type { Assessment, Finding, StaleAcknowledgement } from '../engine/assessment.js';
import type { Problem } from '../load/errors.js';
import type { Rulebook, Severity } from '../rulebook/types.js';
import { renderMarkdown } from './markdown.js';
import { clean, cleanLine, mdEscape } from './sanitize.js';
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
 * The markdown job summary: each draft's markdown report, a list of the drafts that could not be checked
 * (file:line:column and the problem), then the summary line. Once the next report would pass `limit`
 * bytes, the rest are only counted, and a closing note says so.
 */
export function stepSummary(limit = STEP_SUMMARY_LIMIT) {
  const parts: string[] = [];
  const problems: string[] = [];
  let size = 0;
  let left = 0;
  let problemsLeft = 0;
  return {
    add(a: Assessment): void {
      const md = `${parts.length ? '\n---\n\n' : ''}${renderMarkdown(a)}`;
      const bytes = Buffer.byteLength(md, 'utf8');
      if (left || size + bytes > limit) {
        left++;
        return;
      }
      parts.push(md);
      size += bytes;
    },
    /** Problems of a draft that could not be read or is invalid (or of a pattern that matched nothing). */
    problems(list: Problem[], opts: GithubOptions): void {
      for (const p of list) {
        if (problems.length >= SUMMARY_PROBLEMS) {
          problemsLeft++;
          continue;
        }
        const where = `${repoPath(p.file, opts.root)}${p.line ? `:${p.line}:${p.col ?? 1}` : ''}`;
        problems.push(`- **${mdEscape(where)}**: ${mdEscape(p.message)}`);
      }
    },
    finish(summaryLine: string): string {
      const more = left
        ? `\n---\n\n*${left} more draft report${left === 1 ? '' : 's'} left out: GitHub limits a job summary to 1 MiB. The annotations and the SARIF upload have every finding.*\n`
        : '';
      const invalid = problems.length
        ? `\n---\n\n## Drafts that could not be checked\n\n${problems.join('\n')}\n${problemsLeft ? `\n*${problemsLeft} more problem${problemsLeft === 1 ? '' : 's'}: see the annotations.*\n` : ''}`
        : '';
      return `${parts.join('')}${more}${invalid}\n---\n\n**gp-change:** ${cleanLine(summaryLine)}\n`;
    },
  };
}
