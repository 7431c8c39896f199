// Escape sequences (CSI, OSC, other ESC forms), then any remaining C0/C1 control except tab and newline.
const ANSI = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])|\u009b[0-?]*[ -/]*[@-~]/g;
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** User text made safe for a terminal: no escape sequences, no control or bidi-override characters. */
export function clean(text: string): string {
  return text.replace(ANSI, '').replace(CONTROL, '');
}

/** User text on one line (titles, names). */
export function cleanLine(text: string): string {
  return clean(text)
    .replace(/[\r\n\t\u2028\u2029]+/g, ' ')
    .trim();
}

/**
 * Text for markdown: control-free, on one line, with the characters that could start markup escaped
 * (emphasis, strike-through, code, links, maths, HTML, table cells) and a leading list, heading or
 * rule marker neutralised (the text often follows "- " or starts a paragraph). Ordinary punctuation
 * (full stops, colons in URLs) is left alone so the raw markdown stays readable.
 */
export function mdEscape(text: string): string {
  return (
    cleanLine(text)
      // "&" is escaped only where it would start an entity (&amp; &#60;), so "Incentives & targets" stays readable as plain text.
      .replace(/[\\`*_[\]|~$<>]|&(?=#?\w+;)/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`))
      .replace(/^(#|[+=-](?=[\s+=-]|$))/, '\\$1')
      .replace(/^(\d{1,9})([.)])(?=\s|$)/, '$1\\$2')
  );
}

/** Text for HTML, on one line: control characters removed and every markup character escaped. */
export function htmlEscape(text: string | number): string {
  return cleanLine(String(text)).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

// Characters JSON.stringify leaves as they are but a terminal may act on: C1 controls (U+009B starts
// an escape sequence on some terminals), line and paragraph separators, and bidi controls.
const JSON_UNSAFE = /[\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * JSON text with those characters written as \u escapes: the same value for any JSON reader, and safe
 * to print. (They can only occur inside strings, where an escape means the same character.)
 */
export function jsonSafe(json: string): string {
  return json.replace(JSON_UNSAFE, unicodeEscape);
}

const unicodeEscape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * JSON text with every character past U+007E as a \u escape (so jsonSafe's too), held by V8 at one byte a
 * character: for text written into many reports, which one wide character would make two bytes a character.
 */
export function asciiJson(json: string): string {
  const escaped = json.replace(/[^\u0000-\u007e]/g, unicodeEscape);
  // Read back through latin1: a replace keeps its subject's wider form even when nothing wide is left.
  return Buffer.from(escaped, 'latin1').toString('latin1');
}

/**
 * Every string in a value (a parsed document), cleaned for the terminal; other values unchanged.
 * For data printed whole (a bibliography export) rather than field by field.
 */
export function cleanDeep<T>(value: T): T {
  if (typeof value === 'string') return clean(value) as T;
  if (Array.isArray(value)) return value.map(cleanDeep) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cleanDeep(v)])) as T;
  return value;
}
