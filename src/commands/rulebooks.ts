import { dirname, resolve } from 'node:path';
import { InputError } from '../load/errors.js';
import { ConfinementError, confinedPath, projectRoot } from '../load/project.js';
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
 * loaded on this path, so checks with the built-in rulebook stay fast. `trusted`: the person running
 * the tool chose the file (see readRulebookFile); a draft's own choice is not.
 */
export function rulebookAt(file: string | undefined, trusted = true): Promise<ActiveRulebook> {
  if (!file || file === 'builtin') return Promise.resolve(BUILTIN);
  const key = `${trusted ? 'chosen' : 'named'}:${resolve(file)}`;
  let active = cache.get(key);
  if (!active) {
    active = (async () => {
      const [{ loadLocalRulebook }, { compileProposalValidator }, { formatCitations }] = await Promise.all([
        import('../rulebook/local.js'),
        import('../draft/compile-validator.js'),
        import('../render/bibliography.js'),
      ]);
      const { rulebook, origins } = loadLocalRulebook(file, builtinRulebook, trusted ? {} : { root: projectRoot(), trusted });
      rulebook.citations = await formatCitations(rulebook.references);
      return { rulebook, origins, validate: compileProposalValidator(rulebook) };
    })();
    cache.set(key, active);
  }
  return active;
}

/** A draft names a rulebook it may not use: outside the project, or not a .yaml file (`reason` says which). */
export class RefusedRulebook extends InputError {
  constructor(
    readonly named: string,
    readonly reason: string,
    draftFile: string,
  ) {
    super([{ file: draftFile, message: `the rulebook this draft names ("${named}") is refused: ${reason}` }]);
  }
}

/**
 * The rulebook for one draft: `--rulebook` wins; else the draft's own `rulebook:` path, relative to the
 * draft and confined to the project (src/load/project.ts); throws RefusedRulebook for one outside it.
 */
export function rulebookForDraft(option: string | undefined, named: string | undefined, draftFile: string): Promise<ActiveRulebook> {
  if (option) return rulebookAt(option);
  if (!named || named === 'builtin') return Promise.resolve(BUILTIN);
  let path: string;
  try {
    path = confinedPath(named, dirname(resolve(draftFile)), projectRoot());
  } catch (error) {
    if (error instanceof ConfinementError) return Promise.reject(new RefusedRulebook(named, error.message, draftFile));
    throw error;
  }
  return rulebookAt(path, false);
}
