import { Composer, Lexer, Parser, YAMLParseError, isMap, isSeq, isScalar, isPair, isAlias, type CST, type Node, type Document } from 'yaml';
import { InputError, capProblems, type Position, type Problem } from './errors.js';
import { MAX_BYTES, describeFsError, readInputFile, tooBig } from './read-file.js';
import { MAX_DEPTH, forbiddenCharacter, tooDeepIn } from './yaml-guards.js';
import { unclosedOpening } from './yaml-openings.js';
import { unclosedMessage, yamlMessage } from './yaml-messages.js';
import { LineIndex, SpanIndex } from './positions.js';
import { readCommonYaml } from './quick/reader.js';

export { MAX_BYTES, describeFsError };

/**
 * GP_CHANGE_YAML_READER=library reads every file with the `yaml` package, never the quick reader
 * (src/load/quick/): to rule the quick reader out when a draft reads oddly, or to measure what it saves.
 * Read once: a process.env read is a call into C++, and this is asked for every file.
 */
const QUICK_READER = process.env.GP_CHANGE_YAML_READER !== 'library';

/** A parsed YAML file: its plain value and the position of every node, keyed by path (`a.b[2].c`). */
export interface YamlSource {
  file: string;
  value: unknown;
  /** Position of the value at each path; for a key's own position see `keys`. */
  spans: SpanIndex;
  /** Position of the key of each mapping entry, by the entry's path. */
  keys: SpanIndex;
}

export interface ParseOptions {
  /** Anchors and aliases are refused in drafts (they make nothing clearer there and invite alias bombs). */
  allowAliases?: boolean;
  /** What the file is (`draft` unless said), for messages such as "keep one draft per file". */
  kind?: string;
  /** false: always read with the `yaml` package, never the quick reader (tests compare the two; GP_CHANGE_YAML_READER=library does it for every file). */
  quick?: boolean;
}

export function readYamlFile(file: string, options: ParseOptions = {}): YamlSource {
  return parseYaml(readInputFile(file), file, options);
}

export function parseYaml(bytes: Uint8Array | string, file: string, options: ParseOptions = {}): YamlSource {
  const size = typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.byteLength;
  if (size > MAX_BYTES) throw tooBig(file, size);
  let text: string;
  if (typeof bytes === 'string') {
    text = bytes;
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new InputError([{ file, ...firstInvalidUtf8(bytes), message: 'the file is not valid UTF-8 text; save it as UTF-8' }]);
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') throw new InputError([{ file, message: 'the file is empty' }]);

  const lines = new LineIndex(text);
  const at = (offset: number): Position => lines.pos(offset);
  const bad = forbiddenCharacter(text);
  if (bad) throw new InputError([{ file, ...at(bad.offset), message: bad.message }]);
  const common = options.quick === false || !QUICK_READER ? undefined : readCommonYaml(text, lines);
  if (common) return { file, ...common };
  const { doc, tokens } = compose(text, file, at);
  // The first error only: after one mistake the parser's later complaints are mostly echoes of it.
  const first = doc.errors[0] ?? doc.warnings[0];
  if (first) {
    const opening = unclosedOpening(tokens, first.code, first.message, first.pos[0]);
    if (opening) throw new InputError([{ file, ...at(opening.offset), message: unclosedMessage(opening.char) }]);
    // An error found only at the end of the file is shown at the end of its last text, not on the empty
    // line after the final line break, which no editor shows as a line.
    const offset = first.pos[0] >= text.length ? text.trimEnd().length : first.pos[0];
    const lineEnd = text.indexOf('\n', offset);
    const lineText = text.slice(text.lastIndexOf('\n', offset - 1) + 1, lineEnd < 0 ? text.length : lineEnd).replace(/\r$/, '');
    const nextText =
      lineEnd < 0 ? '' : text.slice(lineEnd + 1, (text.indexOf('\n', lineEnd + 1) + 1 || text.length + 1) - 1).replace(/\r$/, '');
    throw new InputError([
      {
        file,
        ...at(offset),
        message: yamlMessage(first.code, first.message, {
          source: text.slice(first.pos[0], first.pos[1]),
          line: lineText,
          next: nextText,
          kind: options.kind,
        }),
      },
    ]);
  }
  const problems: Problem[] = [];

  const spans = new SpanIndex(lines);
  const keys = new SpanIndex(lines);
  const record = (index: SpanIndex, path: string, node: { range?: [number, number, number] | null }) => {
    const [start, valueEnd] = node.range ?? [0, 0, 0];
    index.set(path, start, valueEnd);
  };
  const walk = (node: Node | null | undefined, path: string): void => {
    if (!node) return;
    if (isAlias(node)) {
      if (!options.allowAliases) {
        problems.push({
          file,
          ...at(node.range?.[0] ?? 0),
          message: 'anchors and aliases (*name) are not allowed here; write the value out',
        });
      }
      return;
    }
    if (node.anchor && !options.allowAliases) {
      // The node's range starts at its value; the `&name` stands just before it.
      const start = node.range?.[0] ?? 0;
      const anchorAt = text.lastIndexOf(`&${node.anchor}`, start);
      problems.push({
        file,
        ...at(anchorAt >= 0 ? anchorAt : start),
        message: 'anchors (&name) are not allowed here; write the value out',
      });
    }
    record(spans, path, node);
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as Node | null;
        const key = isScalar(keyNode) ? keyNode.value : undefined;
        if (typeof key !== 'string' && typeof key !== 'number' && typeof key !== 'boolean') {
          // A missing key (`: value`, or `?` alone) is an empty node where the key would be.
          const missing = !keyNode || (isScalar(keyNode) && keyNode.value === null);
          const where = (keyNode ?? (pair.value as Node | null))?.range?.[0] ?? node.range?.[0] ?? 0;
          problems.push({
            file,
            ...at(where),
            message: missing ? 'a key is missing here: write `name: value`' : 'a key must be a plain word, not a list or mapping',
          });
          continue;
        }
        const k = String(key);
        if (k === '__proto__' || k === 'constructor' || k === 'prototype') {
          problems.push({ file, ...at(keyNode?.range?.[0] ?? 0), message: `the key "${k}" is not allowed` });
          continue;
        }
        if (seen.has(k)) {
          problems.push({ file, ...at(keyNode?.range?.[0] ?? 0), message: `the key "${k}" appears twice in the same mapping; keep one` });
          continue;
        }
        seen.add(k);
        const child = path ? `${path}.${k}` : k;
        if (keyNode) record(keys, child, keyNode);
        const valueNode = pair.value as Node | null;
        if (valueNode) walk(valueNode, child);
        else if (keyNode) record(spans, child, keyNode);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item as Node, `${path}[${i}]`));
    }
  };
  walk(doc.contents as Node, '');
  if (problems.length) throw new InputError(capProblems(problems));

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: options.allowAliases ? 1000 : 0 });
  } catch (error) {
    throw new InputError([{ file, line: 1, col: 1, message: `cannot read the YAML (${(error as Error).message})` }]);
  }
  return { file, value, spans, keys };
}

