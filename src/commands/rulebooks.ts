import { dirname, resolve } from 'node:path';
import { builtinProposalValidator, builtinRulebook } from '../rulebook/builtin.js';
import type { Rulebook } from '../rulebook/types.js';
import type { Validator } from '../load/validator.js';
import type { Origins } from '../rulebook/resolve.js';
import { compilePlan, type Plan } from '../engine/plan.js';
import { cacheFolder, readCompiled, validatorFrom, writeCompiled } from '../io/rulebook-cache.js';

export interface ActiveRulebook {
  rulebook: Rulebook;
  validate: Validator;
  /** The rulebook compiled for assess(), made on first use and kept for the run. */
  readonly plan: Plan;
  origins?: Origins;
}

/** An active rulebook whose plan is compiled only when something is assessed against it. */
function active(rulebook: Rulebook, validate: Validator, origins?: Origins): ActiveRulebook {
  let plan: Plan | undefined;
  return {
    rulebook,
    validate,
    get plan() {
      return (plan ??= compilePlan(rulebook));
    },
    ...(origins ? { origins } : {}),
  };
}

export const BUILTIN: ActiveRulebook = active(builtinRulebook, builtinProposalValidator);

const cache = new Map<string, Promise<ActiveRulebook>>();

/**
 * The rulebook at `file` (a local rulebook extending builtin), or the built-in one. Local rulebooks
 * and their draft validators are built on first use and kept for the run, and compiled ones are kept
 * on disk between runs (src/io/rulebook-cache.ts): the loader, ajv's compiler and the citation
 * formatter are only loaded when a rulebook is new or has changed, so checks stay fast.
 * `withOrigins`: where each item came from is wanted (`rulebook show`), which only a fresh load knows.
 */
export function rulebookAt(file: string | undefined, withOrigins = false): Promise<ActiveRulebook> {
  if (!file || file === 'builtin') return Promise.resolve(BUILTIN);
  const key = resolve(file);
  let active = withOrigins ? undefined : cache.get(key);
  if (!active) {
    active = withOrigins ? build(key, undefined) : build(key, cacheFolder());
    if (!withOrigins) cache.set(key, active);
  }
  return active;
}

async function build(file: string, folder: string | undefined): Promise<ActiveRulebook> {
  const kept = readCompiled(folder, file, builtinRulebook);
  if (kept) return active(kept.rulebook, validatorFrom(kept.validatorCode));
  const [{ loadLocalRulebook }, { compileProposalValidatorWithCode }, { formatCitations }] = await Promise.all([
    import('../rulebook/local.js'),
    import('../draft/compile-validator.js'),
    import('../render/bibliography.js'),
  ]);
  const { rulebook, origins } = loadLocalRulebook(file, builtinRulebook);
  rulebook.citations = await formatCitations(rulebook.references);
  const { validate, code } = compileProposalValidatorWithCode(rulebook);
  if (folder && code) {
    const chain = (rulebook.chain ?? []).flatMap((c) => (c.file ? [resolve(c.file)] : [])).reverse();
    writeCompiled(folder, chain, builtinRulebook, { rulebook, validatorCode: code });
  }
  return active(rulebook, validate, origins);
}

/** The rulebook for one draft: `--rulebook` wins; else the draft's own `rulebook:` path (relative to the draft). */
export function rulebookForDraft(option: string | undefined, named: string | undefined, draftFile: string): Promise<ActiveRulebook> {
  if (option) return rulebookAt(option);
  if (named) return named === 'builtin' ? Promise.resolve(BUILTIN) : rulebookAt(resolve(dirname(draftFile), named));
  return Promise.resolve(BUILTIN);
}
