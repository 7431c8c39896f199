import { parseDocument } from 'yaml';
import { SpanIndex, type LineIndex } from '../positions.js';
import { Kind, splitRows, type Row } from './rows.js';
import { GIVE_UP, INDICATORS, RESERVED_KEYS, childPath, giveUp, keyEnd, resolvePlain } from './words.js';

/**
 * A quick reading of the YAML nearly every draft is written in: block mappings and lists of plain words,
 * quoted text on one line, one-line flow collections of those (`{ role: ics }`, `[]`), literal and
 * folded text blocks (`summary: >-`), comments and blank lines. Anything else (anchors, tags, escapes,
 * multi-line plain or quoted text, odd indentation, a comment where `yaml` would stretch a range over it,
 * any mistake) makes it give up and return undefined, and the `yaml` package reads the file instead,
 * with its messages.
 *
 * Why it exists: `yaml` builds a concrete syntax tree and a document model that a draft never needs,
 * and over a batch of drafts that was half of all the time spent (docs/performance.md). What it must
 * never do is read a file differently from `yaml`: tests/quick-reader.test.ts compares the two, value and
 * every position, on generated drafts in every style and on thousands of mutated ones; and
 * GP_CHANGE_YAML_READER=library switches it off (src/load/yaml-source.ts). Scalars are
 * resolved by `yaml`'s own YAML 1.2 core schema, so `yes` stays text and `1.0` is a number, as there.
 *
 * Positions follow `yaml`'s ranges: a scalar's range ends at its last character; a block collection's
 * at the end of the line of its last value (the line break included), as `yaml` counts it.
 */
export function readCommonYaml(
  text: string,
  lines: LineIndex,
): { value: Record<string, unknown>; spans: SpanIndex; keys: SpanIndex } | undefined {
  const rows = splitRows(text);
  if (!rows) return undefined;
  const reader = new Reader(text, rows, lines);
  try {
    return reader.document();
  } catch (error) {
    if (error === GIVE_UP) return undefined;
    throw error;
  }
}

/** Deeper than any draft goes; a deeper file is left to `yaml` and its depth check. */
const MAX_DEPTH = 12;

/** A value written within one row: where it starts and where its last character ends. */
interface Written {
  value: unknown;
  start: number;
  end: number;
}

interface Node extends Written {
  /** `row`: a scalar or flow collection ending on its row; `block`: a block scalar; `collection`; `empty`. */
  kind: 'row' | 'block' | 'collection' | 'empty';
  /** End as a parent collection counts it (a block value's line break included). */
  outer: number;
  /** A collection's column (-1 for the rest). Every node has every field, in one order, so V8 sees one shape. */
  indent: number;
}

class Reader {
  private row = 0;
  /** Indentation of the first and of the deepest comment row before the current row (-1: none). */
  private gapFirst = -1;
  private gapMax = -1;
  private readonly spans: SpanIndex;
  private readonly keys: SpanIndex;

  constructor(
    private readonly text: string,
    private readonly rows: Row[],
    lines: LineIndex,
  ) {
    this.spans = new SpanIndex(lines);
    this.keys = new SpanIndex(lines);
  }

  document(): { value: Record<string, unknown>; spans: SpanIndex; keys: SpanIndex } {
    this.row = this.nextContent(0);
    const first = this.rows[this.row];
    if (!first || first.indent !== 0) giveUp();
    const root = this.map(first.first, 0, '', 0);
    if (this.row < this.rows.length) giveUp();
    this.spans.set('', root.start, root.end);
    return { value: root.value as Record<string, unknown>, spans: this.spans, keys: this.keys };
  }

  /**
   * The index of the next content row at or after `from` (rows.length at the end), noting the
   * indentation of the comments on the way for `closing`.
   */
  private nextContent(from: number): number {
    let i = from;
    this.gapFirst = -1;
    this.gapMax = -1;
    for (; i < this.rows.length; i++) {
      const r = this.rows[i]!;
      if (r.kind === Kind.Content) break;
      if (r.kind === Kind.Comment) {
        if (this.gapFirst === -1) this.gapFirst = r.indent;
        this.gapMax = Math.max(this.gapMax, r.indent);
      }
    }
    return i;
  }

