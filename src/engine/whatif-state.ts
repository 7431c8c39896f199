import type { Band, Risk, Rulebook, Severity } from '../rulebook/types.js';
import type { View } from '../draft/view.js';
import { inspectCondition } from '../rulebook/conditions.js';
import { fireRisks } from './risks.js';
import { scorePrinciple, type PrincipleScore } from './score.js';
import { decideVerdict, standingOf, type VerdictContext } from './assess.js';
import type { Plan } from './plan.js';
import type { Finding, PrincipleResult, UnknownItem, VerdictLevel } from './assessment.js';

/**
 * What the verdict of a draft view depends on, worked out without the rest of a report (positions,
 * words, references): the what-if search evaluates thousands of views, and a full assessment of each
 * would cost most of the time. tests/whatif.test.ts holds it to assess() over generated drafts.
 */
export interface State {
  level: VerdictLevel;
  /** Per principle, in rulebook order. */
  bands: (Band | 'unscored')[];
  scores: (number | null)[];
  provisional: boolean[];
  applicable: boolean[];
  /** Each principle's scoring, as scorePrinciple gave it. */
  raw: PrincipleScore[];
  /** Fired risks by `riskId` or `riskId#index` for a list entry. */
  findings: Map<string, { risk: Risk; severity: Severity; index?: number }>;
}

export const LEVELS: readonly VerdictLevel[] = ['rethink', 'revise', 'ready'];
export const BANDS: readonly (Band | 'unscored')[] = ['unscored', 'weak', 'developing', 'strong'];

/**
 * What the state needs of a compiled rulebook: its risks with the draft paths each reads, and each
 * principle's relevance inputs. Made once per whatIf() call and passed along, so nothing is kept at
 * module level (./plan.ts).
 */
export interface StatePlan {
  compiled: Plan;
  rb: Rulebook;
  reads: Map<Risk, Set<string>>;
  /** Per principle: the draft paths its questions' and list fields' `relevantWhen` read (`item.*` for its lists' entries). */
  relevance: { lists: string[]; reads: Set<string> }[];
}
export function statePlan(compiled: Plan): StatePlan {
  const rb = compiled.rulebook;
  const reads = new Map(compiled.risks.map((r) => [r.risk, new Set(r.vars)]));
  const relevance = rb.principles.map((p) => {
    const lists = rb.lists.filter((l) => l.principle === p.id);
    const conditions = [...p.questions.map((q) => q.relevantWhen), ...lists.flatMap((l) => l.fields.map((f) => f.relevantWhen))];
    return {
      lists: lists.map((l) => l.id),
      reads: new Set(conditions.filter((c) => c !== undefined).flatMap((c) => inspectCondition(c).vars)),
    };
  });
  return { compiled, rb, reads, relevance };
}

/**
 * The state of a view. With `from` (the state of a view this one differs from only in fields that the
 * risks in `rerun` read, and that feed only the principles in `rescore`), only those risks are tested
 * and those principles scored again: the rest keep their outcomes.
 */
export function stateOf(sp: StatePlan, view: View, from?: { state: State; rerun: Set<Risk>; rescore: Set<number> }): State {
  const rb = sp.rb;
  const raw: PrincipleScore[] = rb.principles.map((p, i) =>
    from && !from.rescore.has(i) ? from.state.raw[i]! : scorePrinciple(sp.compiled.principles.get(p)!, view),
  );
  const principles = rb.principles.map((p, i) => ({ id: p.id, shortTitle: p.shortTitle, ...standingOf(rb, raw[i]!) }) as PrincipleResult);
  const findings: State['findings'] = new Map();
  const counts = { high: 0, medium: 0, low: 0, weak: principles.filter((p) => p.band === 'weak').length };
  const all = sp.compiled.risks;
  if (from)
    for (const [key, f] of from.state.findings)
      if (!from.rerun.has(f.risk)) {
        findings.set(key, f);
        counts[f.severity]++;
      }
  for (const f of fireRisks(from ? all.filter((r) => from.rerun.has(r.risk)) : all, view)) {
    counts[f.severity]++;
    findings.set(f.entry ? `${f.risk.id}#${f.entry.index}` : f.risk.id, {
      risk: f.risk,
      severity: f.severity,
      ...(f.entry ? { index: f.entry.index } : {}),
    });
  }
  // What the verdict reads of findings and unknowns beyond their counts (which risks; how many unanswered).
  const context: VerdictContext = {
    findings: [...findings.values()].map(
      (f) => ({ id: f.risk.id, title: f.risk.title, severity: f.severity, location: { path: '' }, related: [] }) as unknown as Finding,
    ),
    toFindOut: rb.principles.flatMap((p, i) => raw[i]!.unknown.map((q) => ({ path: `answers.${q}`, principle: p.id }) as UnknownItem)),
    asked: raw.reduce((n, s) => n + s.asked, 0),
  };
  return {
    level: decideVerdict(rb, counts, principles, context).level,
    bands: principles.map((p) => p.band),
    scores: principles.map((p) => p.score),
    provisional: principles.map((p) => p.provisional),
    applicable: principles.map((p) => p.applicable),
    raw,
    findings,
  };
}
