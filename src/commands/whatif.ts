import { Chalk } from 'chalk';
import { namedRulebook, parseDraft, validateDraft } from '../draft/load.js';
import { assess } from '../engine/assess.js';
import { whatIf, type WhatIf } from '../engine/whatif.js';
import type { Assessment } from '../engine/assessment.js';
import type { LoadedDraft } from '../draft/types.js';
import type { Rulebook } from '../rulebook/types.js';
import { renderWhatIfText } from '../render/whatif-text.js';
import { confirmReplace, emitReport, refuseOverwritingInput } from '../io/output.js';
import { readDraftBytes } from './assess-files.js';
import { reportWidth, useColour } from '../io/terminal.js';
import { jsonSafe } from '../render/sanitize.js';
import { rulebookForDraft } from './rulebooks.js';
import { today } from '../io/today.js';

export interface WhatIfFlags {
  format: 'text' | 'json';
  output?: string;
  force?: boolean;
  rulebook?: string;
  role?: string;
  color?: boolean;
}

/** Version of `gp-change whatif --format json`; bump on breaking change. */
export const WHATIF_FORMAT = 1;

/** One draft read, checked and assessed, with its what-if: shared by `whatif` and `plan`. */
export async function loadWhatIf(
  file: string,
  flags: { rulebook?: string; role?: string },
): Promise<{ rb: Rulebook; loaded: LoadedDraft; assessment: Assessment; whatif: WhatIf }> {
  const source = parseDraft(readDraftBytes(file), file);
  const active = await rulebookForDraft(flags.rulebook, namedRulebook(source), file);
  const loaded = validateDraft(source, active.validate);
  const assessment = assess(active.plan, loaded, { role: flags.role, today: today() });
  return { rb: active.rulebook, loaded, assessment, whatif: whatIf(active.plan, loaded, { role: flags.role }) };
}

/** `gp-change whatif DRAFT`: the smallest answer changes the role can make that move the verdict or a band. */
export async function runWhatIf(file: string, flags: WhatIfFlags): Promise<number> {
  refuseOverwritingInput(flags.output, [file]);
  const replace = await confirmReplace(flags.output, flags.force);
  const { assessment: a, whatif } = await loadWhatIf(file, flags);
  let text: string;
  if (flags.format === 'json') {
    const doc = {
      format: WHATIF_FORMAT,
      file: a.file,
      id: a.id,
      title: a.title,
      role: a.role,
      verdict: a.verdict,
      principles: a.principles.map((p) => ({ id: p.id, shortTitle: p.shortTitle, score: p.score, band: p.band })),
      whatif,
      caveat: a.caveat,
    };
    text = `${jsonSafe(JSON.stringify(doc, null, 2))}\n`;
  } else
    text = renderWhatIfText(a, whatif, {
      chalk: new Chalk({ level: useColour(flags.color, !flags.output) ? 1 : 0 }),
      width: reportWidth(100),
    });
  emitReport(flags.output, replace, text);
  return 0;
}
