import type { Rulebook } from '../rulebook/types.js';
import type { Answer, Draft } from './types.js';
import { UNKNOWN, isYesNo } from './schema.js';
import type { View } from '../engine/conditions.js';

/** A missing answer, an empty one and `unknown` mean the same; true/false stand for yes/no. */
export function normaliseAnswer(value: Answer | undefined, yesNo: boolean): string {
  if (value === undefined || value === null || value === '') return UNKNOWN;
  if (typeof value === 'boolean') return yesNo ? (value ? 'yes' : 'no') : UNKNOWN;
  return value;
}

/** The draft as conditions see it: every question, list field and skill area present. */
export function draftView(rb: Rulebook, draft: Draft, role: string): View {
  const answers: Record<string, string> = {};
  for (const p of rb.principles) {
    for (const q of p.questions) answers[q.id] = normaliseAnswer(draft.answers?.[q.id], isYesNo(q.options));
  }
  const skills: Record<string, string> = {};
  for (const a of rb.skills.areas) skills[a.id] = normaliseAnswer(draft.skills?.[a.id], isYesNo(rb.skills.levels));
  const view: View = { role, scope: normaliseAnswer(draft.scope ?? undefined, false), answers, skills };
  for (const list of rb.lists) {
    const entries = Array.isArray(draft[list.id]) ? (draft[list.id] as Record<string, unknown>[]) : [];
    view[list.id] = entries.map((entry) => {
      const item: Record<string, unknown> = {};
      for (const f of list.fields) {
        const v = entry[f.id];
        if (f.type === 'choice') item[f.id] = normaliseAnswer(v as Answer, isYesNo(f.options));
        else if (f.type === 'text-list') item[f.id] = Array.isArray(v) ? v.filter((s) => typeof s === 'string' && s.trim() !== '') : [];
        else item[f.id] = typeof v === 'string' ? v : '';
      }
      return item;
    });
  }
  return view;
}
