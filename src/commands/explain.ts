import { didYouMean } from '../load/ajv-problems.js';
import { UsageError } from '../load/errors.js';
import { perceptionGapMarkdown, riskMarkdown } from '../render/rulebook-md.js';
import { inspectCondition } from '../rulebook/conditions.js';
import type { Principle, Question, Risk, Rulebook } from '../rulebook/types.js';
import { printMarkdown } from '../io/markdown.js';
import { useColour } from '../io/terminal.js';
import { rulebookAt } from './rulebooks.js';

export interface ExplainFlags {
  rulebook?: string;
  color?: boolean;
}

/** Every risk by its title, principle by principle: what `explain` with no id shows. */
function riskList(rb: Rulebook): string {
  const parts = ['# Risks', '', 'Run `gp-change explain <id>` for one in full; a question id shows the question.'];
  for (const p of rb.principles) {
    parts.push('', `## ${p.number}. ${p.title}`, '');
    for (const r of p.risks) parts.push(`- \`${r.id}\`: ${r.title}`);
  }
  return `${parts.join('\n')}\n`;
}

/** Risks whose condition reads the question's answer. */
function risksFedBy(p: Principle[], q: Question): Risk[] {
  const path = `answers.${q.id}`;
  return p
    .flatMap((x) => x.risks)
    .filter((r) => [r.when, ...(r.escalate ?? []).map((e) => e.when)].some((c) => inspectCondition(c).vars.includes(path)));
}

function questionMarkdown(rb: Rulebook, p: Principle, q: Question): string {
  const fed = risksFedBy(rb.principles, q);
  const parts = [`# Question \`${q.id}\``, '', `Principle ${p.number}: ${p.title}.`, '', `> ${q.prompt}`];
  if (q.help) parts.push('', '## Why it matters', '', q.help);
  parts.push('', '## Answers', '', ...q.options.map((o) => `- \`${o.id}\`: ${o.label}`));
  parts.push('', '## Risks it feeds', '');
  parts.push(...(fed.length ? fed.map((r) => `- \`${r.id}\`: ${r.title}`) : ['None: it counts toward the principle\u2019s score only.']));
  return `${parts.join('\n')}\n`;
}

/** Ids and titles that contain what was typed, or the nearest id by edit distance. */
function closeMatches(id: string, risks: Risk[], questions: Question[]): string {
  const word = id.toLowerCase();
  const ids = [...risks.map((r) => r.id), ...questions.map((q) => q.id)];
  const containing = [
    ...risks.filter((r) => r.id.includes(word) || r.title.toLowerCase().includes(word)).map((r) => r.id),
    ...questions.filter((q) => q.id.includes(word)).map((q) => q.id),
  ];
  if (containing.length) return ` (close: ${containing.slice(0, 5).join(', ')})`;
  return didYouMean(id, ids);
}

/**
 * `gp-change explain [ID]`: with no id, the risks by title; a risk in full (or compare's perception gap); a
 * question, why it matters and the risks it feeds; a risk the rulebook switched off says by whom.
 */
export async function runExplain(id: string | undefined, flags: ExplainFlags): Promise<number> {
  const book = (await rulebookAt(flags.rulebook)).rulebook;
  const colour = useColour(flags.color, true);
  if (id === undefined) {
    await printMarkdown(riskList(book), colour);
    return 0;
  }
  const risks = book.principles.flatMap((p) => p.risks);
  const risk = risks.find((r) => r.id === id);
  const disabled = book.disabledRisks?.find((d) => d.id === id);
  if (!risk && book.perceptionGap?.id === id) {
    await printMarkdown(perceptionGapMarkdown(book), colour);
    return 0;
  }
  const owner = book.principles.find((p) => p.questions.some((q) => q.id === id));
  if (!risk && owner) {
    await printMarkdown(
      questionMarkdown(
        book,
        owner,
        owner.questions.find((q) => q.id === id)!,
      ),
      colour,
    );
    return 0;
  }
  if (!risk && disabled)
    throw new UsageError(`risk "${id}" is switched off by the rulebook ${disabled.by}${disabled.why ? `: ${disabled.why}` : ''}`);
  if (!risk) {
    const questions = book.principles.flatMap((p) => p.questions);
    throw new UsageError(
      `no risk or question "${id}"${closeMatches(id, risks, questions)}; run gp-change explain with no id to list the risks`,
    );
  }
  await printMarkdown(riskMarkdown(book, risk), colour);
  return 0;
}