/**
 * `yaml`'s parseDocument, in its steps (lexer, parser, composer), so nesting depth is checked as the
 * tokens come, before the (recursive) composer sees them. Keys are not checked for uniqueness here:
 * `uniqueKeys` compares every pair of keys in a mapping (40,000 keys took 18 s), so the walk in
 * parseYaml does it with a Set instead.
 */
function compose(text: string, file: string, at: (offset: number) => Position): { doc: Document.Parsed; tokens: CST.Token[] } {
  const parser = new Parser();
  const tokens: CST.Token[] = [];
  for (const lexeme of new Lexer().lex(text)) {
    for (const token of parser.next(lexeme)) tokens.push(token);
    const deep = parser.stack.length > MAX_DEPTH ? tooDeepIn(parser.stack) : undefined;
    if (deep !== undefined) {
      throw new InputError([
        {
          file,
          ...at(deep),
          message: `lists and mappings are nested more than ${MAX_DEPTH} levels deep here; a draft or rulebook needs far fewer`,
        },
      ]);
    }
  }
  for (const token of parser.end()) tokens.push(token);
  const composer = new Composer({ uniqueKeys: false, version: '1.2', strict: true });
  let doc: Document.Parsed | undefined;
  for (const next of composer.compose(tokens, true, text.length)) {
    if (!doc) doc = next;
    else {
      doc.errors.push(new YAMLParseError([next.range[0], next.range[1]], 'MULTIPLE_DOCS', 'more than one document'));
      break;
    }
  }
  return { doc: doc!, tokens };
}

function firstInvalidUtf8(bytes: Uint8Array): Position {
  // Decode line by line until one fails, so the error points at the bad line.
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      const bytesOfLine = bytes.subarray(start, i);
      if (!decodes(bytesOfLine)) return { line, col: badColumn(bytesOfLine, line === 1) };
      line++;
      start = i + 1;
    }
  }
  return { line: 1, col: 1 };
}

function decodes(bytes: Uint8Array, stream = false): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream });
    return true;
  } catch {
    return false;
  }
}

/**
 * Column of the first bad byte of a line, counted in characters as every other column is. A prefix that
 * stops inside a character still decodes as a stream, so the longest prefix that decodes so ends just
 * after the last good character (or inside the bad one); its complete characters are the columns before.
 */
function badColumn(bytes: Uint8Array, firstLine: boolean): number {
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (decodes(bytes.subarray(0, mid), true)) lo = mid;
    else hi = mid - 1;
  }
  const good = new TextDecoder('utf-8').decode(bytes.subarray(0, lo), { stream: true });
  // A byte-order mark is not part of the text the other columns count.
  return good.length + 1 - (firstLine && good.charCodeAt(0) === 0xfeff ? 1 : 0);
}

export type { Document };
