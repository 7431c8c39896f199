/**
 * The condition language a rulebook may use: json-logic with an allow-list of operators, within the
 * limits (src/rulebook/limits.ts), and the draft paths a condition reads. Checked when a rulebook is
 * loaded; the engine evaluates conditions (src/engine/conditions.ts) and asks this module which paths
 * a risk reads.
 */
import { LIMITS, RESERVED_WORDS } from './limits.js';

/**
 * Rule conditions are json-logic data. Only these operators may appear: json-logic-js also has `log`,
 * string and arithmetic helpers, and whatever add_operation registers (other json-logic
 * implementations add `method`, which calls a method on a value); a rulebook may reach none of them.
 */
export const ALLOWED_OPERATORS: readonly string[] = [
  'var',
  'missing',
  '==',
  '!=',
  '===',
  '!==',
  '!',
  '!!',
  'and',
  'or',
  'if',
  'in',
  '<',
  '<=',
  '>',
  '>=',
  '+',
  '-',
  'some',
  'all',
  'none',
  'filter',
  'map',
  'reduce',
  'cat',
  'count',
];

/** Operators whose later arguments run once per element of the first, reading the element, not the draft. */
const SCOPED = ['some', 'all', 'none', 'filter', 'map', 'reduce'];

export interface ConditionProblem {
  /** Path inside the condition, e.g. `and[1].in[0]`, for locating the problem. */
  at: (string | number)[];
  message: string;
}

/** A draft path a condition reads, and where (its first mention) for locating problems with it. */
export interface ConditionRead {
  path: string;
  at: (string | number)[];
}

/** Why a `var` or `missing` path may not be read, or undefined when it may. */
function badPath(path: unknown): string | undefined {
  if (typeof path !== 'string' && typeof path !== 'number') return 'needs a plain path such as "answers.origin"';
  const reserved = String(path)
    .split('.')
    .find((k) => RESERVED_WORDS.includes(k));
  return reserved === undefined
    ? undefined
    : `path "${path}" reaches into JavaScript internals ("${reserved}"); a condition may read only the draft's own fields`;
}

/**
 * Checks a condition against the allow-list and the limits (docs/rulebook-format.md) and returns every
 * draft path it reads (`var` and `missing`, outside some/all/... where paths are the element's own).
 */
export function inspectCondition(condition: unknown): { vars: string[]; reads: ConditionRead[]; problems: ConditionProblem[] } {
  const vars = new Map<string, (string | number)[]>();
  const read = (path: unknown, at: (string | number)[], scoped: boolean) => {
    if (!scoped && String(path) !== '' && !vars.has(String(path))) vars.set(String(path), at);
  };
  const problems: ConditionProblem[] = [];
  let nodes = 0;
  let tooDeep = false;
  // `depth` counts operators only: lists are bounded by the node limit, which also bounds this recursion.
  const walk = (node: unknown, at: (string | number)[], scoped: boolean, depth: number): void => {
    if (++nodes > LIMITS.conditionNodes) return;
    if (Array.isArray(node)) {
      node.forEach((child, i) => walk(child, [...at, i], scoped, depth));
      return;
    }
    if (node === null || typeof node !== 'object') return;
    if (depth > LIMITS.conditionDepth) {
      if (!tooDeep)
        problems.push({
          at,
          message: `operators here are nested more than ${LIMITS.conditionDepth} deep; a condition may nest at most ${LIMITS.conditionDepth} (split it, or simplify it)`,
        });
      tooDeep = true;
      return;
    }
    const keys = Object.keys(node);
    if (keys.length !== 1) {
      problems.push({ at, message: `a condition object must have exactly one operator, found ${keys.length ? keys.join(', ') : 'none'}` });
      return;
    }
    const op = keys[0]!;
    const args = (node as Record<string, unknown>)[op];
    if (!ALLOWED_OPERATORS.includes(op)) {
      problems.push({
        at: [...at, op],
        message: `operator "${op}" is not allowed in conditions (allowed: ${ALLOWED_OPERATORS.join(' ')})`,
      });
      return;
    }
    const list = Array.isArray(args) ? args : [args];
    // Parts walked below count themselves; these branches read some parts directly, so count them here.
    if (op === 'var' || op === 'missing' || SCOPED.includes(op)) nodes += Array.isArray(args) ? 1 : 0;
    if (op === 'var') {
      nodes++;
      if (list.length > 2) problems.push({ at: [...at, op], message: 'var takes a path and at most one default value' });
      const where = Array.isArray(args) ? [...at, op, 0] : [...at, op];
      const bad = badPath(list[0]);
      if (bad) problems.push({ at: where, message: `var ${bad}` });
      else read(list[0], where, scoped);
      // json-logic evaluates a default before `var` runs, so it is checked like any other argument.
      list.slice(1).forEach((child, i) => walk(child, [...at, op, i + 1], scoped, depth + 1));
      return;
    }
    if (op === 'missing') {
      // One literal list of paths, or the paths as arguments; computed paths would dodge the checks.
      const inner = Array.isArray(args) && args.length === 1 && Array.isArray(args[0]);
      const paths = inner ? (args[0] as unknown[]) : list;
      const base = inner ? [...at, op, 0] : [...at, op];
      if (inner) nodes++;
      paths.forEach((path, i) => {
        nodes++;
        const where = Array.isArray(args) || inner ? [...base, i] : base;
        const bad = badPath(path);
        if (bad) problems.push({ at: where, message: `missing ${bad}` });
        else read(path, where, scoped);
      });
      return;
    }
    if (SCOPED.includes(op)) {
      // The first argument reads the draft (so does reduce's starting value); the rest run against each element.
      list.forEach((child, i) =>
        walk(child, Array.isArray(args) ? [...at, op, i] : [...at, op], scoped || i === 1 || (i > 1 && op !== 'reduce'), depth + 1),
      );
      return;
    }
    walk(args, [...at, op], scoped, depth + 1);
  };
  walk(condition, [], false, 1);
  if (nodes > LIMITS.conditionNodes) {
    problems.unshift({
      at: [],
      message: `this condition has more than ${LIMITS.conditionNodes} parts (operators, lists and values); a condition may have at most ${LIMITS.conditionNodes} (split it, or simplify it)`,
    });
  }
  return { vars: [...vars.keys()], reads: [...vars].map(([path, at]) => ({ path, at })), problems };
}
