import { Chalk } from 'chalk';
import { InputError, UsageError, type Problem } from '../load/errors.js';
import { namedRulebook, parseDraft, validateDraft } from '../draft/load.js';
import type { LoadedDraft } from '../draft/types.js';
import { assess } from '../engine/assess.js';
import type { Assessment } from '../engine/assessment.js';
import { compare } from '../engine/compare.js';
import { renderCompareText } from '../render/compare-text.js';
import { renderCompareMarkdown } from '../render/compare-markdown.js';
import { renderCompareCsv } from '../render/compare-csv.js';
import { renderCompareHtml } from '../render/compare-html.js';
import { expandInputs } from '../io/inputs.js';
import { readDraftBytes } from './assess-files.js';
import { jsonSafe } from '../render/sanitize.js';
import { announceWritten, confirmReplace, openOutput, refuseOverwritingInput } from '../io/output.js';
import { formatError, reportWidth, useColour } from '../io/terminal.js';
import { rulebookAt, rulebookForDraft, type ActiveRulebook } from './rulebooks.js';

import type { COMPARE_FORMATS } from './compare-formats.js';
import { failsAt, type FailOn } from '../rulebook/severity.js';
import { today } from '../io/today.js';

export interface CompareFlags {
  format: (typeof COMPARE_FORMATS)[number];
  output?: string;
  /** Replace an existing --output file without asking. */
  force?: boolean;
  rulebook?: string;
  role?: string;
  failOn: FailOn;
  color?: boolean;
  /** A heading for the comparison (a board paper's subject). */
  title?: string;
}

/** `gp-change compare`: drafts side by side; respondents of one change grouped, with spread and perception gaps. */
export async function runCompare(patterns: string[], flags: CompareFlags): Promise<number> {
  const chosen: ActiveRulebook = await rulebookAt(flags.rulebook);
  const { files, missing } = await expandInputs(patterns);
  refuseOverwritingInput(flags.output, files);
  const replace = await confirmReplace(flags.output, flags.force);
  const errors: Problem[] = missing.map((m) => ({ file: m.arg, message: m.message }));
  const errChalk = new Chalk({ level: useColour(flags.color, false, process.stderr) ? 1 : 0 });
  const date = today();
  const items: { assessment: Assessment; draft: LoadedDraft }[] = [];
  for (const file of files) {
    try {
      const source = parseDraft(readDraftBytes(file), file);
      const active = flags.rulebook ? chosen : await rulebookForDraft(undefined, namedRulebook(source), file);
      if (active.rulebook.id !== chosen.rulebook.id) {
        throw new InputError([
          {
            file,
            line: 1,
            col: 1,
            message: `this draft uses the rulebook ${active.rulebook.id}; compare drafts of one rulebook (give it with --rulebook)`,
          },
        ]);
      }
      const draft = validateDraft(source, active.validate);
      items.push({ assessment: assess(active.plan, draft, { role: flags.role, today: date }), draft });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      errors.push(...error.problems);
    }
  }
  for (const e of errors) process.stderr.write(formatError(e, errChalk));
  if (!items.length) {
    if (!errors.length) throw new UsageError('no drafts to compare');
    return 2;
  }
  const comparison = { ...(flags.title ? { title: flags.title } : {}), ...compare(chosen.rulebook, items, date) };
  const out = openOutput(flags.output, { replace });
  try {
    if (flags.format === 'json') out.write(`${jsonSafe(JSON.stringify({ ...comparison, errors }, null, 2))}\n`);
    else if (flags.format === 'csv') out.write(renderCompareCsv(comparison));
    else if (flags.format === 'markdown') out.write(renderCompareMarkdown(comparison));
    else if (flags.format === 'html') out.write(renderCompareHtml(comparison));
    else {
      const chalk = new Chalk({ level: useColour(flags.color, !flags.output) ? 1 : 0 });
      out.write(renderCompareText(comparison, { chalk, width: reportWidth(120) }));
    }
    out.close();
    announceWritten(flags.output);
  } catch (error) {
    out.abort();
    throw error;
  }
  const gapFails = comparison.groups.some((g) => g.gaps.some((x) => failsAt(x.severity, flags.failOn)));
  return errors.length ? 2 : gapFails ? 1 : 0;
}
