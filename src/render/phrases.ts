import type { Finding } from '../engine/assessment.js';

/** "Rated high here, not medium: why", for a finding whose context made it graver or milder than usual. */
export function severityChange(f: Finding): string | undefined {
  if (!f.escalation || !f.baseSeverity) return undefined;
  // "The target is ..." reads on after the colon as "the target is ..."; "NHS ..." stays as it is.
  const why = /^[A-Z][a-z]/.test(f.escalation) ? f.escalation[0]!.toLowerCase() + f.escalation.slice(1) : f.escalation;
  return `Rated ${f.severity} here, not ${f.baseSeverity}: ${why}`;
}

/** The assessment's caveat in a line, for the terminal summary (the report in full carries its whole wording). */
export const SHORT_CAVEAT = 'Scores are for conversation, not targets; bands are heuristics, not cut-offs.';

/** What ▲ means beside an answer in a comparison (text, markdown and HTML say the same). */
export const GAP_MARK_LEGEND =
  "▲ The frontline answer scores well below the ICB answer (by the rulebook's answer threshold): these answers are behind the perception gap. Unmarked rows differ by less, or in the other direction, and are still worth talking through.";

/** The note under a table of principles when one has too few answers for a score or band (every format says the same). */
export function tooFewNote(minCoverage = 0.5): string {
  return `too few answers: fewer than ${Math.round(minCoverage * 100)}% of the principle's questions answered, so it has no score or band yet`;
}
