import { createRequire } from 'node:module';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Assessment, Finding, Location, StaleAcknowledgement } from '../engine/assessment.js';
import type { Problem } from '../load/errors.js';
import type { Reference, Risk, Rulebook, Severity } from '../rulebook/types.js';
import { referenceStrength, strengthWords } from '../rulebook/evidence-strength.js';
import { citationOf, shortCitation } from '../engine/citations.js';
import { builtinRulebook } from '../rulebook/builtin.js';
import { clean, cleanLine, jsonSafe, mdEscape } from './sanitize.js';
import { severityChange } from './phrases.js';

/**
 * SARIF 2.1.0 (`gp-change assess --format sarif`): one run, one rule per risk of the rulebook, one result
 * per finding. Pure functions from assessments to text; the command layer streams the pieces
 * (`sarifRenderer.begin`, `.draft` per assessment, `.end`) so a run over thousands of drafts never holds
 * them all. `renderSarif` joins the pieces for a whole list at once.
 */

export const PROJECT_URL = 'https://github.com/gp-change/gp-change';
export const RISKS_DOC_URL = `${PROJECT_URL}/blob/main/docs/risks.md`;
const SCHEMA_URL = 'https://json.schemastore.org/sarif-2.1.0.json';
/** The key of our own partial fingerprint (SARIF 3.27.17: versioned names). */
export const FINGERPRINT_KEY = 'gpChangeFinding/v1';
export const SRCROOT = '%SRCROOT%';

export const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { high: 'error', medium: 'warning', low: 'note' };

export interface SarifTool {
  name: string;
  version: string;
}

export interface SarifOptions {
  /** The folder paths are made relative to (the repository root in CI); the command passes the working directory. */
  root: string;
}

// ---------------------------------------------------------------------------------------------------
// Shared by the CI formats (sarif, junit, github)

/** A draft's path relative to `root` with forward slashes, or the absolute path when it lies outside. */
export function repoPath(file: string, root: string): string {
  const abs = resolve(root, file);
  const rel = relative(root, abs);
  if (!rel || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) return abs.split(sep).join('/');
  return rel.split(sep).join('/');
}

/**
 * A location's region for tools that count an end column as exclusive and read a missing end column as
 * "to the end of the line". A block node's span ends at column 1 of the line after it; that becomes the
 * end of its last line, so a target's entry is shown on its own lines and not one more.
 */
export function region(l: Pick<Location, 'line' | 'col' | 'endLine' | 'endCol'>): {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn?: number;
} {
  if (l.endLine > l.line && l.endCol <= 1) return { startLine: l.line, startColumn: l.col, endLine: l.endLine - 1 };
  if (l.endLine < l.line || (l.endLine === l.line && l.endCol <= l.col)) return { startLine: l.line, startColumn: l.col, endLine: l.line };
  return { startLine: l.line, startColumn: l.col, endLine: l.endLine, endColumn: l.endCol };
}

/** The list item word for a finding's entry ("target"), from the rulebook. */
export function entryLabel(rb: Rulebook, f: Finding): string {
  if (!f.entry) return '';
  const item = rb.lists.find((l) => l.id === f.entry!.list)?.item ?? f.entry.list;
  return `${item} "${cleanLine(f.entry.name)}"`;
}

/** "Target pulls attention from other care (target-displacement), target "95% ..."" */
export function findingHeadline(rb: Rulebook, f: Finding): string {
  const entry = entryLabel(rb, f);
  return `${cleanLine(f.title)} (${f.id})${entry ? `, ${entry}` : ''}`;
}

export function acknowledgementText(ack: NonNullable<Finding['acknowledged']>): string {
  const who = [ack.by ? `by ${cleanLine(ack.by)}` : '', ack.until ? `until ${ack.until}` : ''].filter(Boolean).join(', ');
  return `${cleanLine(ack.reason)}${who ? ` (${who})` : ''}`;
}

/** Every risk of the rulebook, in rulebook order: the rule list and its index. */
export function rulebookRisks(rb: Rulebook): Risk[] {
  return rb.principles.flatMap((p) => p.risks);
}

