/** `gp-change plan` formats, apart from their renderer so the command line can list them without loading it. */
export const PLAN_FORMATS = ['markdown', 'csv', 'html', 'yaml'] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];
