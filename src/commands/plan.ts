import { buildPlan } from '../engine/action-plan.js';
import { renderPlan } from '../render/plan.js';
import type { PlanFormat } from '../render/plan-formats.js';
import { findOutWords, stepWords } from '../render/whatif-text.js';
import { confirmReplace, emitReport, refuseOverwritingInput } from '../io/output.js';
import { loadWhatIf } from './whatif.js';

export interface PlanFlags {
  format: PlanFormat;
  output?: string;
  force?: boolean;
  rulebook?: string;
  role?: string;
}

/** `gp-change plan DRAFT`: the what-if's chosen path and the findings' guide actions as a checklist. */
export async function runPlan(file: string, flags: PlanFlags): Promise<number> {
  refuseOverwritingInput(flags.output, [file]);
  const replace = await confirmReplace(flags.output, flags.force);
  const { loaded, assessment: a, whatif } = await loadWhatIf(file, flags);
  const items = buildPlan(a, whatif, { step: stepWords, findOut: (f) => findOutWords(f, whatif.verdict) }, loaded.draft.plan);
  emitReport(flags.output, replace, renderPlan(a, items, flags.format));
  return 0;
}
