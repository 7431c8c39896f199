import { existsSync, lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { isInside, projectRoot } from '../load/project.js';

export interface Expanded {
  files: string[];
  /** Arguments that matched nothing, and links that were not followed, with why. */
  missing: { arg: string; message: string }[];
}

export const LEADS_OUT = 'not read: it is a link that leads outside the project folder';

/**
 * Where the drafts found under `abs` must really be: the project root when `abs` is inside it (a link in
 * the project may not lead out of it: the pull request's author made it); otherwise (the runner named a
 * folder elsewhere) that folder itself, as it really is.
 */
function boundFor(abs: string, root: string): string {
  return isInside(abs, root) ? root : real(abs);
}

function real(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return path;
  }
}

/**
 * Expands file arguments and globs in the tool, not the shell, so CI gets the same stable order
 * everywhere: each argument's matches sorted, arguments in the order given, duplicates dropped. Links
 * are not followed out of the project (docs/security.md, "Trust boundary"): a file or folder reached
 * through a link that leads out is reported, not read; folder scans and globs never enter a linked folder.
 */
export async function expandInputs(args: string[]): Promise<Expanded> {
  const files: string[] = [];
  const seen = new Set<string>();
  const missing: Expanded['missing'] = [];
  // Compared by absolute path, so `good.yaml ./good.yaml` is one draft (a symbolic link stays a name of its own).
  const cwd = process.cwd(); // once: resolve() asks the system for it on every relative path
  const root = projectRoot(cwd);
  // A named file's folder, as it really is: one look per folder, not per draft.
  const realDirs = new Map<string, string>();
  const leadsOut = (abs: string, bound: string): boolean => {
    const dir = dirname(abs);
    let realDir = realDirs.get(dir);
    if (realDir === undefined) realDirs.set(dir, (realDir = real(dir)));
    let path = join(realDir, abs.slice(dir.length + 1));
    try {
      if (lstatSync(path).isSymbolicLink()) path = real(path);
    } catch {
      return false; // nothing there: reading it says so
    }
    return !isInside(path, bound);
  };
  const add = (f: string, bound: string) => {
    const key = resolve(cwd, f);
    if (seen.has(key)) return;
    seen.add(key);
    if (leadsOut(key, bound)) missing.push({ arg: f, message: LEADS_OUT });
    else files.push(f);
  };
  for (const arg of args) {
    const abs = resolve(cwd, arg);
    if (existsSync(arg) && !statSync(arg).isDirectory()) {
      // A file named outside the project is the runner's choice; a link in the project leading out is not.
      add(arg, isInside(abs, root) ? root : '/');
      continue;
    }
    if (existsSync(arg)) {
      const bound = boundFor(abs, root);
      if (!isInside(real(abs), bound)) {
        missing.push({ arg, message: LEADS_OUT });
        continue;
      }
      const found = draftsUnder(arg)
        .sort()
        .map((f) => `${arg.replace(/\/$/, '')}/${f}`);
      if (!found.length) missing.push({ arg, message: 'the folder holds no .yaml drafts' });
      for (const f of found) add(f, bound);
      continue;
    }
    // The glob library is loaded only when an argument needs it: file lists and folders stay fast.
    const { glob, isDynamicPattern } = await import('tinyglobby');
    if (isDynamicPattern(arg)) {
      // The folder the pattern starts from must not be a link out of the project either.
      const parts = arg.split('/');
      const base = resolve(
        cwd,
        parts
          .slice(
            0,
            parts.findIndex((p) => isDynamicPattern(p)),
          )
          .join('/') || '.',
      );
      const bound = boundFor(base, root);
      if (!isInside(real(base), bound)) {
        missing.push({ arg, message: LEADS_OUT });
        continue;
      }
      const found = (
        await glob(arg, { ignore: ['**/node_modules/**'], onlyFiles: true, expandDirectories: false, followSymbolicLinks: false })
      ).sort();
      if (!found.length) missing.push({ arg, message: 'no file matches this pattern' });
      for (const f of found) add(f, bound);
    } else {
      missing.push({ arg, message: 'no such file' });
    }
  }
  return { files, missing };
}

/**
 * The drafts in a folder and the folders below it, as `**\/*.{yaml,yml}` finds them with tinyglobby's
 * defaults (tests/inputs.test.ts holds the two to the same answer) except for links: paths relative to
 * the folder, names starting with a dot and node_modules folders left out, links to anything but a
 * folder listed (expandInputs then checks where they lead), linked folders not entered (one may lead to
 * `/`, or loop), folders that cannot be read passed over. Done here because loading and running
 * tinyglobby cost 30 to 45 ms of a 1,000-draft run, against 3 ms for this.
 */
export function draftsUnder(folder: string): string[] {
  const found: string[] = [];
  const walk = (dir: string, rel: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const path = rel ? `${rel}/${e.name}` : e.name;
      let isFile = e.isFile();
      if (e.isDirectory()) {
        if (e.name !== 'node_modules') walk(join(dir, e.name), path);
        continue;
      }
      if (e.isSymbolicLink()) {
        let target;
        try {
          target = statSync(join(dir, e.name));
        } catch {
          continue; // a dangling link
        }
        if (target.isDirectory()) continue;
        isFile = true; // as tinyglobby: a link to anything but a folder is listed (a link to /dev/null too)
      }
      if (isFile && /\.ya?ml$/.test(e.name)) found.push(path);
    }
  };
  walk(folder, '');
  return found;
}
