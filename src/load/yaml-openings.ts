import type { CST } from 'yaml';

/** A quote, `[` or `{` that the parser found never closed, and where it opens. */
export interface Opening {
  offset: number;
  /** The opening character: `"`, `'`, `[` or `{`. */
  char: string;
}

const QUOTE = /^Missing closing (["'])quote/;
const FLOW = /^Flow (sequence|map)\b.*end with a [\]}]/;

/**
 * `yaml` reports an unclosed quote or bracket where it gave up (often the end of the file, or the next
 * key); the mistake is at the opening, so that is where the error should point. Finds, in the parser's
 * tokens, the unclosed quoted scalar that ends at the error, or the last unclosed flow collection that
 * opens before it. Undefined for any other error. (Recursive, but the tokens have been checked for depth.)
 */
export function unclosedOpening(tokens: readonly CST.Token[], code: string, message: string, errorAt: number): Opening | undefined {
  const quote = code === 'MISSING_CHAR' ? QUOTE.exec(message)?.[1] : undefined;
  const flow = code === 'MISSING_CHAR' || code === 'BAD_INDENT' ? FLOW.exec(message)?.[1] : undefined;
  if (!quote && !flow) return undefined;
  let found: Opening | undefined;
  const visitItems = (items: readonly { key?: CST.Token | null; value?: CST.Token }[]) => {
    for (const item of items) {
      visit(item.key);
      visit(item.value);
    }
  };
  const visit = (token: CST.Token | null | undefined): void => {
    if (!token) return;
    if (token.type === 'document') visit(token.value);
    else if (token.type === 'block-map' || token.type === 'block-seq') visitItems(token.items);
    else if (token.type === 'double-quoted-scalar' || token.type === 'single-quoted-scalar') {
      if (quote && token.source.startsWith(quote) && token.offset + token.source.length === errorAt)
        found = { offset: token.offset, char: quote };
    } else if (token.type === 'flow-collection') {
      const opener = flow === 'sequence' ? '[' : '{';
      const closed = token.end.some((t) => t.type === 'flow-seq-end' || t.type === 'flow-map-end');
      if (flow && !closed && token.start.source === opener && token.offset <= errorAt && (!found || token.offset > found.offset))
        found = { offset: token.offset, char: opener };
      visitItems(token.items);
    }
  };
  tokens.forEach(visit);
  return found;
}
