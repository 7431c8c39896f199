import type { Risk, Rulebook, Strength } from './types.js';

/**
 * The strength a reference carries where a risk cites it: that of the claim it supports among the
 * risk's own claims, else of any claim of the risk's principle that cites it; failing both, a study whose
 * claims elsewhere all carry one strength has that strength. The guide and its blog, cited for claims of
 * every strength, are left ungraded. Every report, SARIF's rule help included, grades by this rule.
 */
export function referenceStrength(rb: Rulebook, risk: Risk, refId: string): Strength | undefined {
  const principle = rb.principles.find((p) => p.id === risk.principle);
  return (
    principle?.evidence.find((c) => c.references.includes(refId) && (!risk.claims || risk.claims.includes(c.id)))?.strength ??
    principle?.evidence.find((c) => c.references.includes(refId))?.strength ??
    strengthEverywhere(rb, refId)
  );
}

/** The one strength of every claim citing the reference, or undefined when they differ (or none does). */
function strengthEverywhere(rb: Rulebook, refId: string): Strength | undefined {
  const strengths = new Set(
    rb.principles
      .flatMap((p) => p.evidence)
      .filter((c) => c.references.includes(refId))
      .map((c) => c.strength),
  );
  return strengths.size === 1 ? [...strengths][0] : undefined;
}
