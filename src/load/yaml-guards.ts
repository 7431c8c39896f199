import type { CST } from 'yaml';

/**
 * Lists and mappings may nest this deep, no deeper. The built-in rulebook's deepest file nests 16
 * levels and a draft 4; the `yaml` composer and the walks after it recurse once per level, and at a
 * few hundred levels run out of stack (in V8 that can even abort the process from inside the RegExp
 * compiler rather than throw), so depth is checked on the parser's flat token stream first.
 */
export const MAX_DEPTH = 100;

/**
 * C0 control characters other than tab, LF and CR: YAML allows them nowhere, not even in quoted text
 * (YAML 1.2 sections 5.1 and 7.3: quoted scalars may hold any character but these). The `yaml` package
 * reads them without complaint, so a binary file of mostly ASCII bytes, or a raw terminal escape in a
 * title, would otherwise pass as text. (DEL and C1 controls are allowed in quoted scalars, so they are
 * left to the terminal sanitiser in src/render/sanitize.ts.)
 */
const FORBIDDEN = /[\x00-\x08\x0B\x0C\x0E-\x1F]/;

export interface ForbiddenChar {
  offset: number;
  message: string;
}

export function forbiddenCharacter(text: string): ForbiddenChar | undefined {
  const m = FORBIDDEN.exec(text);
  if (!m) return undefined;
  const code = m[0].codePointAt(0)!;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  const what = code === 0 ? `a NUL byte (${hex})` : `a control character (${hex})`;
  return {
    offset: m.index,
    message: `the file holds ${what}, which YAML text may not contain: is it a binary file? Save the draft as plain UTF-8 text`,
  };
}

/**
 * Offset of the list or mapping that nests one level deeper than `limit`, if the parser's stack holds
 * one. The parser keeps every open collection on its stack, ancestors first, so the stack's height is the
 * depth reached; checking it as the tokens come stops a deep file at once, before the parser's own
 * work on it grows (1 MiB of `[` took the parser 5 s to read to the end).
 */
export function tooDeepIn(stack: readonly CST.Token[], limit = MAX_DEPTH): number | undefined {
  if (stack.length <= limit) return undefined;
  let depth = 0;
  for (const token of stack) {
    if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      if (++depth > limit) return token.offset;
    }
  }
  return undefined;
}
