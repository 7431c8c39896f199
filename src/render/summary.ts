import type { Assessment, Finding, Location } from '../engine/assessment.js';
import type { Severity } from '../rulebook/types.js';
import { strengthRank } from '../rulebook/evidence-strength.js';
import { graver, severityRank } from '../rulebook/severity.js';

/**
 * What every human report leads with (issue 16): the engine reports a risk once per target or incentive
 * it fires on; a reader wants it once, with the places it applies to. Pure: built from the assessment.
 */
export interface RiskGroup {
  id: string;
  title: string;
  principle: string;
  /** The gravest severity among its places. */
  severity: Severity;
  /** Accepted by the authors (an acknowledgement names the risk, so it covers every place). */
  acknowledged?: Finding['acknowledged'];
  /** Gravest first, then in the draft's order. */
  findings: Finding[];
}

/** One group per risk, unaccepted ones first, each part gravest first then in the engine's order. */
export function riskGroups(a: Assessment): RiskGroup[] {
  const byId = new Map<string, RiskGroup>();
  for (const f of a.findings) {
    const g = byId.get(f.id);
    if (!g)
      byId.set(f.id, {
        id: f.id,
        title: f.title,
        principle: f.principle,
        severity: f.severity,
        ...(f.acknowledged ? { acknowledged: f.acknowledged } : {}),
        findings: [f],
      });
    else {
      g.findings.push(f);
      if (graver(f.severity, g.severity)) g.severity = f.severity;
    }
  }
  const groups = [...byId.values()];
  for (const g of groups) g.findings.sort((x, y) => severityRank(x.severity) - severityRank(y.severity));
  const order = (g: RiskGroup) => (g.acknowledged ? 3 : 0) + severityRank(g.severity);
  return groups.sort((x, y) => order(x) - order(y));
}

/** The best strength among a finding's own claims (lower is stronger), for ranking what to do first. */
function evidenceRank(f: Finding): number {
  return Math.min(4, ...f.evidence.map((e) => (e.strength ? strengthRank(e.strength) : 4)));
}

export interface FirstAction {
  advice: string;
  /** The risk it answers, by title. */
  risk: string;
  severity: Severity;
}

/**
 * At most `n` "do these first" actions: the advice of risks not accepted, gravest first, then the best
 * evidence, then the most places; the same advice given for two risks is said once.
 */
export function firstActions(groups: readonly RiskGroup[], n = 3): FirstAction[] {
  const ranked = groups
    .filter((g) => !g.acknowledged && g.findings[0]!.advice)
    .map((g, i) => ({ g, i, evidence: evidenceRank(g.findings[0]!) }))
    .sort(
      (x, y) =>
        severityRank(x.g.severity) - severityRank(y.g.severity) ||
        x.evidence - y.evidence ||
        y.g.findings.length - x.g.findings.length ||
        x.i - y.i,
    );
  const seen = new Set<string>();
  const out: FirstAction[] = [];
  for (const { g } of ranked) {
    const advice = g.findings[0]!.advice;
    if (seen.has(advice)) continue;
    seen.add(advice);
    out.push({ advice, risk: g.title, severity: g.severity });
    if (out.length === n) break;
  }
  return out;
}

/** Which part of the draft a finding is about, in the user's words: `target "95% within 14 days"`. */
export function placeWords(f: Finding): string | undefined {
  return f.entry ? `${itemNoun(f)} "${f.entry.name}"` : undefined;
}

/** "target" for an entry of `targets`, "incentive" for one of `incentives` (the list's item noun). */
function itemNoun(f: Finding): string {
  const list = f.entry!.list;
  return list.endsWith('s') ? list.slice(0, -1) : list;
}

/**
 * Where a risk applies, short enough for one line: `line 24`, `target "Same-day requests" (line 85)`,
 * `3 targets (lines 31, 40, 52)`.
 */
export function whereShort(g: RiskGroup): string {
  const fs = g.findings;
  const lines = [...new Set(fs.map((f) => f.location.line))].sort((x, y) => x - y);
  const at = `${lines.length === 1 ? 'line' : 'lines'} ${lines.join(', ')}`;
  if (fs.length === 1) {
    const place = placeWords(fs[0]!);
    return place ? `${place} (${at})` : at;
  }
  if (fs.every((f) => f.entry)) return `${fs.length} ${itemNoun(fs[0]!)}s (${at})`;
  return at;
}

/** `file:line:col`, for the details a person edits the draft from. */
export function position(l: Location): string {
  return `${l.file}:${l.line}:${l.col}`;
}

/** The guide's bullets behind the risks shown, each once, in the order the risks are listed. */
export function guideBullets(groups: readonly RiskGroup[]): { id: string; text: string; risks: string[] }[] {
  const byId = new Map<string, { id: string; text: string; risks: string[] }>();
  for (const g of groups)
    for (const act of g.findings[0]!.actions) {
      const b = byId.get(act.id);
      if (b) {
        if (!b.risks.includes(g.title)) b.risks.push(g.title);
      } else byId.set(act.id, { id: act.id, text: act.text, risks: [g.title] });
    }
  return [...byId.values()];
}

/**
 * "To find out" as the questions themselves; questions asked of several skills or list entries are asked
 * once, naming each: "Which skills ...? (Data and analytics; HR and workforce)".
 */
export function findOutQuestions(a: Assessment): string[] {
  const byQuestion = new Map<string, string[]>();
  for (const u of a.toFindOut) {
    const m = /^(.*\?) \((.+)\)$/.exec(u.label);
    const [question, part] = m ? [m[1]!, m[2]!] : [u.label, undefined];
    const parts = byQuestion.get(question) ?? [];
    if (part) parts.push(part);
    byQuestion.set(question, parts);
  }
  return [...byQuestion].map(([q, parts]) => (parts.length ? `${q} (${joinParts(parts)})` : q));
}

/** `target "A"; target "B"` said once: `targets "A", "B"`. */
function joinParts(parts: string[]): string {
  const noun = /^(\w+) "/.exec(parts[0]!)?.[1];
  if (parts.length > 1 && noun && parts.every((p) => p.startsWith(`${noun} "`)))
    return `${noun}s ${parts.map((p) => p.slice(noun.length + 1)).join(', ')}`;
  return parts.join('; ');
}
