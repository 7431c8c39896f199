/**
 * Local rulebooks compiled once and kept on disk, in the user's cache folder (never in the project):
 * loading a local rulebook, formatting its citations and compiling its draft validator cost about a
 * second, on every run that names one. An entry is used only when the tool that wrote it is this very
 * build and every file of the rulebook's `extends:` chain still has the content it was built from;
 * otherwise, or when the entry is damaged, foreign or unreadable, the rulebook is built afresh and the
 * entry rewritten. The cache is an optimisation only: any failure to read or write it is silent.
 *
 * Trust: the folder is created private (0700) and an entry is read only from a folder and a file owned by
 * this user that nobody else may write, because the entry holds validator code that is run. Its checksum
 * catches damage (a truncated or edited entry), not a person who can write to the user's own files.
 * GP_CHANGE_CACHE=off switches it off; GP_CHANGE_CACHE_DIR moves it (tests).
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeFileSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Rulebook } from '../rulebook/types.js';
import type { Validator } from '../load/validator.js';

declare const __GP_VERSION__: string;

/** What a rulebook compiles to: the resolved rulebook (citations formatted) and its draft validator's code. */
export interface CompiledRulebook {
  rulebook: Rulebook;
  /** ajv standalone CommonJS code (module.exports = validate), needing no runtime module. */
  validatorCode: string;
}

interface Entry {
  format: 1;
  build: string;
  chain: { file: string; sha256: string }[];
  sha256: string;
  payload: string;
}

const FORMAT = 1;

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** $GP_CHANGE_CACHE_DIR, else $XDG_CACHE_HOME/gp-change, else ~/.cache/gp-change; undefined when switched off. */
export function cacheFolder(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.GP_CHANGE_CACHE === 'off') return undefined;
  if (env.GP_CHANGE_CACHE_DIR) return env.GP_CHANGE_CACHE_DIR;
  const base = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.startsWith('/') ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(base, 'gp-change');
}

/**
 * This build: the version and the bundle's own size and time, so a rebuilt tool (even at the same version)
 * never trusts what an older one compiled, and the built-in rulebook a local one extends.
 */
let buildId: string | undefined;
function build(builtin: Rulebook): string {
  if (buildId === undefined) {
    let bundle: string;
    try {
      const s = statSync(fileURLToPath(import.meta.url));
      bundle = `${s.size}:${s.mtimeMs}`;
    } catch {
      bundle = 'unbundled';
    }
    const version = typeof __GP_VERSION__ === 'string' ? __GP_VERSION__ : 'dev';
    buildId = sha256(`${version}\u0000${bundle}\u0000${builtin.id}\u0000${builtin.version}\u0000${JSON.stringify(builtin)}`);
  }
  return buildId;
}

function entryPath(folder: string, file: string): string {
  return join(folder, `rulebook-${sha256(file).slice(0, 32)}.json`);
}

/** Owned by this user and writable by nobody else. */
function private_(mode: number, uid: number): boolean {
  return (typeof process.getuid !== 'function' || uid === process.getuid()) && (mode & 0o022) === 0;
}

/** The compiled rulebook for `file` (an absolute path), if a sound entry for this build and this chain exists. */
export function readCompiled(folder: string | undefined, file: string, builtin: Rulebook): CompiledRulebook | undefined {
  if (!folder) return undefined;
  try {
    const dir = statSync(folder);
    if (!dir.isDirectory() || !private_(dir.mode, dir.uid)) return undefined;
    const fd = openSync(entryPath(folder, file), constants.O_RDONLY | constants.O_NOFOLLOW);
    let text: string;
    try {
      const s = fstatSync(fd);
      if (!s.isFile() || !private_(s.mode, s.uid)) return undefined;
      text = readFileSync(fd, 'utf8');
    } finally {
      closeSync(fd);
    }
    const entry = JSON.parse(text) as Entry;
    if (entry.format !== FORMAT || entry.build !== build(builtin) || entry.chain[0]?.file !== file) return undefined;
    for (const link of entry.chain) if (sha256(readFileSync(link.file)) !== link.sha256) return undefined;
    if (sha256(entry.payload) !== entry.sha256) return undefined;
    return JSON.parse(entry.payload) as CompiledRulebook;
  } catch {
    return undefined;
  }
}

/** Keeps the compiled rulebook for `chain` (its files, the named one first). Written whole or not at all. */
export function writeCompiled(folder: string | undefined, chain: string[], builtin: Rulebook, compiled: CompiledRulebook): void {
  if (!folder || !chain.length) return;
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const payload = JSON.stringify(compiled);
    const entry: Entry = {
      format: FORMAT,
      build: build(builtin),
      chain: chain.map((file) => ({ file, sha256: sha256(readFileSync(file)) })),
      sha256: sha256(payload),
      payload,
    };
    const target = entryPath(folder, chain[0]!);
    const temp = `${target}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(entry), { mode: 0o600, flag: 'wx' });
    renameSync(temp, target);
  } catch {
    // A cache that cannot be written costs time, never a result.
  }
}

/** The draft validator from its standalone code. */
export function validatorFrom(code: string): Validator {
  const mod: { exports: unknown } = { exports: {} };
  new Function('module', 'exports', code)(mod, mod.exports);
  const exported = mod.exports as Validator & { default?: Validator };
  return exported.default ?? exported;
}
