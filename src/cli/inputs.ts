import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

export interface Expanded {
  files: string[];
  /** Arguments that matched nothing, with why. */
  missing: { arg: string; message: string }[];
}

/**
 * Expands file arguments and globs in the tool, not the shell, so CI gets the same stable order
 * everywhere: each argument's matches sorted, arguments in the order given, duplicates dropped.
 */
export async function expandInputs(args: string[]): Promise<Expanded> {
  const files: string[] = [];
  const seen = new Set<string>();
  const missing: Expanded['missing'] = [];
  // Compared by absolute path, so `good.yaml ./good.yaml` is one draft (a symbolic link stays a name of its own).
  const cwd = process.cwd(); // once: resolve() asks the system for it on every relative path
  const add = (f: string) => {
    const key = resolve(cwd, f);
    if (!seen.has(key)) {
      seen.add(key);
      files.push(f);
    }
  };
  for (const arg of args) {
    if (existsSync(arg) && !statSync(arg).isDirectory()) {
      add(arg);
      continue;
    }
    // The glob library is loaded only when an argument needs it: plain file lists stay fast.
    const { glob, isDynamicPattern } = await import('tinyglobby');
    if (existsSync(arg)) {
      const found = (await glob('**/*.{yaml,yml}', { cwd: arg, ignore: ['**/node_modules/**'] })).sort().map((f) => `${arg.replace(/\/$/, '')}/${f}`);
      if (!found.length) missing.push({ arg, message: 'the folder holds no .yaml drafts' });
      found.forEach(add);
    } else if (isDynamicPattern(arg)) {
      const found = (await glob(arg, { ignore: ['**/node_modules/**'], onlyFiles: true, expandDirectories: false })).sort();
      if (!found.length) missing.push({ arg, message: 'no file matches this pattern' });
      found.forEach(add);
    } else {
      missing.push({ arg, message: 'no such file' });
    }
  }
  return { files, missing };
}
