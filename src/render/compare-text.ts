import type { ChalkInstance } from 'chalk';
import type { Comparison, ComparisonGroup, PerceptionGap } from '../engine/compare.js';
import { respondentLabels } from './respondents.js';
import { cleanLine } from './sanitize.js';
import { bar, wrap } from './wrap.js';

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
  for (const g of c.groups) out.push('', ...renderGroup(g, c, chalk, width));
  out.push('');
  out.push(chalk.dim(`Rulebook ${c.rulebook.id} ${c.rulebook.version} · ${c.date}. Scores support a conversation; they are not targets.`));
  return `${out.join('\n')}\n`;
}

/** One change's respondents: a bar each per principle, any perception gap, then every answer that differs. */
function renderGroup(g: ComparisonGroup, c: Comparison, chalk: ChalkInstance, width: number): string[] {
  const out = [chalk.bold(`Change "${cleanLine(g.id)}": ${cleanLine(g.title)}  (${g.files.length} respondents: ${g.roles.join(', ')})`)];
  const labels = respondentLabels(c, g).map(cleanLine);
  const labelWidth = Math.max(...labels.map((l) => l.length));
  for (const p of c.principles) {
    const s = g.spread.find((x) => x.principle === p.id)!;
    out.push(`  ${p.number} ${pad(p.shortTitle, 24)}${chalk.dim(s.spread === null ? '' : `spread ${s.spread}`)}`);
    g.files.forEach((file, i) => {
      const d = c.drafts.find((x) => x.file === file)!;
      const score = d.scores[p.id] ?? null;
      out.push(`      ${pad(labels[i]!, labelWidth)}  ${bar(score)}  ${score === null ? '--' : String(score).padStart(3)}  ${d.bands[p.id]}`);
    });
  }
  for (const gap of g.gaps) out.push(...renderGap(gap, c, chalk, width));
  if (!g.gaps.length && g.roles.length > 1) out.push(chalk.green('  No perception gap: the respondents see the change in much the same way.'));
  if (g.differences.length) {
    out.push('', chalk.bold(`  Answers that differ (${g.differences.length})${g.differences.some((d) => d.inGap) ? '; ▲ marks those behind the perception gap' : ''}`));
    for (const d of g.differences) {
      out.push(`  ${d.inGap ? chalk.red('▲') : '-'} ${wrap(d.prompt, width, 4)}`);
      d.answers.forEach((a, i) => out.push(`      ${pad(labels[i]!, labelWidth)}  ${cleanLine(a.label)}`));
    }
  } else if (g.files.length > 1) {
    out.push('', '  Every question is answered the same way by every respondent.');
  }
  return out;
}

function renderGap(gap: PerceptionGap, c: Comparison, chalk: ChalkInstance, width: number): string[] {
  const sp = '          ';
  const lines = ['', `  ${chalk.red.bold(pad(gap.severity.toUpperCase(), 7))} ${chalk.bold(gap.id)}   ${cleanLine(gap.designer)} vs ${cleanLine(gap.frontline)}`];
  lines.push(`${sp}${chalk.bold(gap.title)}`);
  lines.push(`${sp}${wrap(gap.explanation, width, 10)}`);
  for (const p of gap.principles) lines.push(`${sp}- ${p.shortTitle}: ${cleanLine(gap.designer.split('/').pop()!)} scores ${p.designer}, ${cleanLine(gap.frontline.split('/').pop()!)} ${p.frontline} (${p.gap} apart)`);
  if (gap.answers.length) lines.push(`${sp}- ${gap.answers.length} answer${gap.answers.length === 1 ? '' : 's'} less favourable in the frontline view (▲ below)`);
  lines.push(`${sp}${wrap(`Evidence: ${gap.evidence.map((e) => `${e.short}${e.container ? `, ${e.container}` : ''}`).join('; ')}.`, width, 10)}`);
  for (const [role, advice] of Object.entries(gap.advice)) lines.push(`${sp}${wrap(`${c.roles.find((r) => r.id === role)?.audience ?? role}: ${advice}`, width, 10)}`);
  return lines;
}
