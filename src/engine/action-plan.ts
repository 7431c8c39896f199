import type { Assessment, WhatIf, WhatIfPath } from './assessment.js';
import { isDone } from './plan-progress.js';
import type { PlanEntry } from '../draft/types.js';

/**
 * `gp-change plan`: a checklist from the what-if's chosen path (its steps) and the findings' guide actions,
 * each item citing the risks it answers and their evidence; and the progress of a plan kept in the draft
 * (`plan:`). Pure: no I/O.
 */
export interface PlanItem {
  kind: 'change' | 'find-out' | 'action';
  item: string;
  /** Risk titles the item answers. */
  risks: string[];
  evidence: string[];
  /** From the draft's own `plan:` entry with the same words, where there is one. */
  done: boolean;
  owner?: string;
  due?: string;
}

/** The path a plan follows: the first path to the next verdict, else the longer route, else none. */
export function chosenPath(w: WhatIf): WhatIfPath | undefined {
  const goal = w.goals.find((g) => g.kind === 'verdict');
  return goal?.paths[0] ?? goal?.longer;
}

/** The checklist, in order: the path's changes, what to find out, then the guide's actions for the open risks. */
export function buildPlan(
  a: Assessment,
  w: WhatIf,
  words: { step: (s: WhatIfPath['steps'][number]) => string; findOut: (f: WhatIf['findOut'][number]) => string | null },
  kept: PlanEntry[] = [],
): PlanItem[] {
  const items: PlanItem[] = [];
  const titles = new Map(a.findings.map((f) => [f.id, f.title]));
  const path = chosenPath(w);
  for (const s of path?.steps ?? [])
    items.push({
      kind: 'change',
      item: words.step(s),
      risks: s.risks.map((r) => titles.get(r) ?? r),
      evidence: s.evidence.map((e) => e.short),
      done: false,
    });
  for (const f of w.findOut) {
    const outcome = words.findOut(f);
    if (outcome) items.push({ kind: 'find-out', item: `Find out: ${f.question} (${outcome})`, risks: [], evidence: [], done: false });
  }
  const byAction = new Map<string, PlanItem>();
  for (const f of a.findings) {
    if (f.acknowledged) continue;
    for (const act of f.actions) {
      let item = byAction.get(act.id);
      if (!item) {
        item = { kind: 'action', item: act.text, risks: [], evidence: [], done: false };
        byAction.set(act.id, item);
        items.push(item);
      }
      if (!item.risks.includes(f.title)) item.risks.push(f.title);
      for (const e of f.evidence) if (!item.evidence.includes(e.short)) item.evidence.push(e.short);
    }
  }
  for (const item of items) {
    const k = kept.find((e) => e.item.trim() === item.item.trim());
    if (!k) continue;
    item.done = isDone(k.done);
    if (k.owner) item.owner = k.owner;
    if (k.due) item.due = k.due;
  }
  return items;
}
