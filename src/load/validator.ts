import type { ErrorObject } from 'ajv';

/**
 * An ajv validate function: the draft validator compiled at build time for the built-in rulebook
 * (src/generated/), or at run time for a local one. Its errors become located problems (ajv-problems.ts).
 */
export interface Validator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}
