import type { Risk, Rulebook } from '../rulebook/types.js';
import { severityRank } from '../rulebook/severity.js';
import type { LoadedDraft } from '../draft/types.js';
import { draftViewWith } from '../draft/view.js';
import { UNKNOWN } from '../draft/schema.js';
import { fireRisks } from './risks.js';
import { startEvaluationBudget } from './conditions.js';
import { planProgress } from './plan-progress.js';
import { bandAtLeast, bandOf, fieldRelevant, scorePrinciple, type PrincipleScore } from './score.js';
import type { Plan } from './plan.js';
import {
  ASSESSMENT_FORMAT,
  type Assessment,
  type Finding,
  type Location,
  type PrincipleResult,
  type StaleAcknowledgement,
  type UnknownItem,
} from './assessment.js';

export interface AssessOptions {
  /** Overrides the draft's `assessor.role`. */
  role?: string;
  /** Today's date, YYYY-MM-DD: decides whether an acknowledgement has expired. */
  today: string;
  /** False: no risk outcome is remembered between drafts (GP_CHANGE_MEMO=off), to compare or to rule the memo out. */
  memo?: boolean;
}

export const CAVEAT =
  "Scores support a conversation; they are not targets (principle 2). Bands and weights are this rulebook's stated heuristics, not validated cut-offs.";

