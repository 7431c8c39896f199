import { readFileSync } from 'node:fs';
import { builtinProposalValidator, builtinRulebook } from '../../src/rulebook/builtin.js';
import { loadDraft } from '../../src/draft/load.js';
import { assess } from '../../src/engine/assess.js';
import { compilePlan } from '../../src/engine/plan.js';
import type { Assessment } from '../../src/engine/assessment.js';

export const rb = builtinRulebook;
export const validate = builtinProposalValidator;
/** The built-in rulebook compiled once for every in-process assessment of a test file. */
export const plan = compilePlan(rb);
export const TODAY = '2026-11-23';

export function assessText(text: string, file = 'draft.yaml', role?: string, today = TODAY): Assessment {
  return assess(plan, loadDraft(text, file, validate), { role, today });
}

export function assessFile(file: string, role?: string): Assessment {
  return assessText(readFileSync(file, 'utf8'), file, role);
}

export const allRisks = rb.principles.flatMap((p) => p.risks);
export const allQuestions = rb.principles.flatMap((p) => p.questions);
