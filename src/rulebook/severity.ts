import type { Severity } from './types.js';

/** The severities, gravest first: the order findings are sorted and listed in. */
export const SEVERITIES: readonly Severity[] = ['high', 'medium', 'low'];

/** What `--fail-on` takes: a severity (that one and graver fail the run), or `none`. */
export const FAIL_ON = [...SEVERITIES, 'none'] as const;
export type FailOn = (typeof FAIL_ON)[number];

const RANK: Record<Severity, number> = { high: 0, medium: 1, low: 2 };

/** 0 for the gravest, counting up: for sorting gravest first. */
export function severityRank(s: Severity): number {
  return RANK[s];
}

/** Whether `a` is graver than `b`. */
export function graver(a: Severity, b: Severity): boolean {
  return RANK[a] < RANK[b];
}

/** Whether a finding (or perception gap) of severity `s` fails a run with `--fail-on failOn`. */
export function failsAt(s: Severity, failOn: FailOn): boolean {
  return failOn !== 'none' && RANK[s] <= RANK[failOn];
}
