import { Chalk } from 'chalk';
import { InputError, UsageError } from '../load/errors.js';
import { parseDraft, validateDraft } from '../draft/load.js';
import { assess } from '../engine/assess.js';
import { diffAssessments } from '../engine/diff.js';
import { whatIf } from '../engine/whatif.js';
import { followedPaths } from '../engine/whatif-followed.js';
import { draftViewWith } from '../draft/view.js';
import { renderDiffText } from '../render/diff-text.js';
import { renderDiffMarkdown } from '../render/diff-markdown.js';
import { announceWritten, confirmReplace, openOutput, refuseOverwritingInput } from '../io/output.js';
import { ownRulebookOf, readDraftBytes } from './assess-files.js';
import { reportWidth, useColour } from '../io/terminal.js';
import { cleanLine, jsonSafe } from '../render/sanitize.js';
import { rulebookAt, type ActiveRulebook } from './rulebooks.js';
import { rulebookLabel } from '../engine/citations.js';
import { today } from '../io/today.js';
import { failsAt, type FailOn } from '../rulebook/severity.js';
import type { Severity } from '../rulebook/types.js';

export interface DiffFlags {
  format: 'text' | 'markdown' | 'json';
  output?: string;
  /** Replace an existing --output file without asking. */
  force?: boolean;
  rulebook?: string;
  role?: string;
  /** New risks at or above this severity (not accepted) fail the run too. */
  failOn?: FailOn;
  color?: boolean;
}

/** `gp-change diff OLD NEW`: both versions are assessed against the same rulebook and compared. */
export async function runDiff(oldFile: string, newFile: string, flags: DiffFlags): Promise<number> {
  refuseOverwritingInput(flags.output, [oldFile, newFile]);
  const replace = await confirmReplace(flags.output, flags.force);
  const date = today();
  const load = async (file: string) => {
    const source = parseDraft(readDraftBytes(file), file);
    return {
      source,
      active: flags.rulebook ? await rulebookAt(flags.rulebook) : await ownRulebookOf(source),
    };
  };
  const [a, b] = [await load(oldFile), await load(newFile)];
  // Under two rulebooks a score could move with no answer changed (a risk switched off, a weight
  // changed): the diff would credit the revision with what the rulebook did. Ask for one.
  if (a.active !== b.active) {
    const name = (x: ActiveRulebook) => rulebookLabel(x.rulebook);
    throw new UsageError(
      `${cleanLine(oldFile)} is read with the rulebook ${cleanLine(name(a.active))} and ${cleanLine(newFile)} with ${cleanLine(name(b.active))}; diff shows what a revision changed under one rulebook: choose it with --rulebook FILE (or --rulebook builtin)`,
    );
  }
  // Both versions are read with the newer one's rulebook, so a score moves only because an answer did.
  const active = b.active;
  const problems = [];
  const parsed = [];
  for (const x of [a, b]) {
    try {
      const draft = validateDraft(x.source, active.validate);
      parsed.push({ draft, assessment: assess(active.plan, draft, { role: flags.role, today: date }) });
    } catch (error) {
      if (error instanceof InputError) problems.push(...error.problems);
      else throw error;
    }
  }
  if (problems.length) throw new InputError(problems);
  const d = diffAssessments(active.rulebook, parsed[0]!, parsed[1]!);
  const earlier = whatIf(active.plan, parsed[0]!.draft, { role: parsed[0]!.assessment.role.id });
  const followed = followedPaths(earlier, draftViewWith(active.plan.view, parsed[1]!.draft.draft, parsed[1]!.assessment.role.id));
  if (followed.length) d.followed = followed;
  // Only ids written in the drafts count: versions in files named hub-v1 and hub-v2 default to different ids.
  const [idA, idB] = [parsed[0]!.draft.draft.id, parsed[1]!.draft.draft.id];
  if (idA && idB && idA !== idB)
    process.stderr.write(
      `note: ${cleanLine(oldFile)} (id ${cleanLine(idA)}) and ${cleanLine(newFile)} (id ${cleanLine(idB)}) look like different changes, not two versions of one; give both the same \`id:\` if they are\n`,
    );
  const out = openOutput(flags.output, { replace });
  try {
    if (flags.format === 'json') out.write(`${jsonSafe(JSON.stringify(d, null, 2))}\n`);
    else if (flags.format === 'markdown') out.write(renderDiffMarkdown(d));
    else
      out.write(renderDiffText(d, { chalk: new Chalk({ level: useColour(flags.color, !flags.output) ? 1 : 0 }), width: reportWidth(100) }));
    out.close();
    announceWritten(flags.output);
  } catch (error) {
    out.abort();
    throw error;
  }
  // Exit 1 when the revision made things worse: the verdict or a band, or a new risk at --fail-on.
  const failOn = flags.failOn ?? 'high';
  const newRisk = d.added.some((r) => !r.accepted && failsAt(r.severity as Severity, failOn));
  return d.worse || newRisk ? 1 : 0;
}
