/** A file cut into rows: each line's indentation and whether it is blank, a comment or content. */

export const enum Kind {
  Blank,
  Comment,
  Content,
}

export interface Row {
  /** Offset of the line's first character, of its first non-space character, and of its end (the `\n`, or the text's end). */
  start: number;
  first: number;
  end: number;
  indent: number;
  kind: Kind;
}

export function splitRows(text: string): Row[] | undefined {
  // Tabs, carriage returns and document markers each have rules of their own; `yaml` keeps them.
  if (text.includes('\t') || text.includes('\r')) return undefined;
  const rows: Row[] = [];
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    let first = start;
    while (first < end && text.charCodeAt(first) === 32) first++;
    const c = text[first];
    const kind = first === end ? Kind.Blank : c === '#' ? Kind.Comment : Kind.Content;
    if (
      kind === Kind.Content &&
      first === start &&
      (c === '%' || ((c === '-' || c === '.') && text.startsWith(c === '-' ? '---' : '...', first)))
    )
      return undefined;
    rows.push({ start, first, end, indent: first - start, kind });
    if (end === text.length) break;
    start = end + 1;
  }
  return rows;
}
