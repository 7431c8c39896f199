/**
 * The limits a rulebook must keep within, in one place. docs/rulebook-format.md states the same numbers
 * ("Limits"); tests/condition-limits.test.ts checks that the two agree.
 *
 * The condition limits are far above anything the guide needs (the built-in rulebook's deepest condition
 * nests 7 operators and its largest has under 60 parts), and low enough that checking and evaluating a
 * condition stays instant and never runs out of stack: they exist to refuse machine-made or hostile
 * rulebooks, not to constrain honest ones.
 */
export const LIMITS = {
  /** Operators nested inside one another in one condition (`{and: [{"==": [{var: x}, 1]}]}` is 3). */
  conditionDepth: 32,
  /** Parts of one condition: every operator, list and literal value counts one. */
  conditionNodes: 500,
  /** Upper bound of a question's, list's or skills' weight (weights are relative; 100 is already extreme). */
  weight: 100,
  /** Local rulebooks in one chain of `extends:` (a PCN's extending an ICS's extending builtin is 2). */
  extendsChain: 8,
  /**
   * Entries of one list in a draft (targets, incentives, or a local rulebook's own list). The guide's own
   * worry is a handful of targets too many; a thousand is far past any honest draft, and keeps a draft's
   * reports and evaluation bounded (an 85,000-target draft took 7 s and 786 MB).
   */
  listEntries: 1000,
  /**
   * Steps of condition evaluation (each operator or value json-logic visits) for one draft. The built-in
   * rulebook takes a few thousand on a 20-target draft; a condition that is quadratic in the targets, or
   * loops a `reduce` over its own output, is stopped here with an error for that draft alone.
   */
  evaluationSteps: 2_000_000,
  /** Characters of text one `cat` may build, and items one `merge` may build, while evaluating. */
  evaluationOutput: 100_000,
} as const;

/**
 * Words that name JavaScript internals rather than data. A rulebook may not use them as ids, and a
 * condition may not read a `var` path through them: `{var: "answers.constructor"}` would otherwise reach
 * the Object function instead of an answer. (YAML keys with these names are refused by the loader.)
 */
export const RESERVED_WORDS: readonly string[] = ['__proto__', 'constructor', 'prototype'];
