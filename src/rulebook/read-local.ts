import { readFileSync, statSync } from 'node:fs';
import { isAlias, isCollection, isPair, parseDocument, visit, type Node } from 'yaml';
import { InputError, type Problem } from '../load/errors.js';
import { LineIndex } from '../load/positions.js';
import { describeFsError, readYamlFile, type YamlSource } from '../load/yaml-source.js';

/**
 * Reads one local rulebook file as `shown` (the name errors use). Only a regular file is read: a
 * folder, or a device such as /dev/zero that never ends, is refused before any byte is read. Every
 * problem, including the YAML loader's own, names the file as the user wrote it.
 *
 * `trusted`: the person running the tool chose this file (`--rulebook`, `rulebook validate FILE`).
 * Otherwise a draft or another rulebook named it, and the file may be anything its author could point
 * at: until it has read as a rulebook (a mapping with id, version, title and extends), no problem
 * quotes a word of it, so a draft cannot turn a credentials file into an error message.
 */
export function readRulebookFile(path: string, shown: string, trusted = true): YamlSource {
  let kind: string | undefined;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) kind = 'it is a folder, not a rulebook file';
    else if (!stat.isFile()) kind = 'it is not a regular file but a device, pipe or socket';
  } catch (error) {
    kind = describeFsError(error);
  }
  if (kind) throw new InputError([{ file: shown, message: `cannot read the file (${kind})` }]);
  let source: YamlSource;
  try {
    source = { ...readYamlFile(path, { allowAliases: true, kind: 'rulebook' }), file: shown };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    if (!trusted) throw new InputError(error.problems.map((p) => unquoted(p, shown)));
    throw new InputError(error.problems.map((p) => ({ ...clarify(p, path), file: shown })));
  }
  if (!trusted && !looksLikeRulebook(source.value)) throw new InputError([{ file: shown, message: NOT_A_RULEBOOK }]);
  return source;
}

/** Problems that name only the file's size, encoding or emptiness. */
const SAYS_NOTHING_OF_CONTENT = ['cannot read the file', 'file is ', 'the file is empty', 'the file is not valid UTF-8'];

const NOT_A_RULEBOOK =
  'this file is not a gp-change rulebook (a rulebook is a YAML mapping with id, version, title and extends); nothing of it is shown';

/** The fields a file needs before it counts as a rulebook, and its other problems may be quoted. */
function looksLikeRulebook(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return typeof v.extends === 'string' && ['id', 'version', 'title'].every((k) => Object.hasOwn(v, k));
}

/**
 * A problem with a file that has not read as a rulebook, with nothing of the file in it: where it is
 * (a position says nothing of the content), and how the person running the tool can see the rest.
 */
function unquoted(p: Problem, shown: string): Problem {
  const safe = SAYS_NOTHING_OF_CONTENT.some((start) => p.message.startsWith(start));
  return {
    file: shown,
    ...(p.line !== undefined ? { line: p.line, col: p.col ?? 1 } : {}),
    message: safe
      ? p.message
      : `this file does not read as a rulebook here; nothing of it is shown (to see why, run: gp-change rulebook validate ${shown})`,
  };
}

/** Sharpens a loader problem for a rulebook: where exactly the alias bomb is (drafts refuse aliases outright). */
function clarify(p: Problem, path: string): Problem {
  return /Excessive alias count/.test(p.message) ? (aliasBomb(path, p.file) ?? p) : p;
}

/**
 * The YAML library refuses an "alias bomb" (aliases of aliases that expand to millions of values) but
 * cannot say where. Re-read on this error path only, this points at the first alias with the largest
 * expansion: the line that makes the file explode.
 */
function aliasBomb(path: string, shown: string): Problem | undefined {
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  const doc = parseDocument(text, { version: '1.2' });
  const sizes = new Map<Node, number>();
  // Values a node stands for once every alias in it is expanded; capped, since a bomb's total overflows.
  const size = (node: unknown): number => {
    if (isAlias(node)) {
      const target = node.resolve(doc);
      return target ? size(target) : 1;
    }
    if (isPair(node)) return size(node.key) + size(node.value);
    if (!isCollection(node)) return 1;
    let known = sizes.get(node);
    if (known === undefined) {
      known = Math.min(
        Number.MAX_SAFE_INTEGER,
        node.items.reduce((sum: number, item) => sum + size(item), 1),
      );
      sizes.set(node, known);
    }
    return known;
  };
  let worst: { at: number; size: number; name: string } | undefined;
  visit(doc, {
    Alias(_key, node) {
      const n = size(node);
      if (!worst || n > worst.size) worst = { at: node.range?.[0] ?? 0, size: n, name: node.source };
    },
  });
  if (!worst) return undefined;
  return {
    file: shown,
    ...new LineIndex(text).pos(worst.at),
    message: `too many aliases: *${worst.name} here stands for ${worst.size.toLocaleString('en-GB')} values, and the aliases together would expand the file past what any rulebook needs (an "alias bomb"); write the values out`,
  };
}
