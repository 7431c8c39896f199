import { Ajv } from 'ajv';
import type { Rulebook } from '../rulebook/types.js';
import type { Validator } from '../load/validator.js';
import { proposalSchema } from './schema.js';

/** Compiles the draft validator for a local rulebook at run time (the built-in one is compiled at build time). */
export function compileProposalValidator(rb: Rulebook): Validator {
  return new Ajv({ allErrors: true, verbose: true, strict: false }).compile(proposalSchema(rb)) as Validator;
}
