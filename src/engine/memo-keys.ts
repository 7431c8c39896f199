import { UNKNOWN } from '../draft/schema.js';
import { readPath } from './conditions.js';

/** Turns the value at one of a risk's input paths into the part of its memo key that stands for it. */
export type KeyPart = (value: unknown) => string;

const EQUALITY = ['==', '!=', '===', '!=='];
const PER_ELEMENT = ['some', 'all', 'none', 'filter', 'map'];

/** How a condition uses one input path. */
type Use = { kind: 'compared'; literals: string[] } | { kind: 'counted' } | { kind: 'per-element'; fields: string[] } | { kind: 'other' };

/**
 * The memo key parts for a risk's inputs (`vars`, in order), or undefined when its outcome cannot be
 * remembered (a `missing` operator reads fields by name).
 *
 * A risk's outcome (whether it fires, its severity, which inputs triggered it) depends on its inputs only
 * through its conditions, so two drafts whose inputs the conditions cannot tell apart share it:
 * - an input only ever compared with text literals (`==`, `!=`, `===`, `!==`, or `in` a literal list)
 *   matters only as which literal it is, `unknown` (triggers leave unknowns out), or any other text;
 * - a list only counted, or run through some/all/none/filter/map that read plain fields of each element,
 *   matters only as its length and those fields;
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
  const walk = (node: unknown, scoped: boolean): void => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, scoped));
    if (node === null || typeof node !== 'object') return;
    const [op] = Object.keys(node);
    if (op === undefined) return;
    const raw = (node as Record<string, unknown>)[op];
    const args = Array.isArray(raw) ? raw : [raw];
    if (op === 'missing' || op === 'missing_some') remembered = false;
    if (op === 'var') {
      if (!scoped) note(String(args[0]), { kind: 'other' });
      return args.slice(1).forEach((a) => walk(a, scoped));
    }
    args.forEach((arg, i) => {
      const path = scoped ? undefined : plainVar(arg);
      if (path === undefined) {
        walk(arg, scoped || (PER_ELEMENT.includes(op) && i > 0) || (op === 'reduce' && i === 1));
        return;
      }
      const other = args[1 - i];
      if (EQUALITY.includes(op) && args.length === 2 && typeof other === 'string') note(path, { kind: 'compared', literals: [other] });
      else if (op === 'in' && i === 0 && Array.isArray(args[1]) && args[1].every((x) => typeof x === 'string')) note(path, { kind: 'compared', literals: args[1] as string[] });
      else if (op === 'count' && args.length === 1) note(path, { kind: 'counted' });
      else if (PER_ELEMENT.includes(op) && i === 0) note(path, elementFields(args[1]));
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

/** The fields a per-element condition reads of each element, when it reads nothing else. */
function elementFields(condition: unknown): Use {
  const fields = new Set<string>();
  let plain = true;
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    const [op] = Object.keys(node);
    if (op === undefined) return;
    if (op === 'var') {
      const path = plainVar(node);
      if (path === undefined) plain = false;
      else fields.add(path);
      return;
    }
    // Nested per-element operators read their own elements; reduce and missing read other names.
    if (PER_ELEMENT.includes(op) || op === 'reduce' || op === 'missing' || op === 'missing_some') plain = false;
    walk((node as Record<string, unknown>)[op]);
  };
  walk(condition);
  return plain ? { kind: 'per-element', fields: [...fields] } : { kind: 'other' };
}

function keyPart(uses: Use[]): KeyPart {
  if (uses.every((u) => u.kind === 'compared')) {
    const literals = new Set(uses.flatMap((u) => (u as { literals: string[] }).literals));
    return (value) => (typeof value === 'string' ? (value === UNKNOWN ? 'U' : literals.has(value) ? `'${value}` : 'O') : wholeKey(value));
  }
  if (uses.every((u) => u.kind === 'counted' || u.kind === 'per-element')) {
    const fields = [...new Set(uses.flatMap((u) => (u.kind === 'per-element' ? u.fields : [])))];
    return (value) => {
      if (!Array.isArray(value)) return wholeKey(value);
      if (!fields.length) return `#${value.length}`;
      return `#${JSON.stringify(value.map((item) => fields.map((f) => readPath(item, f) ?? null)))}`;
    };
  }
  return wholeKey;
}

/**
 * A value as text, whole: text behind a mark JSON never starts with (unless it holds the separator),
 * numbers, true, false and null as JSON writes them, nothing as `u`, lists and mappings as JSON, each
 * written once (a list such as `targets` is read by many risks, and shared by the views of its entries).
 */
const objectKeys = new WeakMap<object, string>();
function wholeKey(value: unknown): string {
  if (typeof value === 'string') return value.includes('\u0000') ? JSON.stringify(value) : `'${value}`;
  if (value === undefined) return 'u';
  if (value === null || typeof value !== 'object') return String(value);
  let k = objectKeys.get(value);
  if (k === undefined) objectKeys.set(value, (k = JSON.stringify(value)));
  return k;
}
