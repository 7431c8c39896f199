import type { ChalkInstance } from 'chalk';
import type { Comparison, ComparisonGroup, PerceptionGap } from '../engine/compare.js';
import { differingTitles, respondentLabels, rolesCounted } from './respondents.js';
import { cleanLine } from './sanitize.js';
import { bar, wrap } from './wrap.js';
import { GAP_MARK_LEGEND, tooFewNote } from './phrases.js';
import { evidenceLine } from './evidence-line.js';
import { TOO_FEW_ANSWERS } from '../engine/assessment.js';

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

/**
 * `gp-change compare` in the terminal: each draft as a block (title, file, verdict, risk counts and a bar
 * per principle), so any number of drafts fits any width; then each change's respondents.
 */
export function renderCompareText(c: Comparison, { chalk, width }: { chalk: ChalkInstance; width: number }): string {
  const out: string[] = [chalk.bold(`Comparison of ${c.drafts.length} draft${c.drafts.length === 1 ? '' : 's'}`), ''];
  const nameWidth = Math.max(...c.principles.map((p) => p.shortTitle.length)) + 2;
  for (const d of c.drafts) {
    const n = (s: string) => d.risks.filter((r) => r.severity === s && !r.acknowledged).length;
    out.push(chalk.bold(wrap(cleanLine(d.title), width, 2)));
    out.push(chalk.dim(`  ${cleanLine(d.file)}`));
    out.push(`  ${d.role} · ${d.verdict.toUpperCase()} · risks: ${n('high')} high, ${n('medium')} medium, ${n('low')} low`);
    for (const p of c.principles) {
      const score = d.scores[p.id] ?? null;
      out.push(
        `    ${p.number} ${pad(p.shortTitle, nameWidth)} ${d.bands[p.id] === 'n/a' ? '-'.repeat(16) : bar(score)}  ${score === null ? ' --' : String(score).padStart(3)}  ${d.bands[p.id]}`,
      );
    }
    out.push('');
  }
  if (c.drafts.some((d) => Object.values(d.bands).includes(TOO_FEW_ANSWERS))) out.push(chalk.dim(tooFewNote(c.bands.minCoverage)), '');
  for (const g of c.groups) out.push(...renderGroup(g, c, chalk, width), '');
  out.push(
    chalk.dim(
      wrap(`Rulebook ${c.rulebook.id} ${c.rulebook.version} · ${c.date}. Scores support a conversation; they are not targets.`, width, 0),
    ),
  );
  return `${out.join('\n')}\n`;
}

/** One change's respondents: a bar each per principle, any perception gap, then every answer that differs. */
function renderGroup(g: ComparisonGroup, c: Comparison, chalk: ChalkInstance, width: number): string[] {
  const out = [
    chalk.bold(
      wrap(`Change "${cleanLine(g.id)}": ${cleanLine(g.title)}  (${g.files.length} respondents: ${rolesCounted(c, g)})`, width, 2),
    ),
  ];
  const titles = differingTitles(c, g);
  if (titles.length)
    out.push(
      chalk.yellow(
        `  ${wrap(`These drafts share the id "${cleanLine(g.id)}" but have different titles (${titles.map((t) => `"${cleanLine(t)}"`).join(', ')}). If they are different changes, give each its own id.`, width, 2)}`,
      ),
    );
  const labels = respondentLabels(c, g).map(cleanLine);
  const labelWidth = Math.max(...labels.map((l) => l.length));
  for (const p of c.principles) {
    const s = g.spread.find((x) => x.principle === p.id)!;
    out.push(`  ${p.number} ${pad(p.shortTitle, 24)}${chalk.dim(s.spread === null ? '' : `spread ${s.spread}`)}`);
    g.files.forEach((file, i) => {
      const d = c.drafts.find((x) => x.file === file)!;
      const score = d.scores[p.id] ?? null;
      out.push(
        `      ${pad(labels[i]!, labelWidth)}  ${bar(score)}  ${score === null ? '--' : String(score).padStart(3)}  ${d.bands[p.id]}`,
      );
    });
  }
  for (const gap of g.gaps) out.push(...renderGap(gap, c, chalk, width));
  if (!g.gaps.length && g.roles.length > 1)
    out.push(chalk.green('  No perception gap: the respondents see the change in much the same way.'));
  if (g.differences.length) {
    out.push('', chalk.bold(`  Answers that differ (${g.differences.length})`));
    if (g.differences.some((d) => d.inGap)) out.push(chalk.dim(`  ${wrap(GAP_MARK_LEGEND, width, 2)}`));
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
  const lines = [
    '',
    `  ${chalk.red.bold(pad(gap.severity.toUpperCase(), 7))} ${chalk.bold(gap.id)}   ${cleanLine(gap.designer)} vs ${cleanLine(gap.frontline)}`,
  ];
  lines.push(`${sp}${chalk.bold(gap.title)}`);
  lines.push(`${sp}${wrap(gap.explanation, width, 10)}`);
  for (const p of gap.principles)
    lines.push(
      `${sp}- ${p.shortTitle}: ${cleanLine(gap.designer.split('/').pop()!)} scores ${p.designer}, ${cleanLine(gap.frontline.split('/').pop()!)} ${p.frontline} (${p.gap} apart)`,
    );
  if (gap.answers.length)
    lines.push(`${sp}- ${gap.answers.length} answer${gap.answers.length === 1 ? '' : 's'} less favourable in the frontline view (▲ below)`);
  lines.push(`${sp}${wrap(`Evidence: ${evidenceLine(gap.evidence)}.`, width, 10)}`);
  for (const [role, advice] of Object.entries(gap.advice))
    lines.push(`${sp}${wrap(`${c.roles.find((r) => r.id === role)?.audience ?? role}: ${advice}`, width, 10)}`);
  return lines;
}
