import { UNKNOWN } from '../draft/schema.js';
import { readPath } from './conditions.js';

/**
 * Turns the value at one of a risk's input paths into the part of its memo key that stands for it.
 * `seen`: lists and mappings already written whole while testing this draft (fireRisks makes one per
 * draft), since a list such as `targets` is read by many risks and shared by the views of its entries.
 */
export type KeyPart = (value: unknown, seen?: Map<object, string>) => string;

const EQUALITY = ['==', '!=', '===', '!=='];
const PER_ELEMENT = ['some', 'all', 'none', 'filter', 'map'];

/**
 * A field each element of a list is read for: the groups of text literals it is only ever compared with
 * (one group per comparison: `==` one literal, `in` a list), or null when it is used otherwise.
 */
type ElementField = { path: string; groups: string[][] | null };

/** How a condition uses one input path. */
type Use =
  { kind: 'compared'; literals: string[] } | { kind: 'counted' } | { kind: 'per-element'; fields: ElementField[] } | { kind: 'other' };

/**
 * The memo key parts for a risk's inputs (`vars`, in order), or undefined when its outcome cannot be
 * remembered (a `missing` operator reads fields by name).
 *
 * A risk's outcome (whether it fires, its severity, which inputs triggered it) depends on its inputs only
 * through its conditions, so two drafts whose inputs the conditions cannot tell apart share it:
 * - an input only ever compared with text literals (`==`, `!=`, `===`, `!==`, or `in` a literal list)
 *   matters only as which of those comparisons it passes, as `unknown` (triggers leave unknowns out), or
 *   as any other text;
 * - a list only counted, or run through some/all/none (or a filter or map that is then counted) that read plain fields of each element,
 *   matters only as its length and those fields, each by the same rules (a field only compared with
 *   literals matters only as which literal it is);
 * - anything else is taken whole.
 * Without this, a batch of drafts with free-text target names would never share an outcome.
 */
export function memoKeyParts(conditions: unknown[], vars: string[]): KeyPart[] | undefined {
  const uses = new Map<string, Use[]>();
  let remembered = true;
  const note = (path: string, use: Use) => {
    let list = uses.get(path);
    if (!list) uses.set(path, (list = []));
    list.push(use);
  };
  // `parent`: the operator whose argument this node is.
  const walk = (node: unknown, scoped: boolean, parent?: string): void => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, scoped, parent));
    if (node === null || typeof node !== 'object') return;
    const [op] = Object.keys(node);
    if (op === undefined) return;
    const raw = (node as Record<string, unknown>)[op];
    const args = Array.isArray(raw) ? raw : [raw];
    if (op === 'missing' || op === 'missing_some') remembered = false;
    if (op === 'var') {
      if (!scoped) note(String(args[0]), { kind: 'other' });
      return args.slice(1).forEach((a) => walk(a, scoped, op));
    }
    args.forEach((arg, i) => {
      const path = scoped ? undefined : plainVar(arg);
      if (path === undefined) {
        walk(arg, scoped || (PER_ELEMENT.includes(op) && i > 0) || (op === 'reduce' && i === 1), op);
        return;
      }
      const literals = comparedWith(op, args, i);
      if (literals) note(path, { kind: 'compared', literals });
      else if (op === 'count' && args.length === 1) note(path, { kind: 'counted' });
      // filter and map hand on elements or values that an enclosing operator may read further, out of
      // sight here (`some` over a filtered list reads its fields again): only their count is safe.
      else if (PER_ELEMENT.includes(op) && i === 0)
        note(path, (op === 'filter' || op === 'map') && parent !== 'count' ? { kind: 'other' } : elementFields(args[1]));
      else note(path, { kind: 'other' });
    });
  };
  conditions.forEach((c) => walk(c, false));
  if (!remembered) return undefined;
  return vars.map((v) => keyPart(uses.get(v) ?? [{ kind: 'other' }]));
}

/** The path of `{var: "path"}` without a default, else undefined. */
function plainVar(node: unknown): string | undefined {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const keys = Object.keys(node);
  if (keys.length !== 1 || keys[0] !== 'var') return undefined;
  const arg = (node as { var: unknown }).var;
  const path = Array.isArray(arg) ? (arg.length === 1 ? arg[0] : undefined) : arg;
  return typeof path === 'string' && path !== '' ? path : undefined;
}

