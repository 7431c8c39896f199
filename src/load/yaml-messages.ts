/** Sentences for the `yaml` parser's errors, for people who edit YAML by hand. */

/** The parser's message as advice for someone who edits YAML by hand, not a parser's log line. */
/** What surrounds the error: the text it covers, its line and the next, and what kind of file this is. */
export interface YamlContext {
  source: string;
  line?: string;
  next?: string;
  /** `draft` or `rulebook`: what one file should hold one of. */
  kind?: string;
}

export function yamlMessage(code: string, message: string, { source, line = '', next = '', kind = 'draft' }: YamlContext): string {
  const first = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  const lower = `${first.charAt(0).toLowerCase()}${first.slice(1)}`;
  switch (code) {
    case 'MULTIPLE_DOCS':
      return `the file holds more than one YAML document (a second \`---\`); keep one ${kind} per file`;
    case 'TAG_RESOLVE_FAILED':
      // The source (`!!js/function`) reads better than the resolved name (`tag:yaml.org,2002:js/function`).
      return `unknown tag ${/^!\S*/.exec(source)?.[0] ?? first}: this file holds plain values only; remove the tag`;
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY': {
      const hint = lineHint(line, next);
      if (hint) return hint;
      return 'a key or value here is not where YAML expects it: check that this line and the next are indented with the same number of spaces as their neighbours, and put a value containing ": " in quotes';
    }
    case 'TAB_AS_INDENT':
      return 'a tab is used for indentation; indent with spaces (two per level)';
    case 'BAD_INDENT':
      return `the indentation is off here (${lower}); indent with spaces, the same number for items at the same level`;
    case 'MISSING_CHAR':
      if (first.startsWith('Implicit map keys need to be followed by map values')) {
        return 'this line is not a `key: value` pair: put a colon and a space after the key, as in `origin: ics`';
      }
      return `something is missing here: ${lower}`;
    case 'BAD_DQ_ESCAPE': {
      const escape = /escape sequence (\S+)/.exec(first)?.[1] ?? source;
      return `in "double quotes" a backslash starts an escape, and ${escape} is not one: write \\\\ for a backslash, or use 'single quotes'`;
    }
    case 'BAD_SCALAR_START': {
      const char = /(?:character|indicator) (\S+)$/.exec(first)?.[1];
      return char ? `a value cannot start with ${char} unless it is in quotes: put the value in quotes` : `not valid YAML: ${first}`;
    }
    case 'UNEXPECTED_TOKEN': {
      const close = /^Unexpected flow-(?:seq|map)-end token/.test(first) ? source.trim() : undefined;
      return close ? `this ${close} closes nothing: remove it, or put the value in quotes` : `not valid YAML: ${first}`;
    }
    default:
      return `not valid YAML: ${first}`;
  }
}

/** For a quote, `[` or `{` that is never closed, reported at the opening. */
export function unclosedMessage(char: string): string {
  if (char === '[' || char === '{') {
    const close = char === '[' ? ']' : '}';
    return `this ${char} is never closed with ${close}, or the lines inside it are not indented more than its key; add the ${close}, or put a value that starts with ${char} in quotes`;
  }
  return `this ${char} quote is never closed: add the closing ${char} where the value ends`;
}

/** The two slips behind most "not where YAML expects it" errors, read off the line itself. */
function lineHint(line: string, next: string): string | undefined {
  // Word processors turn quotes curly; YAML only knows straight ones.
  if (/[\u201c\u201d\u2018\u2019]/.test(line) && /:\s/.test(line.replace(/^\s*[\w-]+:\s/, ''))) {
    return 'curly quotes (“ ” or ‘ ’, as word processors type them) are not quotes in YAML: use straight quotes (") around a value that contains ": "';
  }
  // `origin: ics` followed by a line indented further: YAML reads that line as more of the value.
  const indent = (t: string) => /^ */.exec(t)![0].length;
  if (/^\s*[\w-]+:\s+\S/.test(line) && /^\s*[\w-]+:/.test(next) && indent(next) > indent(line)) {
    return `the next line is indented more than this one, so YAML reads it as part of this value: indent it with the same ${indent(line)} spaces as this line`;
  }
  // `title Online triage`: a key and its value with the colon left out.
  const missing = /^(\s*)([A-Za-z][\w-]*) +(\S.*)$/.exec(line);
  if (missing && !line.includes(':')) {
    const cut = (t: string) => (t.length > 30 ? `${t.slice(0, 29)}…` : t);
    return `this line has no colon: write the key, a colon and a space, then the value, as in \`${missing[2]}: ${cut(missing[3]!)}\``;
  }
  return undefined;
}
