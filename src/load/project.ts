/**
 * The project a run belongs to, and the paths a draft or rulebook may name inside it. A draft's author
 * is not the person who runs the tool (in CI, anyone who can open a pull request writes the drafts), so
 * a path a file names is kept inside the project: docs/security.md ("Trust boundary") says why.
 */
import { existsSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';

const roots = new Map<string, string>();

/**
 * The project root: the nearest folder, from `cwd` up, that holds `.gp-change.yaml` or is the top of a
 * git work tree (holds `.git`); else `cwd` itself. The nearest, so a repository's root is never left for
 * a folder above it. Its real path (links resolved), worked out once per working directory.
 */
export function projectRoot(cwd: string = process.cwd()): string {
  let root = roots.get(cwd);
  if (root === undefined) {
    const start = realOr(resolve(cwd));
    root = start;
    for (let dir = start; ; dir = dirname(dir)) {
      if (existsSync(join(dir, '.gp-change.yaml')) || existsSync(join(dir, '.git'))) {
        root = dir;
        break;
      }
      if (dirname(dir) === dir) break;
    }
    roots.set(cwd, root);
  }
  return root;
}

function realOr(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return path;
  }
}

/** True when `path` (absolute) is `root` or lies below it. */
export function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** Thrown when a path named in a file leaves the project or names something other than a YAML file. */
export class ConfinementError extends Error {}

const YAML_FILE = /\.ya?ml$/i;

/**
 * The file a draft's `rulebook:` or a rulebook's `extends:` names, as a real path inside `root`: written
 * relative to `fromDir` (the naming file's folder), ending in .yaml or .yml, and still inside `root`
 * once every link on the way is followed. Throws ConfinementError saying which rule it breaks. A file
 * that does not exist passes (reading it then says so): no link can lead anywhere from nothing.
 */
export function confinedPath(named: string, fromDir: string, root: string): string {
  if (isAbsolute(named) || /^[A-Za-z]:[\\/]/.test(named)) throw new ConfinementError('it is an absolute path');
  if (!YAML_FILE.test(named)) throw new ConfinementError('it is not a .yaml or .yml file');
  const lexical = resolve(fromDir, named);
  if (!isInside(lexical, root) && !isInside(realOr(lexical), root)) throw new ConfinementError('it is outside the project folder');
  let real: string;
  try {
    real = realpathSync.native(lexical);
  } catch {
    return lexical;
  }
  if (!isInside(real, root)) throw new ConfinementError('it is a link that leads outside the project folder');
  if (!YAML_FILE.test(real)) throw new ConfinementError('it is a link to a file that is not .yaml or .yml');
  return real;
}

/**
 * The folder a rulebook's `extends:` chain must stay inside: the project root when the rulebook is in the
 * project; otherwise (a rulebook the runner chose from elsewhere) the rulebook's own folder.
 */
export function rulebookRoot(file: string): string {
  const real = realOr(resolve(file));
  const root = projectRoot();
  return isInside(real, root) ? root : dirname(real);
}
