import { Ajv } from 'ajv';
import standaloneModule from 'ajv/dist/standalone/index.js';
import type { Rulebook } from '../rulebook/types.js';
import type { Validator } from '../load/validator.js';
import { proposalSchema } from './schema.js';

// ajv's standalone module is CommonJS: its function is the default export or that export's `default`.
const standaloneCode = ((standaloneModule as unknown as { default?: unknown }).default ?? standaloneModule) as (
  ajv: Ajv,
  v: unknown,
) => string;

/** Compiles the draft validator for a local rulebook at run time (the built-in one is compiled at build time). */
export function compileProposalValidator(rb: Rulebook): Validator {
  return new Ajv({ allErrors: true, verbose: true, strict: false }).compile(proposalSchema(rb)) as Validator;
}

/**
 * compileProposalValidator, with the validator's standalone code for the on-disk cache: no code when it
 * would need one of ajv's runtime modules, which a cached copy could not load.
 */
export function compileProposalValidatorWithCode(rb: Rulebook): { validate: Validator; code?: string } {
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: false, code: { source: true } });
  const validate = ajv.compile(proposalSchema(rb)) as Validator;
  const code = standaloneCode(ajv, validate);
  return { validate, ...(/require\(/.test(code) ? {} : { code }) };
}
