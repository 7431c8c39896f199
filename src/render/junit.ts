import type { Assessment, Finding } from '../engine/assessment.js';
import type { Problem } from '../load/errors.js';
import type { Rulebook } from '../rulebook/types.js';
import { failsAt, type FailOn } from '../rulebook/severity.js';
import { clean, cleanLine } from './sanitize.js';
import { severityChange } from './phrases.js';
import { evidenceLine } from './evidence-line.js';
import { acknowledgementText, entryLabel, repoPath } from './sarif.js';

/**
 * JUnit XML (`gp-change assess --format junit`), as GitLab, Jenkins and test-report actions read it:
 * one <testsuite> per draft (named by its file), a <testcase> per principle (classname `principles`,
 * failing when below --min-score) and one per finding (classname `risks`):
 *
 * - at or above --fail-on, not acknowledged: <failure>;
 * - acknowledged: <skipped message="accepted: ..."/>, whatever its severity;
 * - below --fail-on: <skipped message="below --fail-on ..."/>, so every finding stays visible in the
 *   test report without failing the pipeline (a passing test case would read as "risk absent").
 *
 * Stale acknowledgements are test cases with classname `acknowledgements`, skipped (failing with
 * `strictAcknowledgements`). A draft that cannot be read is a test suite with one <error>.
 * Pure functions; the command collects the suites and writes the document once the totals are known.
 */

export interface JunitOptions {
  failOn: FailOn;
  minScore: number;
  /** The folder paths are made relative to (the repository root in CI). */
  root: string;
  strictAcknowledgements?: boolean;
}

