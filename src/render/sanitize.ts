// Escape sequences (CSI, OSC, other ESC forms), then any remaining C0/C1 control except tab and newline.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])|\u009b[0-?]*[ -/]*[@-~]/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** User text made safe for a terminal: no escape sequences, no control or bidi-override characters. */
export function clean(text: string): string {
  return text.replace(ANSI, '').replace(CONTROL, '');
}

/** User text on one line (titles, names). */
export function cleanLine(text: string): string {
  return clean(text).replace(/[\r\n\t]+/g, ' ').trim();
}

/**
 * Text for markdown: control-free, with the characters that could start markup escaped (emphasis, code,
 * links, HTML, table cells) and a leading list or heading marker neutralised. Ordinary punctuation
 * (full stops, hyphens, colons in URLs) is left alone so the raw markdown stays readable.
 */
export function mdEscape(text: string): string {
  return cleanLine(text)
    .replace(/[\\`*_[\]|<>&]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`))
    .replace(/^(#|[-+](?=\s)|\d+(?=[.)]\s))/, '\\$1');
}
