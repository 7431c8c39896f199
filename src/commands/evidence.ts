import { didYouMean } from '../load/ajv-problems.js';
import { UsageError } from '../load/errors.js';
import type { ExportFormat } from '../render/export-formats.js';
import { bibliographyMarkdown, referenceMarkdown } from '../render/rulebook-md.js';
import { clean } from '../render/sanitize.js';
import { printMarkdown } from '../io/markdown.js';
import { confirmReplace, writeFileAtomic } from '../io/output.js';
import { useColour } from '../io/terminal.js';
import { rulebookAt } from './rulebooks.js';

export interface EvidenceFlags {
  /** Export the bibliography (or the one reference) in this format instead of showing it. */
  format?: ExportFormat;
  output?: string;
  /** Replace an existing --output file without asking. */
  force?: boolean;
  rulebook?: string;
  color?: boolean;
}

/** `gp-change evidence [ID]`: the reference list, or one reference and everything citing it; or an export of them. */
export async function runEvidence(id: string | undefined, flags: EvidenceFlags): Promise<number> {
  const book = (await rulebookAt(flags.rulebook)).rulebook;
  const refs = id ? book.references.filter((r) => r.id === id) : book.references;
  if (id && !refs.length)
    throw new UsageError(
      `no reference "${id}"${didYouMean(
        id,
        book.references.map((r) => r.id),
      )}; run \`gp-change evidence\` for the list`,
    );
  const replace = await confirmReplace(flags.output, flags.force);
  let text: string;
  if (flags.format) {
    // citation-js is loaded only for an export.
    const { exportReferences } = await import('../render/bibliography.js');
    text = await exportReferences(refs, flags.format);
  } else {
    text = clean(id ? referenceMarkdown(book, refs[0]!) : bibliographyMarkdown(book));
    if (!flags.output) {
      await printMarkdown(text, useColour(flags.color, true));
      return 0;
    }
  }
  if (flags.output) writeFileAtomic(flags.output, text, { replace });
  else process.stdout.write(text);
  return 0;
}
