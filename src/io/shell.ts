/** Commands printed for the user to paste: this program as they ran it, and file names quoted for the shell. */
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
  return `node ${shellWord(shown)}`;
}

/**
 * A file name as a POSIX shell reads it back, for commands the user can copy: as it is when it has only
 * safe characters, otherwise in single quotes; a name starting with "-" gets "./" so it is not read as an option.
 */
export function shellWord(name: string): string {
  const plain = /^[\w./@%+=:,-]+$/.test(name) && !name.startsWith('-');
  return plain ? name : `'${(name.startsWith('-') ? `./${name}` : name).replace(/'/g, `'\\''`)}'`;
}
