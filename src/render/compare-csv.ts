import type { Comparison } from '../engine/compare.js';
import { cleanLine } from './sanitize.js';

/** RFC 4180 field; a leading = + - @ is prefixed so a spreadsheet never runs user text as a formula. */
function field(value: string | number | null): string {
  let s = value === null ? '' : cleanLine(String(value));
  if (/^[=+\-@]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** `gp-change compare --format csv`: one row per draft, for a spreadsheet. */
export function renderCompareCsv(c: Comparison): string {
  const header = ['file', 'id', 'title', 'role', 'verdict', ...c.principles.flatMap((p) => [`${p.id} score`, `${p.id} band`]), 'high risks', 'medium risks', 'low risks', 'perception gap'];
  const rows = c.drafts.map((d) => {
    const n = (s: string) => d.risks.filter((r) => r.severity === s && !r.acknowledged).length;
    const gap = c.groups.some((g) => g.gaps.some((x) => x.designer === d.file || x.frontline === d.file));
    return [d.file, d.id, d.title, d.role, d.verdict, ...c.principles.flatMap((p) => [d.scores[p.id] ?? null, d.bands[p.id] ?? '']), n('high'), n('medium'), n('low'), gap ? 'yes' : 'no'];
  });
  return `${[header, ...rows].map((r) => r.map(field).join(',')).join('\r\n')}\r\n`;
}
