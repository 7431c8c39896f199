import { readFileSync, statSync } from 'node:fs';
import { parseDocument, isMap, isSeq, isScalar, isPair, isAlias, type Node, type Document } from 'yaml';
import { InputError, type Position, type Problem } from './errors.js';

export const MAX_BYTES = 1024 * 1024;

export interface Span extends Position {
  endLine: number;
  endCol: number;
}

/** Positions by path, kept as offsets and turned into line and column only when asked for. */
export class SpanIndex {
  private readonly ranges = new Map<string, [number, number]>();
  constructor(private readonly lines: LineIndex) {}
  set(path: string, start: number, end: number): void {
    this.ranges.set(path, [start, end]);
  }
  has(path: string): boolean {
    return this.ranges.has(path);
  }
  get(path: string): Span | undefined {
    const r = this.ranges.get(path);
    if (!r) return undefined;
    const a = this.lines.pos(r[0]);
    const b = this.lines.pos(r[1]);
    return { line: a.line, col: a.col, endLine: b.line, endCol: b.col };
  }
}

/** Line starts of a text, found on first use (most drafts never need a position). */
export class LineIndex {
  private starts?: number[];
  constructor(private readonly text: string) {}
  pos(offset: number): Position {
    if (!this.starts) {
      this.starts = [0];
      for (let i = this.text.indexOf('\n'); i !== -1; i = this.text.indexOf('\n', i + 1)) this.starts.push(i + 1);
    }
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - this.starts[lo]! + 1 };
  }
}

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
}

export function readYamlFile(file: string, options: ParseOptions = {}): YamlSource {
  let bytes: Buffer;
  try {
    const size = statSync(file).size;
    if (size > MAX_BYTES) {
      throw new InputError([{ file, message: `file is ${Math.ceil(size / 1024)} KiB; the limit is 1024 KiB (1 MiB)` }]);
    }
    bytes = readFileSync(file);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError([{ file, message: `cannot read the file (${describeFsError(error)})` }]);
  }
  return parseYaml(bytes, file, options);
}

export function parseYaml(bytes: Uint8Array | string, file: string, options: ParseOptions = {}): YamlSource {
  const size = typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.byteLength;
  if (size > MAX_BYTES) {
    throw new InputError([{ file, message: `file is ${Math.ceil(size / 1024)} KiB; the limit is 1024 KiB (1 MiB)` }]);
  }
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
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, version: '1.2', strict: true });
  const at = (offset: number): Position => lines.pos(offset);
  const problems: Problem[] = [];
  for (const e of [...doc.errors, ...doc.warnings]) {
    problems.push({ file, ...at(e.pos[0]), message: yamlMessage(e.code, e.message) });
  }
  if (problems.length) throw new InputError(problems.slice(0, 1));

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
        problems.push({ file, ...at(node.range?.[0] ?? 0), message: 'anchors and aliases (*name) are not allowed here; write the value out' });
      }
      return;
    }
    if (node.anchor && !options.allowAliases) {
      // The node's range starts at its value; the `&name` stands just before it.
      const start = node.range?.[0] ?? 0;
      const anchorAt = text.lastIndexOf(`&${node.anchor}`, start);
      problems.push({ file, ...at(anchorAt >= 0 ? anchorAt : start), message: 'anchors (&name) are not allowed here; write the value out' });
    }
    record(spans, path, node);
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as Node | null;
        const key = isScalar(keyNode) ? keyNode.value : undefined;
        if (typeof key !== 'string' && typeof key !== 'number' && typeof key !== 'boolean') {
          problems.push({ file, ...at(keyNode?.range?.[0] ?? 0), message: 'a key must be a plain word, not a list or mapping' });
          continue;
        }
        const k = String(key);
        if (k === '__proto__' || k === 'constructor' || k === 'prototype') {
          problems.push({ file, ...at(keyNode?.range?.[0] ?? 0), message: `the key "${k}" is not allowed` });
          continue;
        }
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
  if (problems.length) throw new InputError(problems);

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: options.allowAliases ? 1000 : 0 });
  } catch (error) {
    throw new InputError([{ file, line: 1, col: 1, message: `cannot read the YAML (${(error as Error).message})` }]);
  }
  return { file, value, spans, keys };
}

function yamlMessage(code: string, message: string): string {
  const first = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'this key appears twice in the same mapping; keep one';
    case 'MULTIPLE_DOCS':
      return 'the file holds more than one YAML document (a second `---`); keep one draft per file';
    case 'TAG_RESOLVE_FAILED':
      return `unknown tag: ${first}; remove the !tag`;
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return 'a key or value here is not where YAML expects it: check that this line and the next are indented with the same number of spaces as their neighbours, and put a value containing ": " in quotes';
    case 'TAB_AS_INDENT':
      return 'a tab is used for indentation; indent with spaces (two per level)';
    case 'BAD_INDENT':
      if (/^Flow (sequence|mapping)/.test(first)) return `a ${first.startsWith('Flow sequence') ? '[' : '{'} opened earlier is never closed with ${first.startsWith('Flow sequence') ? ']' : '}'}, or the lines inside it are not indented`;
      return `the indentation is off here (${first.charAt(0).toLowerCase()}${first.slice(1)}); indent with spaces, the same number for items at the same level`;
    case 'MISSING_CHAR':
      return `something is not closed: ${first.charAt(0).toLowerCase()}${first.slice(1)} (a quote, bracket or brace opened earlier)`;
    default:
      return `not valid YAML: ${first}`;
  }
}

function firstInvalidUtf8(bytes: Uint8Array): Position {
  // Decode line by line until one fails, so the error points at the bad line.
  let line = 1;
  let start = 0;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      try {
        decoder.decode(bytes.subarray(start, i));
      } catch {
        return { line, col: 1 };
      }
      line++;
      start = i + 1;
    }
  }
  return { line: 1, col: 1 };
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder';
  return code ?? String((error as Error)?.message ?? error);
}

export type { Document };
