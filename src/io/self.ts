import { basename, relative } from 'node:path';

/**
 * How to run this program again, as the user started it: `gp-change` when installed on the path,
 * else `node bin/gp-change.cjs` (relative to where they are), so printed commands work when pasted.
 */
export function selfCommand(): string {
  const script = process.argv[1] ?? '';
  if (!script || basename(script) === 'gp-change') return 'gp-change';
  const rel = relative(process.cwd(), script);
  const shown = rel && !rel.startsWith('..') && !/\s/.test(rel) ? rel : script;
  return /\s/.test(shown) ? `node '${shown.replace(/'/g, "'\\''")}'` : `node ${shown}`;
}

/** A file name as a shell reads it back: quoted when it has anything but safe characters, or starts with "-". */
export function shellWord(name: string): string {
  const plain = /^[\w./@%+=:,-]+$/.test(name) && !name.startsWith('-');
  return plain ? name : `'${(name.startsWith('-') ? `./${name}` : name).replace(/'/g, `'\\''`)}'`;
}
