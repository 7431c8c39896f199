import { dirname, resolve } from 'node:path';
import { builtinProposalValidator, builtinRulebook } from '../rulebook/builtin.js';
import type { Rulebook } from '../rulebook/types.js';
import type { Validator } from '../load/validator.js';
import type { Origins } from '../rulebook/resolve.js';

export interface ActiveRulebook {
  rulebook: Rulebook;
  validate: Validator;
  origins?: Origins;
}

export const BUILTIN: ActiveRulebook = { rulebook: builtinRulebook, validate: builtinProposalValidator };

const cache = new Map<string, Promise<ActiveRulebook>>();

/**
 * The rulebook at `file` (a local rulebook extending builtin), or the built-in one. Local rulebooks
 * and their draft validators are built on first use and kept: the loader and ajv's compiler are only
 * loaded on this path, so checks with the built-in rulebook stay fast.
 */
export function rulebookAt(file: string | undefined): Promise<ActiveRulebook> {
  if (!file || file === 'builtin') return Promise.resolve(BUILTIN);
  const key = resolve(file);
  let active = cache.get(key);
  if (!active) {
    active = (async () => {
      const [{ loadLocalRulebook }, { compileProposalValidator }, { formatCitations }] = await Promise.all([
        import('../rulebook/local.js'),
        import('../draft/compile-validator.js'),
        import('../render/bibliography.js'),
      ]);
      const { rulebook, origins } = loadLocalRulebook(file, builtinRulebook);
      rulebook.citations = await formatCitations(rulebook.references);
      return { rulebook, origins, validate: compileProposalValidator(rulebook) };
    })();
    cache.set(key, active);
  }
  return active;
}

/** The rulebook for one draft: `--rulebook` wins; else the draft's own `rulebook:` path (relative to the draft). */
export function rulebookForDraft(option: string | undefined, named: string | undefined, draftFile: string): Promise<ActiveRulebook> {
  if (option) return rulebookAt(option);
  if (named) return named === 'builtin' ? Promise.resolve(BUILTIN) : rulebookAt(resolve(dirname(draftFile), named));
  return Promise.resolve(BUILTIN);
}
