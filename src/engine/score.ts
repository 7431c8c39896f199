import type { Band, ListDefinition, ListField, Option, Principle, Rulebook } from '../rulebook/types.js';
import { UNKNOWN } from '../draft/schema.js';
import type { View } from '../draft/view.js';
import { evaluate } from './conditions.js';

export interface PrincipleScore {
  score: number | null;
  answered: number;
  asked: number;
  /** Ids of relevant questions left unanswered. */
  unknown: string[];
}

/** Whether a field of a list entry applies to that entry (its `relevantWhen`, over `item.*`). */
export function fieldRelevant(f: { relevantWhen?: unknown }, view: View, entry: unknown): boolean {
  return f.relevantWhen === undefined || evaluate(f.relevantWhen, { ...view, item: entry });
}

/** Whether a question applies to this draft (its `relevantWhen`, if any). */
export function isRelevant(q: { relevantWhen?: unknown }, view: View): boolean {
  return q.relevantWhen === undefined || evaluate(q.relevantWhen, view);
}

/** Option ids to scores, the first option of an id counting (as a search through the options would). */
function scoreMap(options: Option[] | undefined): Map<string, number | null> {
  const m = new Map<string, number | null>();
  for (const o of options ?? []) if (!m.has(o.id)) m.set(o.id, o.score ?? null);
  return m;
}

function scoreOf(scores: Map<string, number | null>, value: unknown): number | null {
  if (typeof value !== 'string' || value === UNKNOWN) return null;
  return scores.get(value) ?? null;
}

/**
 * What scoring a principle needs of the rulebook, worked out once per rulebook and principle: its
 * questions, its lists (each with its choice fields) and its skills, with option scores by id.
 */
export interface PrinciplePlan {
  questions: { id: string; weight: number; relevantWhen?: unknown; scores: Map<string, number | null> }[];
  lists: {
    def: ListDefinition;
    choices: { def: ListField; weight: number; relevantWhen?: unknown; scores: Map<string, number | null> }[];
  }[];
  skills?: { weight: number; areas: string[]; scores: Map<string, number | null> };
}
export function principlePlan(rb: Rulebook, p: Principle): PrinciplePlan {
  {
    return {
      questions: p.questions.map((q) => ({ id: q.id, weight: q.weight, relevantWhen: q.relevantWhen, scores: scoreMap(q.options) })),
      lists: rb.lists
        .filter((l) => l.principle === p.id)
        .map((l) => ({
          def: l,
          choices: l.fields
            .filter((f) => f.type === 'choice')
            .map((f) => ({ def: f, weight: f.weight ?? 1, relevantWhen: f.relevantWhen, scores: scoreMap(f.options) })),
        })),
      ...(rb.skills.principle === p.id
        ? { skills: { weight: rb.skills.weight, areas: rb.skills.areas.map((a) => a.id), scores: scoreMap(rb.skills.levels) } }
        : {}),
    };
  }
}

/**
 * A principle's score: the weighted mean of its answered questions' option scores, plus the lists and
 * skills that feed it (each as one weighted component, the mean of what is known). Unknowns are left
 * out of the score and counted against coverage instead.
 */
export function scorePrinciple(plan: PrinciplePlan, view: View): PrincipleScore {
  let total = 0;
  let weights = 0;
  let answered = 0;
  let asked = 0;
  const unknown: string[] = [];
  const answers = view.answers as Record<string, string>;
  for (const q of plan.questions) {
    if (!isRelevant(q, view)) continue;
    asked++;
    const value = answers[q.id];
    if (value === UNKNOWN || value === undefined) {
      unknown.push(q.id);
      continue;
    }
    answered++;
    const s = scoreOf(q.scores, value);
    if (s === null) continue;
    total += q.weight * s;
    weights += q.weight;
  }
  for (const list of plan.lists) {
    const entries = (view[list.def.id] as Record<string, unknown>[]) ?? [];
    let sum = 0;
    let scored = 0;
    for (const entry of entries) {
      let t = 0;
      let w = 0;
      for (const f of list.choices) {
        if (!fieldRelevant(f, view, entry)) continue;
        const s = scoreOf(f.scores, entry[f.def.id]);
        if (s === null) continue;
        t += f.weight * s;
        w += f.weight;
      }
      if (w) {
        sum += t / w;
        scored++;
      }
    }
    if (scored) {
      total += list.def.weight * (sum / scored);
      weights += list.def.weight;
    }
  }
  if (plan.skills) {
    const skills = view.skills as Record<string, string>;
    let sum = 0;
    let known = 0;
    for (const id of plan.skills.areas) {
      const s = scoreOf(plan.skills.scores, skills[id]);
      if (s === null) continue;
      sum += s;
      known++;
    }
    if (known) {
      total += plan.skills.weight * (sum / known);
      weights += plan.skills.weight;
    }
  }
  return { score: weights ? Math.round(total / weights) : null, answered, asked, unknown };
}

export function bandOf(rb: Rulebook, score: number | null): Band | 'unscored' {
  if (score === null) return 'unscored';
  if (score >= rb.bands.strong) return 'strong';
  if (score >= rb.bands.developing) return 'developing';
  return 'weak';
}

const BAND_ORDER: Record<string, number> = { unscored: -1, weak: 0, developing: 1, strong: 2 };
export function bandAtLeast(band: Band | 'unscored', min: Band): boolean {
  return BAND_ORDER[band]! >= BAND_ORDER[min]!;
}
