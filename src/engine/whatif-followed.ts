import type { View } from '../draft/view.js';
import { readPath } from './conditions.js';
import type { WhatIf } from './assessment.js';
import { NAMED } from './whatif.js';

/** A path proposed for an earlier version, and how much of it a revision carried out. */
export interface FollowedPath {
  kind: 'verdict' | 'band';
  principle?: string;
  to: string;
  /** 1-based, as the earlier report numbered it. */
  path: number;
  stepsDone: number;
  steps: number;
}

/**
 * For `gp-change diff`: which of the paths the earlier version's what-if proposed the revision followed,
 * step by step (a step counts when every draft path it names now holds its answer). For each goal, the
 * path with the most steps carried out, where any was. Pure.
 */
export function followedPaths(earlier: WhatIf, later: View): FollowedPath[] {
  const out: FollowedPath[] = [];
  for (const goal of earlier.goals) {
    let best: FollowedPath | undefined;
    goal.paths.forEach((p, i) => {
      const done = p.steps.filter((s) =>
        s.paths.every((path) => {
          const value = readPath(later, path.replace(/\[(\d+)\]/g, '.$1'));
          return s.to === NAMED ? Array.isArray(value) && value.length > 0 : value === s.to;
        }),
      ).length;
      if (done && (!best || done > best.stepsDone))
        best = {
          kind: goal.kind,
          ...(goal.principle ? { principle: goal.principle } : {}),
          to: goal.to,
          path: i + 1,
          stepsDone: done,
          steps: p.steps.length,
        };
    });
    if (best) out.push(best);
  }
  return out;
}
