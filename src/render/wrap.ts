import { clean } from './sanitize.js';

/** Greedy word wrap of control-free text; every line after the first is indented by `indent` spaces. */
export function wrap(text: string, width: number, indent: number): string {
  const words = clean(text).split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  const room = Math.max(20, width - indent);
  for (const w of words) {
    if (line && line.length + 1 + w.length > room) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}

/**
 * A score as a bar of full and light-shade blocks: the two differ in shape, not only in colour, so the
 * picture reads with colour off and in a monochrome log.
 */
export function bar(score: number | null, cells = 16): string {
  if (score === null) return '·'.repeat(cells);
  const filled = Math.round((score / 100) * cells);
  return '█'.repeat(filled) + '░'.repeat(cells - filled);
}
