import { didYouMean } from '../load/ajv-problems.js';
import { UsageError } from '../load/errors.js';
import { perceptionGapMarkdown, riskMarkdown } from '../render/rulebook-md.js';
import { printMarkdown } from '../io/markdown.js';
import { useColour } from '../io/terminal.js';
import { rulebookAt } from './rulebooks.js';

export interface ExplainFlags {
  rulebook?: string;
  color?: boolean;
}

/** `gp-change explain RISK-ID`: a risk in full (or compare's perception gap); a risk the rulebook switched off says by whom. */
export async function runExplain(id: string, flags: ExplainFlags): Promise<number> {
  const book = (await rulebookAt(flags.rulebook)).rulebook;
  const colour = useColour(flags.color, true);
  const risks = book.principles.flatMap((p) => p.risks);
  const risk = risks.find((r) => r.id === id);
  const disabled = book.disabledRisks?.find((d) => d.id === id);
  if (!risk && book.perceptionGap?.id === id) {
    await printMarkdown(perceptionGapMarkdown(book), colour);
    return 0;
  }
  if (!risk && disabled)
    throw new UsageError(`risk "${id}" is switched off by the rulebook ${disabled.by}${disabled.why ? `: ${disabled.why}` : ''}`);
  if (!risk)
    throw new UsageError(
      `no risk "${id}"${didYouMean(
        id,
        risks.map((r) => r.id),
      )}; risks: ${risks.map((r) => r.id).join(', ')}`,
    );
  await printMarkdown(riskMarkdown(book, risk), colour);
  return 0;
}
