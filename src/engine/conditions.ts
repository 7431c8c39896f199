/**
 * Evaluating rule conditions over a draft's view with json-logic-js, reading only the data's own
 * properties. Which operators and paths a condition may use is the rulebook's business
 * (src/rulebook/conditions.ts), checked before any condition gets here.
 */
import jsonLogic from 'json-logic-js';
import { RESERVED_WORDS } from '../rulebook/limits.js';
import type { View } from '../draft/view.js';

/**
 * The value at a dotted path, descending only through the data's own properties: never a prototype,
 * `constructor` or inherited method, whatever the path says. Undefined where there is nothing.
 */
export function readPath(root: unknown, path: string): unknown {
  return readKeys(root, pathKeys(path));
}

/** readPath with the path already split (pathKeys): for callers that read the same paths over and over. */
export function readKeys(root: unknown, keys: readonly string[] | null): unknown {
  if (!keys) return undefined;
  let value = root;
  for (let i = 0; i < keys.length; i++) {
    if (value === null || value === undefined || !Object.hasOwn(value, keys[i]!)) return undefined;
    value = (value as Record<string, unknown>)[keys[i]!];
  }
  return value;
}

// A rulebook has a few dozen paths, read millions of times over a large batch: each is split and
// checked once. Null marks a path through a reserved word, which reads nothing. This table is the one
// piece of module state the engine keeps: a pure function's results by their argument (bounded), which
// no history can change. It is not in the compiled plan because paths arrive through json-logic's `var`
// operation, registered once for the process, which cannot be handed a plan.
const splitPaths = new Map<string, readonly string[] | null>();
export function pathKeys(path: string): readonly string[] | null {
  let keys = splitPaths.get(path);
  if (keys === undefined) {
    const parts = path.split('.');
    keys = parts.some((k) => RESERVED_WORDS.includes(k)) ? null : parts;
    if (splitPaths.size < 10000) splitPaths.set(path, keys);
  }
  return keys;
}

// json-logic-js's own `var` follows a path with plain property access, so `answers.constructor` would
// reach the Object function. Validation refuses such paths; this keeps evaluation safe even for a
// condition that never went through validation. `missing` looks fields up through `var` too.
jsonLogic.add_operation('var', function (this: unknown, path?: unknown, fallback?: unknown) {
  const notFound = fallback === undefined ? null : fallback;
  if (path === undefined || path === null || path === '') return this;
  const value = readPath(this, String(path));
  return value === undefined ? notFound : value;
});
jsonLogic.add_operation('count', (value: unknown) => (Array.isArray(value) ? value.length : 0));

export function evaluate(condition: unknown, view: View): boolean {
  return Boolean(jsonLogic.apply(condition as never, view));
}