  /**
   * The key at `at` and its colon: a plain word that stays text under the core schema, is no
   * object-prototype name and is new to `value`; its position is noted under the entry's path.
   */
  private key(at: number, value: object, path: string): { key: string; child: string; after: number } {
    const { text } = this;
    const end = keyEnd(text, at);
    const key = text.slice(at, end);
    // `yaml` refuses an implicit key over 1,024 characters.
    if (end === at || text.charCodeAt(end) !== 58 /* : */ || key.length > 1000) giveUp();
    // The remembered copy of the word, not the fresh slice, becomes the key: V8 has already hashed and
    // interned it, so the lookups below and the property stores that follow skip that work.
    const word = resolvePlain(key, true);
    if (word !== key || RESERVED_KEYS.has(word) || Object.hasOwn(value, word)) giveUp();
    const child = childPath(path, word);
    this.keys.set(child, at, end);
    return { key: word, child, after: end + 1 };
  }

  /**
   * Called when a collection at `indent` ends with `last`, its last value, at the current row. `yaml`
   * gives the comment rows between a collection's last value and the row that ends it to one node or
   * another, whose range then reaches over them; where that would move a range read here, give up:
   * - a comment indented past the collection, straight after a value on one row, joins that value, and
   *   the collection's range ends where the value's does;
   * - otherwise the comments stay with the innermost collection they are not all left of (a collection
   *   at column 0 passes them on); when that is `last`, this collection's range ends where `last`'s does.
   */
  private closing(indent: number, last: Node): void {
    if (last.kind === 'row' && this.gapFirst > indent) giveUp();
    if (last.kind === 'collection' && last.indent! > 0 && this.gapMax >= last.indent!) giveUp();
  }

  /** A block mapping whose keys stand at column `indent`, its first key at offset `at` on the current row. */
  private map(at: number, indent: number, path: string, depth: number): Node {
    if (depth > MAX_DEPTH) giveUp();
    const value: Record<string, unknown> = {};
    let outer: number;
    let keyAt = at;
    for (;;) {
      const row = this.rows[this.row]!;
      const { text } = this;
      const { key, child, after } = this.key(keyAt, value, path);
      if (after < row.end && text.charCodeAt(after) !== 32) giveUp();
      let p = after;
      while (p < row.end && text.charCodeAt(p) === 32) p++;

      let node: Node;
      if (p === row.end || text.charCodeAt(p) === 35 /* # */) {
        // Nothing after the colon: the value is a block on the rows below, or empty.
        const next = this.nextContent(this.row + 1);
        const below = this.rows[next];
        if (below && (below.indent > indent || (below.indent === indent && this.isItem(below)))) {
          this.row = next;
          node = this.isItem(below)
            ? this.seq(below.indent, indent, child, depth + 1)
            : this.map(below.first, below.indent, child, depth + 1);
        } else {
          // An empty value is null, placed after the colon's spaces. Its end as `yaml` counts it depends
          // on comments around it, so only an empty value followed by a sibling key, with no comment on
          // its own row, is read here.
          if (p !== row.end || !below || below.indent !== indent) giveUp();
          this.row = next;
          node = { kind: 'empty', value: null, start: p, end: p, outer: p, indent: -1 };
        }
      } else {
        node = this.inline(p, row.end, child, indent);
      }
      value[key] = node.value;
      this.spans.set(child, node.start, node.end);
      outer = node.outer;

      const next = this.rows[this.row];
      if (!next || next.indent < indent) {
        this.closing(indent, node);
        break;
      }
      if (next.indent > indent || this.isItem(next)) giveUp();
      keyAt = next.first;
    }
    return { kind: 'collection', value, start: at, end: outer, outer, indent };
  }