/**
 * GitHub's anchor for a markdown heading (github-slugger): lower case, drop everything but letters,
 * digits, marks, connector punctuation, hyphens and spaces, then spaces become hyphens.
 */
export function githubAnchor(heading: string): string {
  return heading
    .replace(/`/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** The heading docs/risks.md gives a risk (src/render/rulebook-md.ts, riskMarkdown). */
export function riskHeading(r: Risk): string {
  return `\`${r.id}\`: ${r.title}`;
}

let documented: Map<string, Risk> | undefined;

/** The risk's section in docs/risks.md, which documents the built-in rulebook; none for a risk only a local rulebook has. */
export function riskHelpUri(r: Risk): string | undefined {
  documented ??= new Map(rulebookRisks(builtinRulebook).map((x) => [x.id, x]));
  const doc = documented.get(r.id);
  return doc ? `${RISKS_DOC_URL}#${encodeURIComponent(githubAnchor(riskHeading(doc)))}` : undefined;
}

// ---------------------------------------------------------------------------------------------------
// Rules

function pascal(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

function audienceOf(rb: Rulebook, role: string): string {
  return rb.roles.find((x) => x.id === role)?.audience ?? role;
}

/**
 * A SARIF plain-text message: `[text](target)` there is an embedded link (SARIF 2.1.0, 3.11.6), so a
 * literal square bracket in user or rulebook text is escaped with a backslash, as the standard asks.
 */
export function sarifText(s: string): string {
  return s.replace(/[[\]]/g, '\\$&');
}

function mdText(s: string): string {
  return clean(s).replace(/[<>&]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&amp;'));
}

export function sarifRule(rb: Rulebook, r: Risk): Record<string, unknown> {
  const refs = r.evidence.map((id) => rb.references.find((x) => x.id === id)).filter((x): x is Reference => !!x);
  const principle = rb.principles.find((p) => p.id === r.principle);
  const advice = Object.entries(r.advice);
  const claims = (principle?.evidence ?? []).filter((c) => r.claims?.includes(c.id));
  const helpUri = riskHelpUri(r);
  const cite = (ref: Reference) => {
    const s = referenceStrength(rb, r, ref.id);
    return `${shortCitation(ref)}${s ? ` (${strengthWords(s)} evidence)` : ''}`;
  };
  const text = [
    clean(r.explanation),
    '',
    ...advice.map(([role, a]) => `${audienceOf(rb, role)}: ${clean(a)}`),
    '',
    `Evidence: ${refs.map(cite).join('; ')}.`,
    '',
    `More: gp-change explain ${r.id}`,
  ].join('\n');
  const markdown = [
    mdEscape(r.explanation),
    '',
    '**What to do**',
    '',
    ...advice.map(([role, a]) => `- **${mdEscape(audienceOf(rb, role))}:** ${mdEscape(a)}`),
    '',
    '**Evidence**',
    '',
    ...refs.map((ref) => {
      const s = referenceStrength(rb, r, ref.id);
      return `- ${mdText(citationOf(rb, ref))}${s ? ` *(${strengthWords(s)} evidence)*` : ''}`;
    }),
    ...claims.map((c) => `- *Claim (${strengthWords(c.strength)}: ${mdEscape(c.grade.reason)}):* ${mdEscape(c.claim)}`),
    '',
    `Run \`gp-change explain ${r.id}\`${helpUri ? ` or see [the risk in full](${helpUri})` : ''}.`,
  ].join('\n');
  return {
    id: r.id,
    name: pascal(r.id),
    shortDescription: { text: sarifText(cleanLine(r.title)) },
    fullDescription: { text: sarifText(clean(r.explanation)) },
    ...(helpUri ? { helpUri } : {}),
    help: { text: sarifText(text), markdown },
    defaultConfiguration: { level: LEVEL[r.severity] },
    properties: {
      tags: [r.principle],
      ...(principle ? { principle: `${principle.number}. ${cleanLine(principle.title)}` } : {}),
      severity: r.severity,
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Results

const ABSOLUTE = /^(?:\/|[A-Za-z]:\/)/;

/** A relative path as a URI reference (each segment percent-encoded); an absolute one as a file: URI. */
function uriOf(path: string): string {
  if (ABSOLUTE.test(path)) return pathToFileURL(path).href;
  return path
    .split('/')
    .map((seg) => encodeURIComponent(seg))
    .join('/');
}

function physical(
  l: Pick<Location, 'file' | 'line' | 'col' | 'endLine' | 'endCol'>,
  root: string,
  withRegion = true,
): Record<string, unknown> {
  const path = repoPath(l.file, root);
  const artifactLocation = ABSOLUTE.test(path) ? { uri: uriOf(path) } : { uri: uriOf(path), uriBaseId: SRCROOT };
  return { artifactLocation, ...(withRegion && l.line ? { region: region(l) } : {}) };
}

/** sha256 of the rule, the file and the finding's path in the draft (not its line: inserting lines re-opens nothing). */
export function fingerprint(ruleId: string, file: string, path: string): string {
  return sha256().update(`${ruleId}\u0000${file}\u0000${path}`).digest('hex');
}

export function sarifResults(rb: Rulebook, a: Assessment, opts: SarifOptions, ruleIndex = indexRules(rb)): Record<string, unknown>[] {
  return a.findings.map((f) => {
    const file = repoPath(f.location.file, opts.root);
    const change = severityChange(f);
    const graver = change ? ` ${clean(change)}` : '';
    const advice = f.advice ? ` ${a.role.audience}: ${clean(f.advice)}` : '';
    const index = ruleIndex.get(f.id);
    return {
      ruleId: f.id,
      ...(index === undefined ? {} : { ruleIndex: index }),
      level: LEVEL[f.severity],
      message: { text: sarifText(`${findingHeadline(rb, f)}: ${clean(f.explanation)}${graver}${advice}`) },
      locations: [{ physicalLocation: physical(f.location, opts.root), logicalLocations: [{ fullyQualifiedName: f.location.path }] }],
      ...(f.related.length
        ? {
            relatedLocations: f.related.map((l, i) => ({
              id: i + 1,
              physicalLocation: physical(l, opts.root),
              message: { text: sarifText(l.path) },
            })),
          }
        : {}),
      partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(f.id, file, f.location.path) },
      ...(f.acknowledged
        ? { suppressions: [{ kind: 'external', status: 'accepted', justification: acknowledgementText(f.acknowledged) }] }
        : {}),
      properties: {
        principle: f.principle,
        severity: f.severity,
        ...(f.baseSeverity ? { baseSeverity: f.baseSeverity } : {}),
        draft: { id: a.id, title: cleanLine(a.title), verdict: a.verdict.level },
      },
    };
  });
}

function indexRules(rb: Rulebook): Map<string, number> {
  return new Map(rulebookRisks(rb).map((r, i) => [r.id, i]));
}

/** An invalid draft (or a pattern that matched nothing): a tool execution notification at its position. */
export function sarifProblem(p: Problem, root: string): Record<string, unknown> {
  const loc = p.line
    ? { file: p.file, line: p.line, col: p.col ?? 1, endLine: p.endLine ?? p.line, endCol: p.endCol ?? p.col ?? 1 }
    : undefined;
  return {
    level: 'error',
    message: { text: sarifText(cleanLine(p.message)) },
    locations: [{ physicalLocation: physical(loc ?? { file: p.file, line: 0, col: 0, endLine: 0, endCol: 0 }, root, !!loc) }],
    descriptor: { id: 'invalid-draft' },
  };
}

export function sarifStale(s: StaleAcknowledgement, root: string): Record<string, unknown> {
  return {
    level: 'warning',
    message: { text: sarifText(cleanLine(s.message)) },
    locations: [{ physicalLocation: physical(s.location, root) }],
    descriptor: { id: `stale-acknowledgement/${s.reason}` },
  };
}

// ---------------------------------------------------------------------------------------------------
// The document, streamed

/** A rule for a risk the run's rulebook does not have (a draft that names its own rulebook): from the finding. */
function ruleFromFinding(f: Finding): Record<string, unknown> {
  return {
    id: f.id,
    name: pascal(f.id),
    shortDescription: { text: sarifText(cleanLine(f.title)) },
    fullDescription: { text: sarifText(clean(f.explanation)) },
    help: { text: sarifText(`${clean(f.explanation)}\n\nMore: gp-change explain ${f.id} (with the draft's rulebook)`) },
    defaultConfiguration: { level: LEVEL[f.baseSeverity ?? f.severity] },
    properties: { tags: [f.principle], severity: f.baseSeverity ?? f.severity },
  };
}

export interface SarifRenderer {
  /** Everything before the first result. */
  begin(): string;
  /**
   * The results of one assessment (empty when it has none). `belowTheBar`: other reasons the draft
   * fails the run (a principle under --min-score), reported as error notifications on the draft.
   */
  draft(a: Assessment, belowTheBar?: string[]): string;
  /**
   * Everything after the last result: the tool with its rules (written last, so that risks of a
   * draft's own rulebook get rules too), and the invocation with invalid drafts and stale acknowledgements.
   */
  end(errors: Problem[]): string;
}

export function sarifRenderer(rb: Rulebook, tool: SarifTool, opts: SarifOptions): SarifRenderer {
  const risks = rulebookRisks(rb);
  const rules = risks.map((r) => sarifRule(rb, r));
  const ruleIndex = indexRules(rb);
  let count = 0;
  const stale: Record<string, unknown>[] = [];
  return {
    begin() {
      return `{"version":"2.1.0","$schema":${JSON.stringify(SCHEMA_URL)},"runs":[{"results":[`;
    },
    draft(a, belowTheBar = []) {
      for (const s of a.staleAcknowledgements) stale.push(sarifStale(s, opts.root));
      for (const reason of belowTheBar) {
        stale.push({
          level: 'error',
          message: { text: sarifText(cleanLine(reason)) },
          locations: [{ physicalLocation: physical({ file: a.file, line: 1, col: 1, endLine: 1, endCol: 1 }, opts.root) }],
          descriptor: { id: 'below-the-bar' },
        });
      }
      for (const f of a.findings) {
        if (ruleIndex.has(f.id)) continue;
        ruleIndex.set(f.id, rules.length);
        rules.push(ruleFromFinding(f));
      }
      return sarifResults(rb, a, opts, ruleIndex)
        .map((r) => `${count++ ? ',' : ''}\n${jsonSafe(JSON.stringify(r))}`)
        .join('');
    },
    end(errors) {
      const notifications = [...errors.map((p) => sarifProblem(p, opts.root)), ...stale];
      const rest = {
        tool: { driver: { name: tool.name, version: tool.version, informationUri: PROJECT_URL, rules } },
        invocations: [
          { executionSuccessful: errors.length === 0, ...(notifications.length ? { toolExecutionNotifications: notifications } : {}) },
        ],
        columnKind: 'utf16CodeUnits',
        properties: { rulebook: { id: rb.id, version: rb.version, title: cleanLine(rb.title) } },
      };
      return `\n],${jsonSafe(JSON.stringify(rest)).slice(1)}]}\n`;
    },
  };
}

/** The whole SARIF log for a list of assessments and the problems of the drafts that could not be read. */
export function renderSarif(rb: Rulebook, assessments: Assessment[], errors: Problem[], tool: SarifTool, opts: SarifOptions): string {
  const r = sarifRenderer(rb, tool, opts);
  return r.begin() + assessments.map((a) => r.draft(a)).join('') + r.end(errors);
}

/** node:crypto, loaded on first use: only SARIF output needs it, and loading it costs every other run. */
let hashModule: typeof import('node:crypto') | undefined;
function sha256() {
  hashModule ??= createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  return hashModule.createHash('sha256');
}
