import type { PlanEntry } from '../draft/types.js';
import type { PlanProgress } from './assessment.js';

export const isDone = (v: PlanEntry['done']) => v === true || v === 'yes';

/** How far the plan kept in the draft (`plan:`) has got. Pure: no I/O. */
export function planProgress(plan: PlanEntry[], today: string): PlanProgress {
  const open = plan.filter((p) => !isDone(p.done));
  return {
    total: plan.length,
    done: plan.length - open.length,
    overdue: open.filter((p) => p.due && p.due < today).map((p) => ({ item: p.item, due: p.due! })),
    next: open.slice(0, 3).map((p) => p.item),
  };
}