  /** A block list whose `-` stand at column `indent`, inside a mapping at `parentIndent`. */
  private seq(indent: number, parentIndent: number, path: string, depth: number): Node {
    if (depth > MAX_DEPTH) giveUp();
    const value: unknown[] = [];
    const start = this.rows[this.row]!.first;
    let outer: number;
    for (let i = 0; ; i++) {
      const row = this.rows[this.row]!;
      const { text } = this;
      let p = row.first + 1;
      while (p < row.end && text.charCodeAt(p) === 32) p++;
      // `-` alone (a block or null below) and `- - x` (a list in a list) are rare in drafts.
      if (p === row.end || text.charCodeAt(p) === 35 || this.isItemAt(p, row.end)) giveUp();
      const child = childPath(path, i);
      let node: Node;
      const end = keyEnd(text, p);
      if (end > p && text.charCodeAt(end) === 58 && (end + 1 === row.end || text.charCodeAt(end + 1) === 32)) {
        node = this.map(p, p - row.start, child, depth + 1);
      } else {
        node = this.inline(p, row.end, child, indent);
      }
      value.push(node.value);
      this.spans.set(child, node.start, node.end);
      outer = node.outer;

      const next = this.rows[this.row];
      if (next && next.indent === indent && this.isItem(next)) continue;
      // A key at the list's own column ends a list written flush with its mapping (`key:` then `- x`).
      if (!next || next.indent < indent || (next.indent === indent && indent === parentIndent)) {
        this.closing(indent, node);
        break;
      }
      giveUp();
    }
    return { kind: 'collection', value, start, end: outer, outer, indent };
  }

  private isItem(row: Row): boolean {
    return this.isItemAt(row.first, row.end);
  }

  private isItemAt(p: number, end: number): boolean {
    return this.text.charCodeAt(p) === 45 /* - */ && (p + 1 === end || this.text.charCodeAt(p + 1) === 32);
  }

  /** After a value on its row: spaces, then the row's end or a comment. */
  private endOfRow(p: number, end: number): void {
    let q = p;
    while (q < end && this.text.charCodeAt(q) === 32) q++;
    if (q < end && !(this.text.charCodeAt(q) === 35 && q > p)) giveUp();
  }

  /**
   * A value that starts on the key's (or the `-`'s) row: a block scalar, a one-row flow collection,
   * quoted or plain text. Moves to the next content row.
   */
  private inline(p: number, end: number, path: string, parentIndent: number): Node {
    const c = this.text[p]!;
    if (c === '|' || c === '>') return this.blockScalar(p, end, parentIndent);
    const written = c === '{' || c === '[' ? this.flow(p, end, path) : this.scalar(p, end, false);
    this.endOfRow(written.end, end);
    this.row = this.nextContent(this.row + 1);
    // Spelled out: an object spread here cost more than the rest of the reader.
    return {
      kind: 'row',
      value: written.value,
      start: written.start,
      end: written.end,
      outer: end < this.text.length ? end + 1 : end,
      indent: -1,
    };
  }

  /**
   * A literal (`|`) or folded (`>`) block scalar: its rows are found here, its text is `yaml`'s own reading
   * of just those rows, since folding and chomping have rules enough to get wrong. Kept (`+`) chomping and
   * indentation indicators are left to `yaml`.
   */
  private blockScalar(p: number, end: number, parentIndent: number): Node {
    const { text, rows } = this;
    const header = text.slice(p, end).trimEnd();
    if (header !== '|' && header !== '>' && header !== '|-' && header !== '>-') giveUp();
    let i = this.row + 1;
    let last = -1;
    let contentIndent = -1;
    for (; i < rows.length; i++) {
      const r = rows[i]!;
      if (r.first === r.end) {
        // Spaces past the text's indentation are text (and before it, yaml asks for an indicator).
        if (contentIndent === -1 ? r.indent > 0 : r.indent > contentIndent) giveUp();
        continue;
      }
      if (r.indent <= parentIndent) break;
      if (contentIndent === -1) contentIndent = r.indent;
      else if (r.indent < contentIndent) giveUp();
      last = i;
    }
    if (last === -1) giveUp();
    const lastRow = rows[last]!;
    const valueEnd = lastRow.end < text.length ? lastRow.end + 1 : lastRow.end;
    const doc = parseDocument(`k: ${header}\n${text.slice(rows[this.row + 1]!.start, valueEnd)}`, { version: '1.2' });
    if (doc.errors.length || doc.warnings.length) giveUp();
    const value = doc.get('k');
    if (typeof value !== 'string') giveUp();
    this.row = this.nextContent(i);
    return { kind: 'block', value, start: p, end: valueEnd, outer: valueEnd, indent: -1 };
  }

