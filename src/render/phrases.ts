import type { Finding } from '../engine/assessment.js';

import { graver } from '../rulebook/severity.js';

/** "Graver here (medium to high): why" or "Milder here (medium to low): why", for a finding whose context changed its severity. */
export function severityChange(f: Finding, arrow = 'to'): string | undefined {
  if (!f.escalation || !f.baseSeverity) return undefined;
  const word = graver(f.severity, f.baseSeverity) ? 'Graver' : 'Milder';
  return `${word} here (${f.baseSeverity} ${arrow} ${f.severity}): ${f.escalation}`;
}

/** What ▲ means beside an answer in a comparison (text, markdown and HTML say the same). */
export const GAP_MARK_LEGEND =
  "▲ The frontline answer scores well below the ICS answer (by the rulebook's answer threshold): these answers are behind the perception gap. Unmarked rows differ by less, or in the other direction, and are still worth talking through.";

/** The note under a table of principles when one has too few answers for a score or band (every format says the same). */
export function tooFewNote(minCoverage = 0.5): string {
  return `too few answers: fewer than ${Math.round(minCoverage * 100)}% of the principle's questions answered, so it has no score or band yet`;
}