export interface JunitSuite {
  xml: string;
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

// XML 1.0 allows tab, LF, CR, U+0020-U+D7FF, U+E000-U+FFFD and the astral planes; everything else
// (other C0 controls, lone surrogates, U+FFFE/U+FFFF) cannot appear even escaped.
const ILLEGAL = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text safe in XML content and attribute values: escape sequences removed, illegal characters stripped, markup escaped. */
export function xmlEscape(text: string): string {
  return clean(text)
    .replace(ILLEGAL, '')
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** An attribute value on one line (parsers turn raw newlines in attributes into spaces anyway). */
function attr(text: string): string {
  return xmlEscape(cleanLine(text));
}

function attrs(values: Record<string, string | number | undefined>): string {
  return Object.entries(values)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => ` ${k}="${typeof v === 'number' ? v : attr(v!)}"`)
    .join('');
}

function where(file: string, l: { line: number; col: number }): string {
  return `${file}:${l.line}:${l.col}`;
}

function findingDetails(rb: Rulebook, a: Assessment, f: Finding, file: string): string {
  const lines = [
    `${f.severity.toUpperCase()} ${f.id} at ${where(file, f.location)} (${f.location.path})${f.entry ? `, ${entryLabel(rb, f)}` : ''}`,
    clean(f.explanation),
  ];
  const change = severityChange(f);
  if (change) lines.push(clean(change));
  lines.push(`Evidence: ${evidenceLine(f.evidence)}`);
  if (f.advice) lines.push(`${a.role.audience}: ${clean(f.advice)}`);
  for (const act of f.actions) lines.push(`- ${clean(act.text)}`);
  if (f.acknowledged) lines.push(`Accepted: ${acknowledgementText(f.acknowledged)}`);
  return lines.join('\n');
}

/** The test suite of one assessed draft. */
export function junitSuite(rb: Rulebook, a: Assessment, opts: JunitOptions): JunitSuite {
  const file = repoPath(a.file, opts.root);
  const cases: string[] = [];
  let failures = 0;
  let skipped = 0;

  for (const p of a.principles) {
    const name = `${p.number}. ${p.shortTitle} (${p.id})`;
    const status = `score ${p.score ?? 'none'}${p.score === null ? ' (nothing that scores it was answered)' : `/100, ${p.band}`}; ${p.coverage.answered} of ${p.coverage.asked} questions answered`;
    const below = opts.minScore > 0 && (p.score === null || p.score < opts.minScore);
    let body = `\n      <system-out>${xmlEscape(status)}</system-out>`;
    if (below) {
      failures++;
      const message =
        p.score === null
          ? `${p.shortTitle} has no score; --min-score ${opts.minScore} needs one`
          : `${p.shortTitle} scored ${p.score}, below --min-score ${opts.minScore}`;
      body = `\n      <failure${attrs({ message, type: 'min-score' })}>${xmlEscape(`${cleanLine(p.title)}: ${status}`)}</failure>${body}`;
    }
    cases.push(`    <testcase${attrs({ classname: 'principles', name, file })}>${body}\n    </testcase>`);
  }

  for (const f of a.findings) {
    const name = `${f.id}: ${cleanLine(f.title)}${f.entry ? ` - ${entryLabel(rb, f)}` : ''}`;
    const details = xmlEscape(findingDetails(rb, a, f, file));
    let body: string;
    if (f.acknowledged) {
      skipped++;
      body = `<skipped${attrs({ message: `accepted: ${acknowledgementText(f.acknowledged)}` })}/>\n      <system-out>${details}</system-out>`;
    } else if (failsAt(f.severity, opts.failOn)) {
      failures++;
      body = `<failure${attrs({ message: `${f.severity} risk ${f.id} at ${where(file, f.location)}: ${cleanLine(f.title)}`, type: f.severity })}>${details}</failure>`;
    } else {
      skipped++;
      body = `<skipped${attrs({ message: `${f.severity} risk below --fail-on ${opts.failOn}: reported, not failing` })}/>\n      <system-out>${details}</system-out>`;
    }
    cases.push(`    <testcase${attrs({ classname: 'risks', name, file, line: f.location.line })}>\n      ${body}\n    </testcase>`);
  }

  for (const s of a.staleAcknowledgements) {
    const message = `${where(file, s.location)}: ${cleanLine(s.message)}`;
    let body: string;
    if (opts.strictAcknowledgements) {
      failures++;
      body = `<failure${attrs({ message, type: `stale-acknowledgement` })}>${xmlEscape(message)}</failure>`;
    } else {
      skipped++;
      body = `<skipped${attrs({ message })}/>`;
    }
    cases.push(
      `    <testcase${attrs({ classname: 'acknowledgements', name: `${s.risk} (${s.reason})`, file, line: s.location.line })}>\n      ${body}\n    </testcase>`,
    );
  }

  const tests = cases.length;
  const head = `  <testsuite${attrs({ name: file, tests, failures, errors: 0, skipped })}>`;
  const props = [
    ['title', cleanLine(a.title)],
    ['id', a.id],
    ['role', a.role.id],
    ['verdict', a.verdict.level],
    ['verdict-reason', a.verdict.reason],
    ['rulebook', `${a.rulebook.id} ${a.rulebook.version}`],
  ]
    .map(([k, v]) => `      <property${attrs({ name: k, value: v })}/>`)
    .join('\n');
  const xml = `${head}\n    <properties>\n${props}\n    </properties>\n${cases.join('\n')}\n  </testsuite>\n`;
  return { xml, tests, failures, errors: 0, skipped };
}

/** The test suite of a draft that could not be read or is invalid: one test case with an <error>. */
export function junitInvalid(file: string, problems: Problem[], root: string): JunitSuite {
  const rel = repoPath(file, root);
  const text = problems.map((p) => `${p.line ? where(rel, { line: p.line, col: p.col ?? 1 }) : rel}: ${p.message}`).join('\n');
  const first = problems[0];
  const message = first
    ? `${first.line ? where(rel, { line: first.line, col: first.col ?? 1 }) : rel}: ${first.message}`
    : `${rel}: invalid draft`;
  const xml =
    `  <testsuite${attrs({ name: rel, tests: 1, failures: 0, errors: 1, skipped: 0 })}>\n` +
    `    <testcase${attrs({ classname: 'draft', name: 'readable and valid', file: rel, line: first?.line })}>\n` +
    `      <error${attrs({ message, type: 'invalid-draft' })}>${xmlEscape(text)}</error>\n` +
    `    </testcase>\n  </testsuite>\n`;
  return { xml, tests: 1, failures: 0, errors: 1, skipped: 0 };
}

export type JunitTotals = Omit<JunitSuite, 'xml'>;

/** The counts of a list of suites, for the document's root element. */
export function junitTotals(suites: JunitTotals[]): JunitTotals {
  return suites.reduce(
    (t, s) => ({
      tests: t.tests + s.tests,
      failures: t.failures + s.failures,
      errors: t.errors + s.errors,
      skipped: t.skipped + s.skipped,
    }),
    {
      tests: 0,
      failures: 0,
      errors: 0,
      skipped: 0,
    },
  );
}

/**
 * The document's opening, with the run's totals: a caller that streams suites (and so cannot hold them
 * all) writes this, then each suite's `xml` in order, then `JUNIT_END`.
 */
export function junitStart(total: JunitTotals, name = 'gp-change'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${attrs({ name, ...total })}>\n`;
}

export const JUNIT_END = '</testsuites>\n';

/** The whole document from the suites, in the order given. */
export function junitDocument(suites: JunitSuite[], name = 'gp-change'): string {
  return `${junitStart(junitTotals(suites), name)}${suites.map((s) => s.xml).join('')}${JUNIT_END}`;
}

/** Groups problems by file (a run's errors arrive as a flat list), keeping the first-seen order. */
export function groupProblems(problems: Problem[]): Map<string, Problem[]> {
  const by = new Map<string, Problem[]>();
  for (const p of problems) by.set(p.file, [...(by.get(p.file) ?? []), p]);
  return by;
}

/** A whole report for a list of assessments and problems (used by tests and small runs). */
export function renderJunit(rb: Rulebook, assessments: Assessment[], problems: Problem[], opts: JunitOptions): string {
  const suites = assessments.map((a) => junitSuite(rb, a, opts));
  for (const [file, ps] of groupProblems(problems)) suites.push(junitInvalid(file, ps, opts.root));
  return junitDocument(suites);
}
