import compiled from '../generated/builtin-rulebook.json' with { type: 'json' };
import validateProposal from '../generated/proposal-validator.js';
import type { Rulebook } from './types.js';

/** The built-in rulebook, checked and resolved at build time (src/build/compile.ts). */
export const builtinRulebook = compiled as unknown as Rulebook;
export const builtinProposalValidator = validateProposal;
