// V8's code cache for the bundle (bin/gp-change.cjs reads it): recorded from a representative run,
// assessing the shipped examples, with a given Node.js. Each V8 writes its own file, named by its version.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The V8 version a Node.js binary runs, as the launcher names its cache file (without Node's suffix). */
export function v8Of(node) {
  return execFileSync(node, ['-p', "process.versions.v8.replace(/-.*$/, '')"], { encoding: 'utf8' }).trim();
}

/** The code cache files in dist/. */
export function codeCaches(root) {
  const dist = join(root, 'dist');
  return existsSync(dist) ? readdirSync(dist).filter((f) => /^cli\.cjs\.v8-.+\.cache$/.test(f)) : [];
}

/** Runs the built CLI over the examples with `node`, which writes dist/cli.cjs.v8-<version>.cache; returns that file's name. */
export function recordCodeCache(root, node = process.execPath) {
  const yamlIn = (dir) =>
    existsSync(join(root, dir))
      ? readdirSync(join(root, dir))
          .filter((f) => f.endsWith('.yaml'))
          .map((f) => join(dir, f))
      : [];
  const examples = yamlIn('examples').length ? yamlIn('examples') : yamlIn('tests/fixtures/cli');
  if (!examples.length) return undefined;
  try {
    execFileSync(node, [join(root, 'bin', 'gp-change.cjs'), 'assess', ...examples], {
      cwd: root,
      env: { ...process.env, GP_CHANGE_CODE_CACHE: 'write', NO_COLOR: '1' },
      stdio: 'ignore',
    });
  } catch (error) {
    if (error.status !== 1 && error.status !== 2) throw error; // findings (1) or a bad sample file (2) still record the cache
  }
  const file = `cli.cjs.v8-${v8Of(node)}.cache`;
  return existsSync(join(root, 'dist', file)) ? file : undefined;
}
