/** Output formats of `gp-change compare` (kept apart so the CLI can list them without loading compare). */
export const COMPARE_FORMATS = ['text', 'markdown', 'json', 'csv', 'html'] as const;
