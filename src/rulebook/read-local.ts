import { readFileSync, statSync } from 'node:fs';
import { isAlias, isCollection, isPair, parseDocument, visit, type Node } from 'yaml';
import { InputError, type Problem } from '../load/errors.js';
import { LineIndex, describeFsError, readYamlFile, type YamlSource } from '../load/yaml-source.js';

/**
 * Reads one local rulebook file as `shown` (the name errors use). Only a regular file is read: a
 * folder, or a device such as /dev/zero that never ends, is refused before any byte is read. Every
 * problem, including the YAML loader's own, names the file as the user wrote it.
 */
export function readRulebookFile(path: string, shown: string): YamlSource {
  let kind: string | undefined;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) kind = 'it is a folder, not a rulebook file';
    else if (!stat.isFile()) kind = 'it is not a regular file but a device, pipe or socket';
  } catch (error) {
    kind = describeFsError(error);
  }
  if (kind) throw new InputError([{ file: shown, message: `cannot read the file (${kind})` }]);
  try {
    return { ...readYamlFile(path, { allowAliases: true }), file: shown };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new InputError(error.problems.map((p) => ({ ...clarify(p, path), file: shown })));
  }
}

/** Sharpens a loader problem for a rulebook: where exactly the bad bytes or the alias bomb are, and its words. */
function clarify(p: Problem, path: string): Problem {
  if (/Excessive alias count/.test(p.message)) return aliasBomb(path, p.file) ?? p;
  if (/not valid UTF-8/.test(p.message)) return { ...p, ...firstBadByte(readFileSync(path)) };
  return { ...p, message: p.message.replace('keep one draft per file', 'keep one rulebook per file') };
}

/**
 * Line and column of the first byte sequence that is not UTF-8 (the loader names only the line). A
 * streaming decoder accepts any prefix that could still become valid, so the shortest prefix it refuses
 * ends at the bad byte; the sequence it belongs to starts at the lead byte just before.
 */
function firstBadByte(bytes: Uint8Array): { line: number; col: number } {
  const refuses = (n: number) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, n), { stream: true });
      return false;
    } catch {
      return true;
    }
  };
  let lo = 1;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (refuses(mid)) hi = mid;
    else lo = mid + 1;
  }
  let bad = lo - 1;
  for (let back = 1; back <= 3 && bad - back >= 0; back++) {
    const b = bytes[bad - back]!;
    if (b >= 0xc0) {
      // A lead byte whose sequence was still incomplete at the bad byte: the sequence is what is wrong.
      if (back < (b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2)) bad -= back;
      break;
    }
    if ((b & 0xc0) !== 0x80) break;
  }
  const lineStart = bytes.lastIndexOf(0x0a, bad - 1) + 1;
  const line = bytes.subarray(0, lineStart).filter((b) => b === 0x0a).length + 1;
  return { line, col: new TextDecoder().decode(bytes.subarray(lineStart, bad)).length + 1 };
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
      known = Math.min(Number.MAX_SAFE_INTEGER, node.items.reduce((sum: number, item) => sum + size(item), 1));
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
