import type { ChalkInstance } from 'chalk';
import type { Comparison, PerceptionGap } from '../engine/compare.js';
import { cleanLine } from './sanitize.js';
import { wrap } from './wrap.js';

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

/** `gp-change compare` in the terminal: a table of drafts by principle, then each change's respondents. */
export function renderCompareText(c: Comparison, { chalk, width }: { chalk: ChalkInstance; width: number }): string {
  const out: string[] = [];
  const names = c.drafts.map((d) => cleanLine(d.file));
  const nameWidth = Math.min(40, Math.max(5, ...names.map((n) => n.length)));
  const cols = c.principles.map((p) => `${p.number} ${p.shortTitle}`.slice(0, 21));
  out.push(chalk.bold(`${pad('draft', nameWidth)}  ${pad('role', 9)} ${pad('verdict', 8)} ${cols.map((h) => pad(h, 22)).join('')}risks (high/medium/low)`));
  c.drafts.forEach((d, i) => {
    const name = names[i]!.length > nameWidth ? `...${names[i]!.slice(-(nameWidth - 3))}` : names[i]!;
    const scores = c.principles.map((p) => pad(`${d.scores[p.id] ?? '--'} ${d.bands[p.id]}`, 22)).join('');
    const n = (s: string) => d.risks.filter((r) => r.severity === s && !r.acknowledged).length;
    out.push(`${pad(name, nameWidth)}  ${pad(d.role, 9)} ${pad(d.verdict.toUpperCase(), 8)} ${scores}${n('high')}/${n('medium')}/${n('low')}`);
  });
  for (const g of c.groups) {
    out.push('');
    out.push(chalk.bold(`Change "${cleanLine(g.id)}": ${cleanLine(g.title)}  (${g.files.length} respondents: ${g.roles.join(', ')})`));
    out.push(
      `  spread: ${g.spread
        .map((s) => `${c.principles.find((p) => p.id === s.principle)!.shortTitle} ${s.spread === null ? '--' : `${s.spread} (${s.min}-${s.max})`}`)
        .join(' · ')}`,
    );
    for (const gap of g.gaps) out.push(...renderGap(gap, c, chalk, width));
    if (!g.gaps.length && g.roles.length > 1) out.push(chalk.green('  No perception gap: the respondents see the change in much the same way.'));
  }
  out.push('');
  out.push(chalk.dim(`Rulebook ${c.rulebook.id} ${c.rulebook.version} · ${c.date}. Scores support a conversation; they are not targets.`));
  return `${out.join('\n')}\n`;
}

function renderGap(gap: PerceptionGap, c: Comparison, chalk: ChalkInstance, width: number): string[] {
  const sp = '          ';
  const lines = [`  ${chalk.red.bold(pad(gap.severity.toUpperCase(), 7))} ${chalk.bold(gap.id)}   ${cleanLine(gap.designer)} vs ${cleanLine(gap.frontline)}`];
  lines.push(`${sp}${chalk.bold(gap.title)}`);
  lines.push(`${sp}${wrap(gap.explanation, width, 10)}`);
  for (const p of gap.principles) lines.push(`${sp}- ${p.shortTitle}: ${gap.designer.split('/').pop()} scores ${p.designer}, ${gap.frontline.split('/').pop()} ${p.frontline} (${p.gap} apart)`);
  for (const a of gap.answers) lines.push(`${sp}- ${wrap(`${a.prompt} ${cleanLine(a.designer)} vs ${cleanLine(a.frontline)}`, width, 12)}`);
  lines.push(`${sp}${wrap(`Evidence: ${gap.evidence.map((e) => `${e.short}${e.container ? `, ${e.container}` : ''}`).join('; ')}.`, width, 10)}`);
  for (const [role, advice] of Object.entries(gap.advice)) lines.push(`${sp}${wrap(`${c.roles.find((r) => r.id === role)?.audience ?? role}: ${advice}`, width, 10)}`);
  return lines;
}
