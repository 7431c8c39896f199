import type { Band, Option, Principle, Rulebook } from '../rulebook/types.js';
import { UNKNOWN } from '../draft/schema.js';
import { evaluate, type View } from './conditions.js';

export interface PrincipleScore {
  score: number | null;
  answered: number;
  asked: number;
  /** Ids of relevant questions left unanswered. */
  unknown: string[];
}

function optionScore(options: Option[] | undefined, value: unknown): number | null {
  if (typeof value !== 'string' || value === UNKNOWN) return null;
  return options?.find((o) => o.id === value)?.score ?? null;
}

function mean(values: number[]): number | null {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
}

/** Whether a field of a list entry applies to that entry (its `relevantWhen`, over `item.*`). */
export function fieldRelevant(f: { relevantWhen?: unknown }, view: View, entry: unknown): boolean {
  return f.relevantWhen === undefined || evaluate(f.relevantWhen, { ...view, item: entry });
}

/** Whether a question applies to this draft (its `relevantWhen`, if any). */
export function isRelevant(q: { relevantWhen?: unknown }, view: View): boolean {
  return q.relevantWhen === undefined || evaluate(q.relevantWhen, view);
}

/**
 * A principle's score: the weighted mean of its answered questions' option scores, plus the lists and
 * skills that feed it (each as one weighted component, the mean of what is known). Unknowns are left
 * out of the score and counted against coverage instead.
 */
export function scorePrinciple(rb: Rulebook, p: Principle, view: View): PrincipleScore {
  let total = 0;
  let weights = 0;
  let answered = 0;
  let asked = 0;
  const unknown: string[] = [];
  const answers = view.answers as Record<string, string>;
  for (const q of p.questions) {
    if (!isRelevant(q, view)) continue;
    asked++;
    const value = answers[q.id];
    if (value === UNKNOWN || value === undefined) {
      unknown.push(q.id);
      continue;
    }
    answered++;
    const s = optionScore(q.options, value);
    if (s === null) continue;
    total += q.weight * s;
    weights += q.weight;
  }
  for (const list of rb.lists.filter((l) => l.principle === p.id)) {
    const entries = (view[list.id] as Record<string, unknown>[]) ?? [];
    const scored = list.fields.filter((f) => f.type === 'choice');
    const itemScores = entries
      .map((entry) => {
        let t = 0;
        let w = 0;
        for (const f of scored) {
          if (!fieldRelevant(f, view, entry)) continue;
          const s = optionScore(f.options, entry[f.id]);
          if (s === null) continue;
          t += (f.weight ?? 1) * s;
          w += f.weight ?? 1;
        }
        return w ? t / w : null;
      })
      .filter((s): s is number => s !== null);
    const m = mean(itemScores);
    if (m !== null) {
      total += list.weight * m;
      weights += list.weight;
    }
  }
  if (rb.skills.principle === p.id) {
    const skills = view.skills as Record<string, string>;
    const m = mean(rb.skills.areas.map((a) => optionScore(rb.skills.levels, skills[a.id])).filter((s): s is number => s !== null));
    if (m !== null) {
      total += rb.skills.weight * m;
      weights += rb.skills.weight;
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
