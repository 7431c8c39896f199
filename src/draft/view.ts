import type { Rulebook } from '../rulebook/types.js';
import type { Answer, Draft } from './types.js';
import { UNKNOWN, isYesNo } from './schema.js';

/** The draft as rule conditions read it: `answers`, `skills`, each list, `scope` and `role`, every field present. */
export type View = Record<string, unknown>;

/** A missing answer, an empty one and `unknown` mean the same; true/false stand for yes/no. */
export function normaliseAnswer(value: Answer | undefined, yesNo: boolean): string {
  if (value === undefined || value === null || value === '') return UNKNOWN;
  if (typeof value === 'boolean') return yesNo ? (value ? 'yes' : 'no') : UNKNOWN;
  return value;
}

/** What draftView needs of a rulebook, worked out once per plan: every question and field with whether it is yes/no. */
export interface ViewPlan {
  questions: { id: string; yesNo: boolean }[];
  skills: { id: string; yesNo: boolean }[];
  lists: { id: string; fields: { id: string; type: string; yesNo: boolean }[] }[];
}
export function viewPlan(rb: Rulebook): ViewPlan {
  {
    const skillsYesNo = isYesNo(rb.skills.levels);
    return {
      questions: rb.principles.flatMap((p) => p.questions.map((q) => ({ id: q.id, yesNo: isYesNo(q.options) }))),
      skills: rb.skills.areas.map((a) => ({ id: a.id, yesNo: skillsYesNo })),
      lists: rb.lists.map((l) => ({
        id: l.id,
        fields: l.fields.map((f) => ({ id: f.id, type: f.type, yesNo: f.type === 'choice' && isYesNo(f.options) })),
      })),
    };
  }
}

/** The draft as conditions see it: every question, list field and skill area present. */
export function draftView(rb: Rulebook, draft: Draft, role: string): View {
  return draftViewWith(viewPlan(rb), draft, role);
}

/** draftView with the rulebook's view plan already worked out (a compiled plan's, for batches). */
export function draftViewWith(plan: ViewPlan, draft: Draft, role: string): View {
  const answers: Record<string, string> = {};
  const given = draft.answers;
  for (const q of plan.questions) answers[q.id] = normaliseAnswer(given?.[q.id], q.yesNo);
  const skills: Record<string, string> = {};
  for (const a of plan.skills) skills[a.id] = normaliseAnswer(draft.skills?.[a.id], a.yesNo);
  const view: View = { role, scope: normaliseAnswer(draft.scope ?? undefined, false), answers, skills };
  for (const list of plan.lists) {
    const entries = Array.isArray(draft[list.id]) ? (draft[list.id] as Record<string, unknown>[]) : [];
    const items: Record<string, unknown>[] = [];
    for (const entry of entries) {
      const item: Record<string, unknown> = {};
      for (const f of list.fields) {
        const v = entry[f.id];
        if (f.type === 'choice') item[f.id] = normaliseAnswer(v as Answer, f.yesNo);
        else if (f.type === 'text-list') item[f.id] = Array.isArray(v) ? v.filter((s) => typeof s === 'string' && s.trim() !== '') : [];
        else item[f.id] = typeof v === 'string' ? v : '';
      }
      items.push(item);
    }
    view[list.id] = items;
  }
  return view;
}
