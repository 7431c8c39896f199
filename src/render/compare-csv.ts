import type { Comparison } from '../engine/compare.js';
import { cleanLine } from './sanitize.js';
import { TOO_FEW_ANSWERS } from '../engine/assessment.js';

/** RFC 4180 field; a leading = + - @ is prefixed so a spreadsheet never runs user text as a formula. */
export function field(value: string | number | null): string {
  let s = value === null ? '' : cleanLine(String(value));
  if (/^[=+\-@]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * `gp-change compare --format csv`: one row per draft and principle (the long shape a spreadsheet's
 * pivot table and filters expect), each row carrying the draft's verdict and risk counts.
 */
export function renderCompareCsv(c: Comparison): string {
  const header = [
    'file',
    'id',
    'title',
    'role',
    'verdict',
    'principle',
    'principle number',
    'principle title',
    'score',
    'band',
    'provisional',
    'spread in change',
    'high risks',
    'medium risks',
    'low risks',
    'perception gap',
  ];
  const rows = c.drafts.flatMap((d) => {
    const n = (s: string) => d.risks.filter((r) => r.severity === s && !r.acknowledged).length;
    const group = c.groups.find((g) => g.files.includes(d.file));
    const gap = !!group?.gaps.some((x) => x.designer === d.file || x.frontline === d.file);
    return c.principles.map((p) => [
      d.file,
      d.id,
      d.title,
      d.role,
      d.verdict,
      p.id,
      p.number,
      p.shortTitle,
      d.scores[p.id] ?? null,
      d.bands[p.id] === TOO_FEW_ANSWERS ? '' : (d.bands[p.id] ?? ''),
      d.bands[p.id] === TOO_FEW_ANSWERS ? 'yes' : 'no',
      group?.spread.find((s) => s.principle === p.id)?.spread ?? null,
      n('high'),
      n('medium'),
      n('low'),
      gap ? 'yes' : 'no',
    ]);
  });
  return `${[header, ...rows].map((r) => r.map(field).join(',')).join('\r\n')}\r\n`;
}
