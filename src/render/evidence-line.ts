import type { Citation } from '../engine/assessment.js';
import type { Strength } from '../rulebook/types.js';
import { strengthWords } from '../rulebook/evidence-strength.js';

export interface EvidenceStyle {
  /** Makes a piece of text safe for the format (escaping); plain text by default. */
  escape?: (text: string) => string;
  /** Marks up where a study appeared (italics), or `false` to leave it out (a one-line annotation). */
  container?: ((escaped: string) => string) | false;
}

const asIs = (text: string) => text;

/**
 * A finding's or a perception gap's evidence as every report words it:
 * "Doran et al 2011, BMJ (strong); Roland and Guthrie 2016 (moderate)".
 */
export function evidenceLine(evidence: readonly (Citation & { strength?: Strength })[], style: EvidenceStyle = {}): string {
  const escape = style.escape ?? asIs;
  const container = style.container === false ? undefined : (style.container ?? asIs);
  return evidence
    .map(
      (e) =>
        `${escape(e.short)}${e.container && container ? `, ${container(escape(e.container))}` : ''}${e.strength ? ` (${escape(strengthWords(e.strength))})` : ''}`,
    )
    .join('; ');
}