/** The text literals argument i of `op` is compared with (`==`-like with a literal, or `in` a literal list), else undefined. */
function comparedWith(op: string, args: unknown[], i: number): string[] | undefined {
  const other = args[1 - i];
  if (EQUALITY.includes(op) && args.length === 2 && typeof other === 'string') return [other];
  if (op === 'in' && i === 0 && Array.isArray(args[1]) && args[1].every((x) => typeof x === 'string')) return args[1] as string[];
  return undefined;
}

/** The fields a per-element condition reads of each element, and how, when it reads nothing else. */
function elementFields(condition: unknown): Use {
  const fields = new Map<string, string[][] | null>();
  const noteField = (path: string, literals: string[] | null) => fields.set(path, joinGroups(fields.get(path), literals && [literals]));
  let plain = true;
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    const [op] = Object.keys(node);
    if (op === undefined) return;
    if (op === 'var') {
      const path = plainVar(node);
      if (path === undefined) plain = false;
      else noteField(path, null);
      return;
    }
    // Nested per-element operators read their own elements; reduce and missing read other names.
    if (PER_ELEMENT.includes(op) || op === 'reduce' || op === 'missing' || op === 'missing_some') plain = false;
    const raw = (node as Record<string, unknown>)[op];
    const args = Array.isArray(raw) ? raw : [raw];
    args.forEach((arg, i) => {
      const path = plainVar(arg);
      if (path === undefined) walk(arg);
      else noteField(path, comparedWith(op, args, i) ?? null);
    });
  };
  walk(condition);
  return plain ? { kind: 'per-element', fields: [...fields].map(([path, groups]) => ({ path, groups })) } : { kind: 'other' };
}

/** A field's literal groups so far joined with more; null (used otherwise) on either side wins. */
function joinGroups(before: string[][] | null | undefined, more: string[][] | null): string[][] | null {
  return before === null || more === null ? null : [...(before ?? []), ...more];
}

/**
 * A value as conditions that only compare it with groups of literals can tell it apart: by which groups
 * hold it (two literals in the same groups are alike), unknown, or any other text.
 */
function literalClass(groups: string[][]): KeyPart {
  const classes = new Map<string, string>();
  for (const literal of new Set(groups.flat())) classes.set(literal, `=${groups.map((g) => (g.includes(literal) ? '1' : '0')).join('')}`);
  return (value, seen) => (typeof value === 'string' ? (value === UNKNOWN ? 'U' : (classes.get(value) ?? 'O')) : wholeKey(value, seen));
}

function keyPart(uses: Use[]): KeyPart {
  if (uses.every((u) => u.kind === 'compared')) return literalClass(uses.map((u) => (u as { literals: string[] }).literals));
  if (uses.every((u) => u.kind === 'counted' || u.kind === 'per-element')) {
    // Each field as its uses across the conditions allow: by literal class only if every use compares it with literals.
    const merged = new Map<string, string[][] | null>();
    for (const u of uses)
      if (u.kind === 'per-element') for (const f of u.fields) merged.set(f.path, joinGroups(merged.get(f.path), f.groups));
    const fields = [...merged].map(([path, groups]) => ({ path, part: groups ? literalClass(groups) : wholeKey }));
    return (value, seen) => {
      if (!Array.isArray(value)) return wholeKey(value, seen);
      if (!fields.length) return `#${value.length}`;
      let key = `#${value.length}`;
      for (const item of value) for (const f of fields) key += `\u0000${f.part(readPath(item, f.path) ?? null, seen)}`;
      return key;
    };
  }
  return wholeKey;
}

/**
 * A value as text, whole: text behind a mark JSON never starts with (unless it holds the separator),
 * numbers, true, false and null as JSON writes them, nothing as `u`, lists and mappings as JSON, each
 * written once per draft (`seen`).
 */
function wholeKey(value: unknown, seen?: Map<object, string>): string {
  if (typeof value === 'string') return value.includes('\u0000') ? JSON.stringify(value) : `'${value}`;
  if (value === undefined) return 'u';
  if (value === null || typeof value !== 'object') return String(value);
  let k = seen?.get(value);
  if (k === undefined) {
    k = JSON.stringify(value);
    seen?.set(value, k);
  }
  return k;
}