export function fileStem(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return (
    base
      .replace(/\.ya?ml$/i, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'draft'
  );
}

/**
 * Assesses one loaded draft against a compiled rulebook (./plan.ts). Pure: no I/O, no console; the
 * only state it touches is the plan's remembered risk outcomes, which cannot change a result.
 */
export function assess(compiled: Plan, loaded: LoadedDraft, options: AssessOptions): Assessment {
  startEvaluationBudget();
  const rb = compiled.rulebook;
  const { draft, file } = loaded;
  const roleId = options.role ?? draft.assessor.role;
  const role = rb.roles.find((r) => r.id === roleId) ?? rb.roles[0]!;
  const view = draftViewWith(compiled.view, draft, role.id);
  const at = (path: string, preferKey = false): Location => ({ file, path, ...loaded.position(path, preferKey) });
  const cited = new Set<string>();

  const shared = compiled.shared;
  const principles: PrincipleResult[] = [];
  const toFindOut: UnknownItem[] = [];
  for (const p of rb.principles) {
    const plan = compiled.principles.get(p)!;
    const s = scorePrinciple(plan, view);
    const lists = plan.lists.map(({ def: l }) => ({ id: l.id, item: l.item, count: ((view[l.id] as unknown[]) ?? []).length }));
    const result: PrincipleResult = {
      id: p.id,
      number: p.number,
      title: p.title,
      shortTitle: p.shortTitle,
      ...standingOf(rb, s),
      lists,
    };
    for (const q of s.unknown) {
      toFindOut.push({ path: `answers.${q}`, principle: p.id, label: shared.prompts.get(p)!.get(q)!, location: at(`answers.${q}`, true) });
    }
    if (rb.skills.principle === p.id) {
      const skills = view.skills as Record<string, string>;
      const unknownAreas = rb.skills.areas.filter((a) => skills[a.id] === UNKNOWN);
      result.skills = { known: rb.skills.areas.length - unknownAreas.length, total: rb.skills.areas.length };
      for (const a of unknownAreas)
        toFindOut.push({
          path: `skills.${a.id}`,
          principle: p.id,
          label: `${rb.skills.prompt} (${a.label})`,
          location: at(`skills.${a.id}`, true),
        });
    }
    for (const { def: l, choices } of plan.lists) {
      ((view[l.id] as Record<string, unknown>[]) ?? []).forEach((entry, i) => {
        for (const { def: f } of choices) {
          if (entry[f.id] !== UNKNOWN || !fieldRelevant(f, view, entry)) continue;
          toFindOut.push({
            path: `${l.id}[${i}].${f.id}`,
            principle: p.id,
            label: `${f.prompt} (${l.item} "${entry.name}")`,
            entry: l.item,
            entryName: String(entry.name ?? ''),
            location: at(`${l.id}[${i}].${f.id}`, true),
          });
        }
      });
    }
    principles.push(result);
  }

  const acks = draft.acknowledged ?? [];
  const actionsOf = shared.actions.get(role.id) ?? new Map<Risk, Finding['actions']>();
  const findings: Finding[] = fireRisks(compiled.risks, view, options.memo !== false).map((f): Finding => {
    const risk = f.risk;
    for (const id of risk.evidence) cited.add(id);
    const ack = acks.length ? acks.find((a) => a.risk === risk.id && !(a.until && a.until < options.today)) : undefined;
    const triggers = f.triggers.length ? f.triggers : ['answers'];
    // Fields in the order reports and the JSON Schema give them.
    const finding = { id: risk.id, principle: risk.principle, title: risk.title, severity: f.severity } as Finding;
    if (f.severity !== risk.severity) {
      finding.baseSeverity = risk.severity;
      finding.escalation = f.escalation;
    }
    finding.explanation = risk.explanation;
    finding.evidence = shared.evidence.get(risk)!;
    finding.advice = risk.advice[role.id] ?? '';
    finding.actions = actionsOf.get(risk) ?? [];
    finding.location = at(triggers[0]!, true);
    finding.related = triggers.slice(1).map((p) => at(p, true));
    if (f.entry) finding.entry = { ...f.entry, name: String((view[f.entry.list] as Record<string, unknown>[])[f.entry.index]!.name ?? '') };
    if (ack) finding.acknowledged = { reason: ack.reason, ...(ack.by ? { by: ack.by } : {}), ...(ack.until ? { until: ack.until } : {}) };
    return finding;
  });
  findings.sort(
    (a, b) =>
      severityRank(a.severity) - severityRank(b.severity) || a.location.line - b.location.line || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );

  const staleAcknowledgements: StaleAcknowledgement[] = [];
  acks.forEach((a, i) => {
    const loc = at(`acknowledged[${i}]`);
    const earlier = acks.findIndex((b) => b.risk === a.risk);
    if (earlier < i) {
      // Only the first live one counts; a second, with another reason or date, would only mislead.
      staleAcknowledgements.push({
        risk: a.risk,
        reason: 'duplicate',
        message: `${a.risk} is already acknowledged at line ${at(`acknowledged[${earlier}]`).line}; keep one acknowledgement per risk`,
        location: loc,
      });
    } else if (a.until && a.until < options.today) {
      staleAcknowledgements.push({
        risk: a.risk,
        reason: 'expired',
        message: `the acknowledgement of ${a.risk} expired on ${a.until}; the risk counts again`,
        location: loc,
      });
    } else if (!findings.some((f) => f.id === a.risk)) {
      staleAcknowledgements.push({
        risk: a.risk,
        reason: 'not-firing',
        message: `${a.risk} is acknowledged but no longer fires; remove the acknowledgement`,
        location: loc,
      });
    }
  });

  const counts = {
    high: findings.filter((f) => f.severity === 'high').length,
    medium: findings.filter((f) => f.severity === 'medium').length,
    low: findings.filter((f) => f.severity === 'low').length,
    weak: principles.filter((p) => p.band === 'weak').length,
  };
  const asked = principles.reduce((n, p) => n + p.coverage.asked, 0);
  const verdict = decideVerdict(rb, counts, principles, { findings, toFindOut, asked });

  for (const c of rb.basedOn) cited.add(c);
  const references = [...cited]
    .map((id) => shared.references.get(id))
    .filter((r) => r !== undefined)
    .sort((a, b) => shared.referenceRank.get(a.id)! - shared.referenceRank.get(b.id)!);

  return {
    format: ASSESSMENT_FORMAT,
    file,
    id: draft.id ?? fileStem(file),
    title: draft.title,
    ...(draft.summary ? { summary: draft.summary } : {}),
    role: { id: role.id, label: role.label, audience: role.audience },
    scope: view.scope as string,
    ...(draft.assessor.name ? { assessor: draft.assessor.name } : {}),
    date: options.today,
    rulebook: {
      id: rb.id,
      version: rb.version,
      title: rb.title,
      ...(rb.bands.minCoverage ? { minCoverage: rb.bands.minCoverage } : {}),
      ...(rb.chain ? { chain: rb.chain } : {}),
      ...(rb.disabledRisks?.length ? { disabledRisks: rb.disabledRisks } : {}),
    },
    bands: { strong: rb.bands.strong, developing: rb.bands.developing },
    verdict,
    principles,
    findings,
    toFindOut,
    staleAcknowledgements,
    ...(draft.plan?.length ? { plan: planProgress(draft.plan, options.today) } : {}),
    references,
    caveat: CAVEAT,
  };
}

/**
 * A principle's score, band and coverage from its scoring (shared with the what-if search, which must
 * reach the same verdict). With fewer than minCoverage of its questions answered a principle gets no
 * score or band at all: one good answer (or the skills alone) must not read as a strong principle
 * (docs/method.md).
 */
export function standingOf(
  rb: Rulebook,
  s: PrincipleScore,
): Pick<PrincipleResult, 'score' | 'band' | 'provisional' | 'applicable' | 'coverage'> {
  const tooFew = s.asked > 0 && s.answered / s.asked < (rb.bands.minCoverage ?? 0);
  const score = tooFew ? null : s.score;
  return {
    score,
    band: bandOf(rb, score),
    provisional: tooFew,
    applicable: s.asked > 0 || s.score !== null,
    coverage: { answered: s.answered, asked: s.asked, ratio: s.asked ? Math.round((s.answered / s.asked) * 100) / 100 : 1 },
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** What the verdict needs beyond counts and principles: the findings (to name them) and the unknowns. */
export interface VerdictContext {
  findings: Finding[];
  /** Every item on "to find out", and how many questions were asked in all. */
  toFindOut: UnknownItem[];
  asked: number;
}

/** Findings as the verdict line names them: one cause per risk, with the skills or entries it concerns. */
function causesOf(rb: Rulebook, findings: Finding[]): string[] {
  const byRisk = new Map<string, Finding[]>();
  for (const f of findings) byRisk.set(f.id, [...(byRisk.get(f.id) ?? []), f]);
  return [...byRisk.values()].map((group) => {
    const f = group[0]!;
    const risk = rb.principles.flatMap((p) => p.risks).find((r) => r.id === f.id);
    const phrase = risk?.cause ?? `${f.title.charAt(0).toLowerCase()}${f.title.slice(1)}`;
    const skills = group
      .flatMap((x) => [x.location, ...x.related])
      .map((l) => /^skills\.(.+)$/.exec(l.path)?.[1])
      .map((id) => rb.skills.areas.find((a) => a.id === id)?.label.toLowerCase())
      .filter((x) => x !== undefined);
    if (skills.length) return `${phrase}: ${[...new Set(skills)].join(', ')}`;
    const entries = group.map((x) => x.entry?.name).filter((n) => n);
    return entries.length ? `${phrase} (${entries.map((n) => `"${n}"`).join(', ')})` : phrase;
  });
}

/** Up to three causes, then how many more, so the verdict line stays short. */
function named(items: string[]): string {
  return items.length > 3 ? `${items.slice(0, 3).join('; ')} and ${items.length - 3} more` : items.join('; ');
}

/**
 * The verdict and its cause in words (docs/method.md). Acknowledged risks still count: accepting a risk
 * does not make it go away. Without `context` (the findings and unknowns) the line gives counts only.
 */
export function decideVerdict(
  rb: Rulebook,
  counts: Assessment['verdict']['counts'],
  principles: PrincipleResult[],
  context?: VerdictContext,
): Assessment['verdict'] {
  const { rethink, ready } = rb.verdict;
  const findings = context?.findings ?? [];
  const below = principles.filter((p) => p.applicable && !p.provisional && !bandAtLeast(p.band, ready.minBand));
  const tooFew = principles.filter((p) => p.provisional);
  const weak = principles.filter((p) => p.band === 'weak');
  const blocking = findings.filter((f) => ready.notWith?.includes(f.id));
  const asked = context?.asked ?? 0;
  const unknown = (context?.toFindOut ?? []).filter((u) => u.path.startsWith('answers.')).length;
  const tooManyUnknown = asked > 0 && ready.maxUnknownShare !== undefined && unknown / asked > ready.maxUnknownShare;
  const weakText = weak.length ? `${plural(weak.length, 'weak principle')} (${weak.map((p) => p.shortTitle).join(', ')})` : '';

  if (counts.high >= rethink.minHighRisks || counts.weak >= rethink.minWeakPrinciples) {
    const highs = findings.filter((f) => f.severity === 'high');
    const why: string[] = [];
    if (counts.high >= rethink.minHighRisks)
      why.push(
        highs.length ? `high risk${highs.length === 1 ? '' : 's'}: ${named(causesOf(rb, highs))}` : plural(counts.high, 'high risk'),
      );
    if (counts.weak >= rethink.minWeakPrinciples) why.push(weakText);
    return { level: 'rethink', reason: `${why.join('; and ')}. Change the design before it goes further`, counts };
  }

  const fine =
    counts.high <= ready.maxHighRisks &&
    counts.medium <= ready.maxMediumRisks &&
    below.length === 0 &&
    tooFew.length === 0 &&
    blocking.length === 0 &&
    !tooManyUnknown;
  if (fine) {
    const medium = findings.filter((f) => f.severity === 'medium');
    const reason = counts.medium
      ? `no high risks; ${plural(counts.medium, 'medium risk')} to keep an eye on${medium.length ? `: ${named(causesOf(rb, medium))}` : ''}`
      : `no high or medium risks, and every principle that applies at least ${ready.minBand}`;
    return { level: 'ready', reason, counts };
  }

  const why: string[] = [];
  if (blocking.length) why.push(named(causesOf(rb, blocking)));
  if (counts.high > ready.maxHighRisks) why.push(plural(counts.high, 'high risk'));
  if (counts.medium > ready.maxMediumRisks) {
    const medium = findings.filter((f) => f.severity === 'medium' && !blocking.includes(f));
    why.push(`${plural(counts.medium, 'medium risk')} to address before launch${medium.length ? `: ${named(causesOf(rb, medium))}` : ''}`);
  }
  if (below.length) why.push(`${below.map((p) => p.shortTitle).join(', ')} below ${ready.minBand}`);
  if (tooFew.length)
    why.push(`too few answers to score ${tooFew.map((p) => `${p.shortTitle} (${p.coverage.answered} of ${p.coverage.asked})`).join(', ')}`);
  if (tooManyUnknown) {
    const byPrinciple = new Map<string, number>();
    for (const u of context!.toFindOut)
      if (u.path.startsWith('answers.')) byPrinciple.set(u.principle, (byPrinciple.get(u.principle) ?? 0) + 1);
    const [most] = [...byPrinciple.entries()].sort((x, y) => y[1] - x[1]);
    const where = most ? principles.find((p) => p.id === most[0])?.shortTitle : undefined;
    why.push(`find out first: ${unknown} of ${asked} questions unanswered${where ? `, most on ${where}` : ''} (see "to find out")`);
  }
  return { level: 'revise', reason: why.join('; '), counts };
}
