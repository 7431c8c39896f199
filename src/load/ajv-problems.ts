import type { ErrorObject } from 'ajv';
import { MAX_PROBLEMS, capProblems, type Problem } from './errors.js';
import type { Span } from './positions.js';
import type { YamlSource } from './yaml-source.js';

/** Turns a JSON pointer (`/answers/origin`, `/targets/0/setBy`) into our path form (`answers.origin`, `targets[0].setBy`). */
export function pointerToPath(pointer: string): string {
  let path = '';
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    path += /^\d+$/.test(part) ? `[${part}]` : path ? `.${part}` : part;
  }
  return path;
}

export function joinPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return base ? `${base}.${key}` : key;
}

/** The nearest located node at or above `path`. */
export function locate(source: YamlSource, path: string, preferKey = false): Span {
  let p = path;
  for (;;) {
    const span = (preferKey ? source.keys.get(p) : undefined) ?? source.spans.get(p);
    if (span) return span;
    if (p === '') return { line: 1, col: 1, endLine: 1, endCol: 1 };
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    p = cut > 0 ? p.slice(0, cut) : '';
  }
}

function show(value: unknown): string {
  if (typeof value === 'string') return `"${value.length > 60 ? `${value.slice(0, 57)}...` : value}"`;
  if (value === null) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Uint8Array) return 'binary data (a !!binary value)';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

function valueAt(root: unknown, pointer: string): unknown {
  let v: unknown = root;
  for (const raw of pointer.split('/').slice(1)) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return v;
}

/** Edit distance, for "did you mean" on mistyped ids. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

export function didYouMean(value: string, candidates: readonly string[]): string {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    // The distance is at least the difference in length: skip candidates too far off to be suggested,
    // so a megabyte-long value costs nothing.
    if (Math.abs(value.length - c.length) > Math.max(2, Math.floor(c.length / 3))) continue;
    const d = distance(value.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(best.length / 3)) ? ` (did you mean "${best}"?)` : '';
}

/**
 * Rewrites ajv's errors as plain sentences located in the YAML source. Where a value fails several
 * branches of an anyOf, only the most useful error for each location is kept, so one mistake reads as one error.
 * Sentences are written only for the first MAX_PROBLEMS in file order: a file with 40,000 stray keys
 * would otherwise spend seconds on "did you mean" for errors nobody reads.
 */
export function ajvProblems(errors: ErrorObject[] | null | undefined, source: YamlSource): Problem[] {
  const byPath = new Map<string, { e: ErrorObject; path: string; preferKey: boolean }>();
  for (const e of errors ?? []) {
    if (e.keyword === 'propertyNames') continue;
    let path = pointerToPath(e.instancePath);
    const preferKey = e.keyword === 'additionalProperties';
    if (preferKey) path = joinPath(path, (e.params as { additionalProperty: string }).additionalProperty);
    const existing = byPath.get(path);
    // The branches' own errors say more than anyOf's summary, which stands only if nothing else was said;
    // and a branch's `type` error does not replace what another branch said about the value.
    if (existing && (e.keyword === 'anyOf' || e.keyword === 'oneOf')) continue;
    if (existing && existing.e.keyword !== 'anyOf' && existing.e.keyword !== 'oneOf' && e.keyword === 'type') continue;
    byPath.set(path, { e, path, preferKey });
  }
  const located = [...byPath.values()]
    .map((x) => ({ ...x, at: locate(source, x.path, x.preferKey) }))
    .sort((a, b) => a.at.line - b.at.line || a.at.col - b.at.col);
  const problems = located
    .slice(0, MAX_PROBLEMS)
    .map(({ e, path, at }) => ({ file: source.file, ...at, path, message: sentence(e, path, source) }));
  return capProblems(problems, located.length);
}

/** One ajv error as a sentence; `path` is where it is reported (for an unknown field, the field itself). */
function sentence(e: ErrorObject, path: string, source: YamlSource): string {
  const got = valueAt(source.value, e.instancePath);
  const name = pointerToPath(e.instancePath) || 'the file';
  switch (e.keyword) {
    case 'required': {
      const at = pointerToPath(e.instancePath);
      return `${at ? `\`${at}\`` : 'the file'} needs \`${(e.params as { missingProperty: string }).missingProperty}\``;
    }
    case 'additionalProperties': {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      const properties = (e.parentSchema as { properties?: Record<string, { properties?: object }> })?.properties ?? {};
      const allowed = Object.keys(properties);
      // A key that lost its indentation: it names a field of one of this mapping's own fields.
      const home = Object.entries(properties).find(
        ([, sub]) => sub && typeof sub === 'object' && sub.properties && Object.hasOwn(sub.properties, extra),
      )?.[0];
      if (home && !/\s/.test(extra))
        return `\`${extra}\` belongs under \`${home}:\`; indent it like the other entries there (it is not a field at this level)`;
      return /\s/.test(extra)
        ? `"${extra}" was read as a field name: inside { } a comma starts a new field, so put text with commas in quotes`
        : `\`${path}\` is not a known field${didYouMean(extra, allowed)}${allowed.length && allowed.length <= 14 ? `; known fields: ${allowed.join(', ')}` : ''}`;
    }
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map(String);
      return `\`${name}\` must be one of ${allowed.join(', ')}; got ${show(got)}${typeof got === 'string' ? didYouMean(got, allowed) : ''}`;
    }
    case 'const':
      return `\`${name}\` must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}; got ${show(got)}`;
    case 'type':
      // ajv gives a list where the schema allows several types (`type: [string, number]`).
      return `\`${name}\` must be ${article(String((e.params as { type: string | string[] }).type))}; got ${show(got)}`;
    case 'anyOf':
    case 'oneOf':
      return `\`${name}\` has an unexpected value: ${show(got)}`;
    case 'pattern':
      return `\`${name}\` has the wrong form (${show(got)}); expected ${describePattern((e.params as { pattern: string }).pattern)}`;
    case 'maxItems':
      return `\`${name}\` has ${Array.isArray(got) ? got.length.toLocaleString('en-GB') : 'too many'} entries; a draft may have at most ${(e.params as { limit: number }).limit.toLocaleString('en-GB')} (the limit keeps every report readable and every run quick)`;
    case 'format':
      return `\`${name}\` must be a ${(e.params as { format: string }).format}; got ${show(got)}`;
    default:
      return `\`${name}\` ${e.message ?? 'is not valid'}`;
  }
}

function article(type: string): string {
  const words: Record<string, string> = {
    string: 'text',
    number: 'a number',
    integer: 'a whole number',
    boolean: 'true or false',
    object: 'a mapping (key: value lines)',
    array: 'a list (lines starting with "- ")',
    null: 'empty',
  };
  return type
    .split(',')
    .map((t) => words[t] ?? t)
    .join(' or ');
}

function describePattern(pattern: string): string {
  if (pattern === '^[a-z0-9]+(-[a-z0-9]+)*$') return 'lower-case words joined by hyphens, like "same-day-hub"';
  if (pattern.startsWith('^\\d{4}-')) return 'a date like 2027-03-31';
  if (pattern === '\\S') return 'some text, not blank';
  if (pattern.startsWith('^\\d+\\.\\d+')) return 'a version like 1.0.0';
  return `text matching ${pattern}`;
}
