import type { Design, Downgrade, EvidenceClaim, Risk, Rulebook, Strength } from './types.js';

/**
 * How evidence is graded (docs/method.md): a claim's grade starts from the design of the source it rests
 * on and drops one level per reason to rate down, as GRADE does. Every check and every report grades by
 * the rules in this file.
 */

/** The grades, strongest first (GRADE's high, moderate, low, very low). `mixed` counts as limited. */
export const STRENGTHS: readonly Strength[] = ['strong', 'moderate', 'limited', 'very-limited', 'mixed'];

const RANK: Record<Strength, number> = { strong: 0, moderate: 1, limited: 2, mixed: 2, 'very-limited': 3 };
const BY_RANK: Strength[] = ['strong', 'moderate', 'limited', 'very-limited'];

/** Where a claim's grade starts, by the design of the source it rests on. */
export const DESIGN_START: Record<Design, Strength> = {
  'systematic-review': 'strong',
  'longitudinal-or-controlled': 'moderate',
  observational: 'limited',
  'qualitative-or-survey': 'limited',
  'policy-or-expert': 'very-limited',
  'guide-assertion': 'very-limited',
};
export const DESIGNS = Object.keys(DESIGN_START) as Design[];

/** Reasons to rate a claim down one level each (never below very limited). */
export const DOWNGRADES: readonly Downgrade[] = ['indirect-country', 'indirect-question', 'inconsistent', 'imprecise', 'risk-of-bias'];

/** How a study's design is known: the study itself or its abstract, or only its title or the guide's description. */
export const DESIGN_SOURCES = ['full-text', 'abstract', 'title', 'guide'] as const;

/** 0 for the strongest grade, counting up. */
export function strengthRank(s: Strength): number {
  return RANK[s];
}

/** The grade a design gives after `downs` reasons to rate down. */
export function gradeFrom(design: Design, downs: number): Strength {
  return BY_RANK[Math.min(RANK[DESIGN_START[design]] + downs, BY_RANK.length - 1)]!;
}

/** Whether a claim of this grade can carry a high severity on its own (moderate or better). */
export function carriesHigh(s: Strength): boolean {
  return RANK[s] <= RANK.moderate;
}

/** The grade as reports word it: "very limited", not "very-limited". */
export function strengthWords(s: Strength): string {
  return s.replace('-', ' ');
}

/** The strongest of some grades, or undefined for none. */
export function strongest(strengths: readonly Strength[]): Strength | undefined {
  let best: Strength | undefined;
  for (const s of strengths) if (best === undefined || RANK[s] < RANK[best]) best = s;
  return best;
}

/** The evidence claims a risk rests on (its `claims`, in its own principle). */
export function claimsOf(rb: Rulebook, risk: Risk): EvidenceClaim[] {
  const principle = rb.principles.find((p) => p.id === risk.principle);
  return (principle?.evidence ?? []).filter((c) => risk.claims?.includes(c.id));
}

/** Whether a claim's grade rests on this reference: its basis, or any of its references if it has no grade. */
function restsOn(c: EvidenceClaim, refId: string): boolean {
  return c.grade ? c.grade.basis === refId : c.references.includes(refId);
}

/**
 * The strength a reference carries where a risk cites it: the strongest of the risk's own claims whose
 * grade rests on it (its basis). A reference that is cited beside the basis but does not set a grade (a
 * board paper beside a longitudinal study) is shown ungraded, as is one none of the risk's claims cites:
 * a finding never lends a study the grade another study earned. Every report, SARIF's rule help
 * included, grades by this rule.
 */
export function referenceStrength(rb: Rulebook, risk: Risk, refId: string): Strength | undefined {
  return strongest(
    claimsOf(rb, risk)
      .filter((c) => restsOn(c, refId))
      .map((c) => c.strength),
  );
}
