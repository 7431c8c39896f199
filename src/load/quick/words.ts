/**
 * The words a draft is made of, resolved as `yaml` resolves them: plain scalars by its YAML 1.2 core
 * schema, keys, and the paths built from them, each remembered once seen (drafts repeat them).
 */
import { Schema, isScalar, type ScalarTag } from 'yaml';

/** Thrown wherever a file turns out not to be common YAML; the reader then returns undefined and `yaml` reads it. */
export const GIVE_UP = Symbol('not common YAML');
export function giveUp(): never {
  throw GIVE_UP;
}

/** `yaml`'s YAML 1.2 core schema: the tags a plain scalar is tested against, in `yaml`'s own order. */
const CORE_TAGS = new Schema({ schema: 'core', resolveKnownTags: true }).tags.filter((t): t is ScalarTag => !t.collection && !!t.test);
const RESOLVE_OPTIONS = { intAsBigInt: false } as never;

/**
 * A plain scalar's value, resolved as `yaml` resolves it (the first default tag whose test matches).
 * Drafts repeat the same words (option ids, keys) over and over, so short ones are remembered.
 */
export function resolvePlain(source: string, atKey: boolean): unknown {
  const memo = atKey ? keyMemo : valueMemo;
  let value = memo.get(source);
  if (value === undefined && !memo.has(source)) {
    value = resolveWithTags(source, atKey);
    if (source.length <= 40 && memo.size < 10_000) memo.set(source, value);
  }
  return value;
}
const keyMemo = new Map<string, unknown>();
const valueMemo = new Map<string, unknown>();

/**
 * A child's path (`a.b`, `a[0]`), one string per path: drafts repeat the same paths, and a Map keyed
 * by a string it has seen before finds its hash already worked out instead of joining and hashing anew.
 */
export function childPath(path: string, step: string | number): string {
  let steps = childPaths.get(path);
  let child = steps?.get(step);
  if (child === undefined) {
    child = typeof step === 'number' ? `${path}[${step}]` : path ? `${path}.${step}` : step;
    if (child.length <= 200 && childPathCount < 10_000) {
      if (!steps) childPaths.set(path, (steps = new Map()));
      steps.set(step, child);
      childPathCount++;
    }
  }
  return child;
}
const childPaths = new Map<string, Map<string | number, string>>();
let childPathCount = 0;

function resolveWithTags(source: string, atKey: boolean): unknown {
  for (const tag of CORE_TAGS) {
    if ((tag.default === true || (atKey && tag.default === 'key')) && tag.test!.test(source)) {
      const value = tag.resolve(source, giveUp, RESOLVE_OPTIONS as never);
      return isScalar(value) ? value.value : value;
    }
  }
  return source;
}

/** The end of a key (`[A-Za-z_][A-Za-z0-9_-]*`) starting at `p`, or `p` when none starts there. */
export function keyEnd(text: string, p: number): number {
  let c = text.charCodeAt(p);
  if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95)) return p;
  let q = p + 1;
  for (; q < text.length; q++) {
    c = text.charCodeAt(q);
    if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45)) break;
  }
  return q;
}

export const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Characters that give a plain scalar's first character a meaning of its own. */
export const INDICATORS = new Set([...'-?:,[]{}#&*!|>\'"%@`']);
