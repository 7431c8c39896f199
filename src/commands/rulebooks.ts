import { dirname, resolve } from 'node:path';
import { InputError } from '../load/errors.js';
import { ConfinementError, confinedPath, projectRoot } from '../load/project.js';
import { noteRead } from '../load/read-file.js';
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
 * `trusted`: the person running the tool chose the file (see readRulebookFile); a draft's own choice is
 * not, and its problems quote nothing of a file that did not read as a rulebook.
 */
export function rulebookAt(file: string | undefined, withOrigins = false, trusted = true): Promise<ActiveRulebook> {
  if (!file || file === 'builtin') return Promise.resolve(BUILTIN);
  const path = resolve(file);
  const key = `${trusted ? 'chosen' : 'named'}:${path}`;
  let active = withOrigins ? undefined : cache.get(key);
  if (!active) {
    active = build(path, withOrigins ? undefined : cacheFolder(), trusted);
    if (!withOrigins) cache.set(key, active);
  }
  return active;
}

async function build(file: string, folder: string | undefined, trusted: boolean): Promise<ActiveRulebook> {
  const kept = readCompiled(folder, file, builtinRulebook);
  if (kept) {
    // Read from the cache, the chain's files still count as read: no output may replace one.
    noteRead(file);
    for (const c of kept.rulebook.chain ?? []) if (c.file) noteRead(c.file);
    return active(kept.rulebook, validatorFrom(kept.validatorCode));
  }
  const [{ loadLocalRulebook }, { compileProposalValidatorWithCode }, { formatCitations }] = await Promise.all([
    import('../rulebook/local.js'),
    import('../draft/compile-validator.js'),
    import('../render/bibliography.js'),
  ]);
  const { rulebook, origins } = loadLocalRulebook(file, builtinRulebook, trusted ? {} : { root: projectRoot(), trusted });
  rulebook.citations = await formatCitations(rulebook.references);
  const { validate, code } = compileProposalValidatorWithCode(rulebook);
  if (folder && code) {
    const chain = (rulebook.chain ?? []).flatMap((c) => (c.file ? [resolve(c.file)] : [])).reverse();
    writeCompiled(folder, chain, builtinRulebook, { rulebook, validatorCode: code });
  }
  return active(rulebook, validate, origins);
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
  return rulebookAt(path, false, false);
}
