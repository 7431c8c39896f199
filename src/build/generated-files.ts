import type { Rulebook } from '../rulebook/types.js';
import { proposalSchema } from '../draft/schema.js';
import { rulebookSchema } from '../rulebook/rulebook-schema.js';
import { assessmentSchema } from '../engine/assessment-schema.js';
import { bibliographyMarkdown, perceptionGapMarkdown, principleMarkdown, riskMarkdown } from '../render/rulebook-md.js';

const HEADER = '<!-- Generated from the rulebook by `npm run generate`; do not edit by hand. -->\n\n';

/**
 * Files derived from the rulebook and committed for readers and editors. `npm run generate` writes
 * them; a test fails when the committed copies drift from what the rulebook says.
 */
export function generatedFiles(rb: Rulebook): Map<string, string> {
  const files = new Map<string, string>();
  const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;
  files.set('schemas/proposal.schema.json', json(proposalSchema(rb)));
  files.set('schemas/rulebook.schema.json', json(rulebookSchema()));
  files.set('schemas/assessment.schema.json', json(assessmentSchema()));
  const risks = rb.principles.flatMap((p) => [`## ${p.number}. ${p.title}\n`, ...p.risks.map((r) => riskMarkdown(rb, r, 3))]);
  if (rb.perceptionGap) risks.push('## Found by `gp-change compare`\n', perceptionGapMarkdown(rb, 3));
  files.set(
    'docs/risks.md',
    `${HEADER}# Risks\n\nEvery risk of the rulebook ${rb.id} ${rb.version}, as \`gp-change explain RISK-ID\` shows it.\n\n${risks.join('\n')}`,
  );
  files.set(
    'docs/principles.md',
    `${HEADER}# The four principles\n\n${rb.principles.map((p) => principleMarkdown(rb, p, undefined, 2)).join('\n')}`,
  );
  files.set('docs/evidence.md', HEADER + bibliographyMarkdown(rb));
  return files;
}
