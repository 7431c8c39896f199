import { didYouMean } from '../load/ajv-problems.js';
import { UsageError } from '../load/errors.js';
import { principleMarkdown } from '../render/rulebook-md.js';
import { printMarkdown } from '../io/markdown.js';
import { useColour } from '../io/terminal.js';
import { rulebookAt } from './rulebooks.js';

export interface PrinciplesFlags {
  /** Show only this role's actions. */
  role?: string;
  rulebook?: string;
  color?: boolean;
}

/** `gp-change principles [ID]`: one principle (by id or number), or all, with its evidence, actions, questions and risks. */
export async function runPrinciples(id: string | undefined, flags: PrinciplesFlags): Promise<number> {
  const book = (await rulebookAt(flags.rulebook)).rulebook;
  const list = id ? book.principles.filter((p) => p.id === id || String(p.number) === id) : book.principles;
  if (!list.length)
    throw new UsageError(
      `no principle "${id}"${didYouMean(
        id!,
        book.principles.map((p) => p.id),
      )}; principles: ${book.principles.map((p) => p.id).join(', ')}`,
    );
  await printMarkdown(list.map((p) => principleMarkdown(book, p, flags.role)).join('\n'), useColour(flags.color, true));
  return 0;
}
