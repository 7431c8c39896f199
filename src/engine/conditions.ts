import jsonLogic from 'json-logic-js';

/**
 * Rule conditions are json-logic data. Only these operators may appear: json-logic-js also has `log`,
 * string and arithmetic helpers, and whatever add_operation registers (other json-logic
 * implementations add `method`, which calls a method on a value); a rulebook may reach none of them.
 */
export const ALLOWED_OPERATORS: readonly string[] = [
  'var', 'missing', '==', '!=', '===', '!==', '!', '!!', 'and', 'or', 'if', 'in',
  '<', '<=', '>', '>=', '+', '-', 'some', 'all', 'none', 'filter', 'map', 'reduce', 'cat', 'count',
];

jsonLogic.add_operation('count', (value: unknown) => (Array.isArray(value) ? value.length : 0));

export type View = Record<string, unknown>;

export function evaluate(condition: unknown, view: View): boolean {
  return Boolean(jsonLogic.apply(condition as never, view));
}

export interface ConditionProblem {
  /** Path inside the condition, e.g. `and[1].in[0]`, for locating the problem. */
  at: (string | number)[];
  message: string;
}

/** Checks a condition against the allow-list and returns every `var` path it reads. */
export function inspectCondition(condition: unknown): { vars: string[]; problems: ConditionProblem[] } {
  const vars = new Set<string>();
  const problems: ConditionProblem[] = [];
  const walk = (node: unknown, at: (string | number)[], scoped: boolean): void => {
    if (Array.isArray(node)) {
      node.forEach((child, i) => walk(child, [...at, i], scoped));
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const keys = Object.keys(node);
    if (keys.length !== 1) {
      problems.push({ at, message: `a condition object must have exactly one operator, found ${keys.length ? keys.join(', ') : 'none'}` });
      return;
    }
    const op = keys[0]!;
    const args = (node as Record<string, unknown>)[op];
    if (!ALLOWED_OPERATORS.includes(op)) {
      problems.push({ at: [...at, op], message: `operator "${op}" is not allowed in conditions (allowed: ${ALLOWED_OPERATORS.join(' ')})` });
      return;
    }
    if (op === 'var') {
      const path = Array.isArray(args) ? args[0] : args;
      if (typeof path !== 'string' && typeof path !== 'number') {
        problems.push({ at: [...at, op], message: 'var needs a plain path such as "answers.origin"' });
      } else if (!scoped && String(path) !== '') {
        vars.add(String(path));
      }
      return;
    }
    if (op === 'some' || op === 'all' || op === 'none' || op === 'filter' || op === 'map' || op === 'reduce') {
      // The first argument reads the draft; the rest run against each element, whose vars are local.
      const list = Array.isArray(args) ? args : [args];
      walk(list[0], [...at, op, 0], scoped);
      list.slice(1).forEach((child, i) => walk(child, [...at, op, i + 1], true));
      return;
    }
    walk(args, [...at, op], scoped);
  };
  walk(condition, [], false);
  return { vars: [...vars], problems };
}