  /** A quoted or plain scalar at `p`; in a flow collection, plain text stops at `,`, `]` and `}`. */
  private scalar(p: number, end: number, inFlow: boolean): Written {
    const { text } = this;
    const c = text[p]!;
    if (c === '"') {
      const close = text.indexOf('"', p + 1);
      if (close === -1 || close >= end) giveUp();
      const value = text.slice(p + 1, close);
      if (value.includes('\\')) giveUp();
      return { value, start: p, end: close + 1 };
    }
    if (c === "'") {
      let q = p + 1;
      for (;;) {
        q = text.indexOf("'", q);
        if (q === -1 || q >= end) giveUp();
        if (text[q + 1] === "'") q += 2;
        else break;
      }
      return { value: text.slice(p + 1, q).replace(/''/g, "'"), start: p, end: q + 1 };
    }
    if (INDICATORS.has(c) && !(c === '-' && p + 1 < end && text.charCodeAt(p + 1) !== 32)) giveUp();
    let q = p;
    for (; q < end; q++) {
      const ch = text.charCodeAt(q);
      if (ch === 35 /* # */ && text.charCodeAt(q - 1) === 32) break;
      if (inFlow && (ch === 44 || ch === 93 || ch === 125 || ch === 91 || ch === 123 || ch === 35)) break;
      if (ch === 58 /* : */ && (inFlow || q + 1 === end || text.charCodeAt(q + 1) === 32)) giveUp();
    }
    while (q > p && text.charCodeAt(q - 1) === 32) q--;
    if (q === p) giveUp();
    const source = text.slice(p, q);
    return { value: resolvePlain(source, false), start: p, end: q };
  }

  /** `{ key: value, ... }` or `[ value, ... ]` on one row, of scalars only. */
  private flow(p: number, end: number, path: string): Written {
    const { text } = this;
    const isMap = text[p] === '{';
    const close = isMap ? 125 : 93;
    const value: Record<string, unknown> | unknown[] = isMap ? {} : [];
    let q = p + 1;
    const skip = () => {
      while (q < end && text.charCodeAt(q) === 32) q++;
    };
    skip();
    if (text.charCodeAt(q) === close) return { value, start: p, end: q + 1 };
    for (let i = 0; ; i++) {
      let child: string;
      if (isMap) {
        const read = this.key(q, value, path);
        if (text.charCodeAt(read.after) !== 32) giveUp();
        const { key } = read;
        child = read.child;
        q = read.after;
        skip();
        const c = text.charCodeAt(q);
        if (c === 44 || c === close) giveUp();
        const node = this.scalar(q, end, true);
        (value as Record<string, unknown>)[key] = node.value;
        this.spans.set(child, node.start, node.end);
        q = node.end;
      } else {
        child = childPath(path, i);
        const node = this.scalar(q, end, true);
        (value as unknown[]).push(node.value);
        this.spans.set(child, node.start, node.end);
        q = node.end;
      }
      skip();
      const c = text.charCodeAt(q);
      if (c === close) return { value, start: p, end: q + 1 };
      if (c !== 44) giveUp();
      q++;
      skip();
      if (q >= end || text.charCodeAt(q) === close) giveUp();
    }
  }
}
