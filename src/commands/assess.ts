import { Chalk } from 'chalk';
import type { Rulebook } from '../rulebook/types.js';
import { isPlaceholderTitle } from '../draft/placeholders.js';
import { SEVERITIES, failsAt, type FailOn } from '../rulebook/severity.js';
import { UsageError, type Problem } from '../load/errors.js';
import { assessFiles } from './assess-files.js';
import type { Assessment } from '../engine/assessment.js';
import { renderText } from '../render/text.js';
import { markdownReferences, renderMarkdown } from '../render/markdown.js';
import { markdownOverview, markdownProblems, overviewRow, type OverviewRow } from '../render/overview.js';
import { clean, cleanLine, mdEscape } from '../render/sanitize.js';
import { renderHtml } from '../render/html.js';
import { jsonRenderer } from '../render/json.js';
import { repoPath, sarifRenderer } from '../render/sarif.js';
import { groupProblems, JUNIT_END, junitInvalid, junitStart, junitSuite, type JunitSuite } from '../render/junit.js';
import { githubAnnotations, githubProblems, stepSummary, workflowCommand } from '../render/github.js';
import { appendFileSync, closeSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { expandInputs } from '../io/inputs.js';
import { announceWritten, confirmReplace, openOutput, outputIdentity, overwritingInput, refuseOverwritingInput } from '../io/output.js';
import { SameFileError } from '../load/read-file.js';
import { openTemp, untrackTemp } from '../io/temp-files.js';
import { formatError, reportWidth, useColour } from '../io/terminal.js';
import type { Context } from './context.js';
import { rulebookAt } from './rulebooks.js';
import { writeProblem } from '../io/write-failure.js';
import { today } from '../io/today.js';

export const FORMATS = ['text', 'markdown', 'json', 'sarif', 'junit', 'github', 'html'] as const;

export interface AssessFlags {
  format: (typeof FORMATS)[number];
  output?: string;
  /** Replace an existing --output file without asking. */
  force?: boolean;
  failOn: FailOn;
  minScore: number;
  role?: string;
  /** A local rulebook given on the command line; without it, drafts may name their own. */
  rulebook?: string;
  /** Stale or expired acknowledgements fail the run, so accepted risks are reviewed when they lapse. */
  strictAcknowledgements?: boolean;
  quiet?: boolean;
  /** The terminal report in full (markdown and HTML always are). */
  detail?: boolean;
  color?: boolean;
  /** The "What would move this" section (text, on by default) or the JSON `whatif` member (off by default). */
  whatif?: boolean;
}

/** Human reports (text, markdown, HTML) carry "What would move this" unless --no-whatif; JSON carries the paths only with --whatif. */
function wantsWhatIf(flags: AssessFlags): boolean | 'full' {
  if (flags.format === 'json') return flags.whatif === true ? 'full' : false;
  return ['text', 'markdown', 'html'].includes(flags.format) && flags.whatif !== false;
}

type Bar = Pick<AssessFlags, 'failOn' | 'minScore' | 'strictAcknowledgements'>;

/**
 * Why a draft falls short of the bar (PRODUCT section 9): its risks at or above --fail-on, a principle
 * below --min-score, a lapsed acknowledgement under --strict-acknowledgements. Risks are already in every
 * report, so formats say the `other` reasons beside them.
 */
export interface Shortfall {
  kind: 'risk' | 'score' | 'acknowledgement';
  text: string;
}

export function shortfalls(a: Assessment, flags: Bar): Shortfall[] {
  const reasons: Shortfall[] = [];
  const risky = a.findings.filter((f) => !f.acknowledged && failsAt(f.severity, flags.failOn));
  if (risky.length)
    reasons.push({
      kind: 'risk',
      text: `${risky.length} risk${risky.length === 1 ? '' : 's'} at or above --fail-on ${flags.failOn} (${[...new Set(risky.map((f) => f.id))].join(', ')})`,
    });
  if (flags.minScore > 0) {
    for (const p of a.principles.filter((x) => x.applicable)) {
      if (p.score === null)
        reasons.push({
          kind: 'score',
          text: `${p.shortTitle} could not be scored (no answers), so it cannot reach --min-score ${flags.minScore}`,
        });
      else if (p.score < flags.minScore)
        reasons.push({ kind: 'score', text: `${p.shortTitle} scored ${p.score}, below --min-score ${flags.minScore}` });
    }
  }
  if (flags.strictAcknowledgements)
    for (const s of a.staleAcknowledgements) reasons.push({ kind: 'acknowledgement', text: `${s.message} (--strict-acknowledgements)` });
  return reasons;
}

/** The reasons other than risks, in words. */
const otherReasons = (reasons: readonly Shortfall[]) => reasons.filter((r) => r.kind !== 'risk').map((r) => r.text);

/** "Below the bar: a; b." under a markdown report, or '' when nothing but its risks holds it back. */
function markdownBelowTheBar(reasons: readonly Shortfall[]): string {
  const other = otherReasons(reasons);
  return other.length ? `\n**Below the bar:** ${other.map(mdEscape).join('; ')}.\n` : '';
}

/** `gp-change assess`: every file is assessed even when another is bad; exit 2 > 1 > 0. */
export async function runAssess(patterns: string[], flags: AssessFlags, ctx: Context): Promise<number> {
  const chosen = await rulebookAt(flags.rulebook);
  const rb = chosen.rulebook;
  if (flags.role && !rb.roles.some((r) => r.id === flags.role)) {
    throw new UsageError(`--role must be one of ${rb.roles.map((r) => r.id).join(', ')}; got "${flags.role}"`);
  }
  const { files, missing } = await expandInputs(patterns);
  // Each draft is checked against the report's file as it is opened (a batch of thousands is spared a
  // look at every file first); nothing is written over the report's file before the run ends.
  const avoid = outputIdentity(flags.output);
  // Without --force an existing file is refused, or the user is asked: a clash is told first.
  if (avoid && !flags.force) refuseOverwritingInput(flags.output, files);
  const replace = await confirmReplace(flags.output, flags.force);
  const errors: Problem[] = missing.map((m) => ({ file: m.arg, message: m.message }));
  const colour = useColour(flags.color, !flags.output);
  const chalk = new Chalk({ level: colour ? 1 : 0 });
  const errChalk = new Chalk({ level: useColour(flags.color, false, process.stderr) ? 1 : 0 });
  const width = reportWidth(100);
  const date = today();
  const memo = process.env.GP_CHANGE_MEMO !== 'off';
  const out = openOutput(flags.output, { replace });
  const summary = {
    drafts: 0,
    invalid: missing.length,
    verdicts: { ready: 0, revise: 0, rethink: 0 },
    risks: { high: 0, medium: 0, low: 0, accepted: 0 },
    failing: 0,
  };
  const belowTheBar: { file: string; reasons: string[] }[] = [];
  const batch = files.length + missing.length > 1;
  let shortfall = false;

  for (const e of errors) process.stderr.write(formatError(e, errChalk));
  const ci = ciFormat(rb, flags, ctx.version, batch);
  try {
    if (flags.format === 'json') out.write(jsonRenderer.begin({ name: 'gp-change', version: ctx.version }));
    if (ci) out.write(ci.begin(errors));
    let index = 0;
    let printed = 0;
    for await (const r of assessFiles(chosen, files, { role: flags.role, today: date, memo }, !flags.rulebook, avoid, wantsWhatIf(flags))) {
      if (r.problems) {
        summary.invalid++;
        for (const p of r.problems) {
          errors.push(p);
          process.stderr.write(formatError(p, errChalk));
        }
        if (ci) out.write(ci.invalid(r.file, r.problems));
        continue;
      }
      const a = r.assessment;
      if (isPlaceholderTitle(a.title))
        process.stderr.write(
          `note: ${cleanLine(a.file)} still has the placeholder title ("${a.title}"): fill in the draft, then assess it again\n`,
        );
      summary.drafts++;
      summary.verdicts[a.verdict.level]++;
      for (const f of a.findings) {
        if (f.acknowledged) summary.risks.accepted++;
        else summary.risks[f.severity]++;
      }
      const reasons = shortfalls(a, flags);
      const short = reasons.length > 0;
      if (short) {
        summary.failing++;
        belowTheBar.push({ file: a.file, reasons: reasons.map((r) => r.text) });
      }
      shortfall ||= short;
      if (flags.format === 'json') out.write(jsonRenderer.draft(a, index));
      else if (ci) out.write(ci.draft(a, short, reasons));
      else if (!flags.quiet || short) {
        // A separator between reports printed, not drafts checked: with --quiet the first may be the fifth.
        if (printed++) out.write(flags.format === 'markdown' ? '\n---\n\n' : `\n${'-'.repeat(Math.min(width, 100))}\n\n`);
        out.write(flags.format === 'markdown' ? renderMarkdown(a) : renderText(a, { chalk, width, detail: flags.detail }));
        // The risks are in the report already; say what else holds the draft back (a low score, a lapsed acknowledgement).
        const other = otherReasons(reasons);
        if (flags.format === 'markdown') out.write(markdownBelowTheBar(reasons));
        else if (other.length) out.write(`\n${chalk.red.bold('Below the bar:')} ${clean(other.join('; '))}.\n`);
      }
      index++;
    }
    if (flags.format === 'json') out.write(jsonRenderer.end(errors, { ...summary, belowTheBar }));
    else if (ci) ci.end(errors, summaryLine(summary), (text) => out.write(text));
    else if (batch || flags.quiet) {
      const line = summaryLine(summary);
      out.write(flags.format === 'markdown' ? `\n---\n\n${line}\n` : `\n${chalk.bold(line)}\n`);
    }
    // A signal that came while a long draft held the event loop is handled here, before the report is put
    // in place: the run ends with 128+n and no report (src/io/temp-files.ts), never with a report and 0.
    await new Promise((resolve) => setImmediate(resolve));
    out.close();
    announceWritten(flags.output);
  } catch (error) {
    out.abort();
    throw error instanceof SameFileError ? overwritingInput(flags.output!, error.file) : error;
  } finally {
    ci?.dispose?.();
  }
  return errors.length ? 2 : shortfall ? 1 : 0;
}

function summaryLine(s: {
  drafts: number;
  invalid: number;
  verdicts: Record<string, number>;
  risks: Record<string, number>;
  failing: number;
}): string {
  const verdicts = Object.entries(s.verdicts)
    .filter(([, n]) => n)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
  const risks = SEVERITIES.map((k) => `${s.risks[k]} ${k}`).join(', ');
  return `${s.drafts} draft${s.drafts === 1 ? '' : 's'} checked${verdicts ? ` (${verdicts})` : ''}; risks: ${risks}${s.risks.accepted ? `, ${s.risks.accepted} accepted` : ''}; ${s.failing} below the bar${s.invalid ? `; ${s.invalid} invalid` : ''}`;
}

/**
 * The CI formats (sarif, junit, github): each draft's piece is written as it comes, except JUnit, whose
 * document opens with totals: its suites wait in a temporary file (not in memory: 10,000 drafts make
 * about 100 MB of XML) and are copied out once the run is over. Paths are relative to the working
 * directory (the repository root in CI). For `github`, the job summary goes to $GITHUB_STEP_SUMMARY.
 */
interface CiFormat {
  begin(missing: Problem[]): string;
  /** `reasons`: why the draft falls short of the bar (empty when it does not). */
  draft(a: Assessment, short: boolean, reasons: Shortfall[]): string;
  invalid(file: string, problems: Problem[]): string;
  /** Writes everything after the last draft (for JUnit, the whole document). */
  end(errors: Problem[], summary: string, write: (text: string) => void): void;
  /** Frees what the format holds, whether or not the run got to the end. */
  dispose?(): void;
}

/**
 * Text parked on disk until it can be written, then copied out in chunks; the file goes with `remove`.
 * Where no temporary file can be made, the text is held in memory instead.
 */
function spillFile() {
  let fd: number | undefined;
  let path = '';
  let memory: string[] | undefined;
  return {
    write(text: string): void {
      if (memory) return void memory.push(text);
      if (fd === undefined) {
        path = join(tmpdir(), `gp-change-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.tmp`);
        try {
          fd = openTemp(path, 'wx+', 0o600);
        } catch {
          memory = [text];
          return;
        }
      }
      writeSync(fd, text);
    },
    copyTo(write: (text: string) => void): void {
      if (memory) for (const text of memory) write(text);
      if (fd === undefined) return;
      const buffer = Buffer.allocUnsafe(1 << 20);
      const decoder = new StringDecoder('utf8'); // a chunk may end inside a character
      for (let pos = 0, n; (n = readSync(fd, buffer, 0, buffer.length, pos)) > 0; pos += n) write(decoder.write(buffer.subarray(0, n)));
      const rest = decoder.end();
      if (rest) write(rest);
    },
    remove(): void {
      if (fd === undefined) return;
      closeSync(fd);
      fd = undefined;
      try {
        unlinkSync(path);
      } catch {
        /* already gone */
      }
      untrackTemp(path);
    },
  };
}

function ciFormat(rb: Rulebook, flags: AssessFlags, version: string, batch: boolean): CiFormat | undefined {
  const root = process.cwd();
  if (flags.format === 'markdown' && batch) {
    // One document: the overview and the drafts that could not be checked first, then each report (parked
    // on disk meanwhile), then the references once.
    const spill = spillFile();
    const rows: OverviewRow[] = [];
    const refs = new Map<string, string>();
    const invalid: Problem[] = [];
    return {
      begin: (missing) => {
        invalid.push(...missing);
        return '';
      },
      draft: (a, short, reasons) => {
        rows.push(overviewRow(a, short));
        if (!flags.quiet || short) {
          spill.write(`\n---\n\n${renderMarkdown(a, { references: false, level: 2 })}${markdownBelowTheBar(reasons)}`);
          for (const r of a.references) refs.set(r.id, r.full);
        }
        return '';
      },
      invalid: (_file, problems) => {
        invalid.push(...problems);
        return '';
      },
      end: (_errors, line, write) => {
        write(
          `# gp-change: ${rows.length} draft${rows.length === 1 ? '' : 's'} checked\n\n${markdownOverview(rows)}\n${markdownProblems(invalid, '##')}`,
        );
        spill.copyTo(write);
        const full = [...refs.values()].sort((x, y) => x.localeCompare(y));
        write(`${full.length ? `\n---\n\n${markdownReferences(full.map((f) => ({ full: f })))}` : ''}\n---\n\n${line}\n`);
      },
      dispose: () => spill.remove(),
    };
  }
  if (flags.format === 'html') {
    // One document for every draft (a report a page), written once all are assessed.
    const reports: Assessment[] = [];
    const shortOnes: boolean[] = [];
    const problems: Problem[] = [];
    return {
      begin: (missing) => {
        problems.push(...missing);
        return '';
      },
      draft: (a, short) => {
        if (!flags.quiet || short) {
          reports.push(a);
          shortOnes.push(short);
        }
        return '';
      },
      invalid: (_file, list) => {
        problems.push(...list);
        return '';
      },
      end: (_errors, _line, write) => write(renderHtml(reports, { short: shortOnes, problems })),
    };
  }
  if (flags.format === 'sarif') {
    const r = sarifRenderer(rb, { name: 'gp-change', version }, { root });
    return {
      begin: () => r.begin(),
      draft: (a, _short, reasons) => r.draft(a, otherReasons(reasons)),
      invalid: () => '',
      end: (errors, _line, write) => write(r.end(errors)),
    };
  }
  if (flags.format === 'junit') {
    const totals = { tests: 0, failures: 0, errors: 0, skipped: 0 };
    const spill = spillFile();
    const opts = { failOn: flags.failOn, minScore: flags.minScore, strictAcknowledgements: flags.strictAcknowledgements, root };
    const add = (suite: JunitSuite) => {
      for (const k of ['tests', 'failures', 'errors', 'skipped'] as const) totals[k] += suite[k];
      spill.write(suite.xml);
      return '';
    };
    return {
      begin: (missing) => {
        for (const [file, problems] of groupProblems(missing)) add(junitInvalid(file, problems, root));
        return '';
      },
      draft: (a) => add(junitSuite(rb, a, opts)),
      invalid: (file, problems) => add(junitInvalid(file, problems, root)),
      end: (_errors, _line, write) => {
        write(junitStart(totals));
        spill.copyTo(write);
        write(JUNIT_END);
      },
      dispose: () => spill.remove(),
    };
  }
  if (flags.format === 'github') {
    const summaryFile = process.env.GITHUB_STEP_SUMMARY;
    const jobSummary = summaryFile ? stepSummary() : undefined;
    return {
      begin: (missing) => {
        jobSummary?.problems(missing, { root });
        return githubProblems(missing, { root });
      },
      draft: (a, short, reasons) => {
        jobSummary?.add(a, short, !flags.quiet || short);
        // Risks are annotated on their own lines; the other reasons a draft fails (a score below
        // --min-score, a lapsed acknowledgement) are said once, on the draft's first line.
        const other = otherReasons(reasons);
        return (
          githubAnnotations(rb, a, { root }) +
          other
            .map((r) => `${workflowCommand('error', { file: repoPath(a.file, root), line: 1, title: 'below the bar (gp-change)' }, r)}`)
            .join('')
        );
      },
      invalid: (_file, problems) => {
        jobSummary?.problems(problems, { root });
        return githubProblems(problems, { root });
      },
      end: (_errors, line, write) => {
        if (summaryFile && jobSummary) {
          try {
            appendFileSync(summaryFile, jobSummary.finish(line));
          } catch (error) {
            process.stderr.write(
              `warning: cannot write the job summary to GITHUB_STEP_SUMMARY (${cleanLine(summaryFile)}: ${writeProblem(error)})\n`,
            );
          }
        }
        write(`${line}\n`);
      },
    };
  }
  return undefined;
}
