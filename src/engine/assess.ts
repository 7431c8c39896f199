import type { Risk, Rulebook } from '../rulebook/types.js';
import { severityRank } from '../rulebook/severity.js';
import type { LoadedDraft } from '../draft/types.js';
import { draftViewWith } from '../draft/view.js';
import { UNKNOWN } from '../draft/schema.js';
import { fireRisks } from './risks.js';
import { planProgress } from './plan-progress.js';
import { bandAtLeast, bandOf, fieldRelevant, scorePrinciple } from './score.js';
import type { Plan } from './plan.js';
import {
  ASSESSMENT_FORMAT,
  type Assessment,
  type Finding,
  type Location,
  type PrincipleResult,
  type StaleAcknowledgement,
  type UnknownItem,
  type VerdictLevel,
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
      score: s.score,
      band: bandOf(rb, s.score),
      provisional: s.score !== null && s.asked > 0 && s.answered / s.asked < (rb.bands.minCoverage ?? 0),
      applicable: s.asked > 0 || s.score !== null,
      coverage: { answered: s.answered, asked: s.asked, ratio: s.asked ? Math.round((s.answered / s.asked) * 100) / 100 : 1 },
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
  const verdict = decideVerdict(rb, counts, principles);

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

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Acknowledged risks still count: accepting a risk does not make it go away. */
export function decideVerdict(rb: Rulebook, counts: Assessment['verdict']['counts'], principles: PrincipleResult[]): Assessment['verdict'] {
  const { rethink, ready } = rb.verdict;
  let level: VerdictLevel;
  let reason: string;
  const below = principles.filter((p) => p.applicable && !bandAtLeast(p.band, ready.minBand));
  const provisional = principles.filter((p) => p.provisional && bandAtLeast(p.band, ready.minBand));
  if (counts.high >= rethink.minHighRisks || counts.weak >= rethink.minWeakPrinciples) {
    level = 'rethink';
    const why: string[] = [];
    if (counts.high >= rethink.minHighRisks) why.push(plural(counts.high, 'high risk'));
    if (counts.weak >= rethink.minWeakPrinciples) why.push(plural(counts.weak, 'weak principle'));
    reason = `${why.join(' and ')}: change the design before it goes further`;
  } else if (counts.high <= ready.maxHighRisks && counts.medium <= ready.maxMediumRisks && below.length === 0 && provisional.length === 0) {
    level = 'ready';
    reason = counts.medium
      ? `no high risks; ${plural(counts.medium, 'medium risk')} to keep an eye on`
      : `no high or medium risks, and every principle that applies at least ${ready.minBand}`;
  } else {
    level = 'revise';
    const why: string[] = [];
    if (counts.high) why.push(plural(counts.high, 'high risk'));
    else why.push('no high risks');
    if (counts.medium > ready.maxMediumRisks) why.push(`${plural(counts.medium, 'medium risk')} to address before launch`);
    if (below.length)
      why.push(
        `${below.map((p) => p.shortTitle).join(', ')} below ${ready.minBand}${below.some((p) => p.band === 'unscored') ? ' (or not answered)' : ''}`,
      );
    if (provisional.length) why.push(`too few answers to rely on ${provisional.map((p) => p.shortTitle).join(', ')}`);
    reason = why.join('; ');
  }
  return { level, reason, counts };
}
