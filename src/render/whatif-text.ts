import type { ChalkInstance } from 'chalk';
import type { Assessment } from '../engine/assessment.js';
import type { DraftDiff } from '../engine/diff.js';
import { LEVELS } from '../engine/whatif-state.js';
import type { PlanProgress } from '../engine/assessment.js';
import type { FindOut, WhatIf, WhatIfGoal, WhatIfPath, WhatIfStep } from '../engine/assessment.js';
import { cleanLine } from './sanitize.js';
import { wrap } from './wrap.js';

export interface WhatIfTextOptions {
  chalk: ChalkInstance;
  width: number;
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** One step in words: "Fund protected time (backfill) for the work (now: None -> Partial)". */
export function stepWords(s: WhatIfStep): string {
  const which = s.entries
    ? `, for ${s.entries.names.length === 1 ? `${s.entries.item} "${cleanLine(s.entries.names[0]!)}"` : plural(s.entries.names.length, s.entries.item)}`
    : '';
  const change = s.from.length ? ` (now: ${s.fromLabels.map(cleanLine).join(' or ')} -> ${cleanLine(s.toLabel)})` : '';
  return `${cleanLine(s.action)}${which}${change}`;
}

/** What a path clears, in words: "clears Change imposed on staff (high); lowers ...". */
export function clearsWords(p: WhatIfPath): string {
  const seen = new Map<string, { title: string; from: string; to: string | null; n: number }>();
  for (const c of p.clears) {
    const k = `${c.risk}:${c.to}`;
    const known = seen.get(k);
    if (known) known.n++;
    else seen.set(k, { title: c.title, from: c.from, to: c.to, n: 1 });
  }
  const parts = [...seen.values()].map(
    (c) => `${c.to ? 'lowers' : 'clears'} ${c.title}${c.n > 1 ? ` (x${c.n})` : ''} (${c.from}${c.to ? ` -> ${c.to}` : ''})`,
  );
  return parts.join('; ');
}

function evidenceWords(p: WhatIfPath): string {
  const shorts = [...new Set(p.steps.flatMap((s) => s.evidence.map((e) => e.short)))];
  return shorts.join('; ');
}

/** "if Yes or Partly: READY; if No: REVISE", or null when the answer does not move the verdict. */
export function findOutWords(f: FindOut, now: string): string | null {
  const byVerdict = new Map<string, string[]>();
  for (const o of f.outcomes) byVerdict.set(o.verdict, [...(byVerdict.get(o.verdict) ?? []), cleanLine(o.label)]);
  if (byVerdict.size === 1 && byVerdict.has(now)) return null;
  if (byVerdict.size === 1) return `whatever the answer: ${[...byVerdict.keys()][0]!.toUpperCase()}`;
  return [...byVerdict].map(([v, labels]) => `if ${labels.join(' or ')}: ${v.toUpperCase()}`).join('; ');
}

/** Unknown answers that would move the verdict: those that could raise it first, then those that could lower it. */
export function informative(w: WhatIf): { f: FindOut; words: string }[] {
  const up = (f: FindOut) => f.outcomes.some((o) => LEVELS.indexOf(o.verdict) > LEVELS.indexOf(w.verdict));
  return w.findOut
    .map((f) => ({ f, words: findOutWords(f, w.verdict) }))
    .filter((x): x is { f: FindOut; words: string } => x.words !== null)
    .sort((a, b) => Number(up(b.f)) - Number(up(a.f)));
}

function findOutQuestion(f: FindOut): string {
  const which = f.entries
    ? ` (${f.entries.names.length === 1 ? `${f.entries.item} "${cleanLine(f.entries.names[0]!)}"` : plural(f.entries.names.length, f.entries.item)})`
    : '';
  return `${cleanLine(f.question)}${which}`;
}

function searchWords(g: WhatIfGoal, role: string): string {
  const s = g.search;
  if (s.note && !s.evaluated) return s.note;
  const how = s.exhaustive ? `every combination of up to ${s.maxSize}` : `a bounded search (${s.evaluated} combinations)`;
  const which = g.kind === 'verdict' ? ' that bear on what holds the verdict back' : '';
  return `${plural(s.steps, 'change')} the ${role} can make${which}; ${how} tried`;
}

/** `gp-change whatif` as text: paths to the next verdict, what to find out, each principle up a band. */
export function renderWhatIfText(a: Assessment, w: WhatIf, { chalk: c, width }: WhatIfTextOptions): string {
  const out: string[] = [];
  out.push(c.bold(wrap(cleanLine(a.title), width, 0)), c.dim(`${cleanLine(a.file)} · ${a.role.label}`), '');
  out.push(`Now: ${c.bold(a.verdict.level.toUpperCase())}   ${wrap(a.verdict.reason, width, 8 + a.verdict.level.length)}`, '');
  const verdict = w.goals.find((g) => g.kind === 'verdict');
  if (!verdict) out.push(c.green('READY: nothing to move. The principles below could still go up a band.'));
  else {
    const to = verdict.to.toUpperCase();
    if (verdict.paths.length) {
      out.push(c.bold(`To move the verdict to ${to}, any one of these:`));
      verdict.paths.slice(0, 3).forEach((p, i) => out.push(...pathLines(p, i + 1, c, width)));
    } else {
      out.push(c.bold(wrap(`To move the verdict to ${to}: ${verdict.search.note ?? 'no path found'}.`, width, 2)));
      for (const r of verdict.outOfReach ?? [])
        out.push(
          `  ${wrap(`${r.title} (${r.severity}) is not yours to change${r.by.length ? `: ${r.by.map((x) => x.toUpperCase()).join(' or ')} can` : ''}.`, width, 2)}`,
        );
      if (verdict.longer) {
        out.push(`  A longer route, found step by step (not proven shortest), reaches ${verdict.longer.verdict.toUpperCase()}:`);
        out.push(...pathLines(verdict.longer, 0, c, width));
      }
    }
    if (verdict.search.evaluated || !verdict.search.note)
      out.push(c.dim(`  ${wrap(`Searched: ${searchWords(verdict, a.role.label)}.`, width, 2)}`));
  }
  const unknowns = informative(w);
  if (unknowns.length) {
    out.push('', c.bold('Find out first:'));
    for (const { f, words } of unknowns.slice(0, 5)) out.push(`  ${wrap(findOutQuestion(f), width, 2)}`, `    ${wrap(words, width, 4)}`);
    if (unknowns.length > 5) out.push(c.dim(`  (${unknowns.length - 5} more: gp-change whatif --format json)`));
  }
  const bands = w.goals.filter((g) => g.kind === 'band');
  if (bands.length) {
    out.push('', c.bold('Each principle up a band:'));
    for (const g of bands) {
      const p = a.principles.find((x) => x.id === g.principle)!;
      out.push(`  ${c.bold(p.shortTitle)}, ${g.from} -> ${g.to}:`);
      if (!g.paths.length) out.push(c.dim(`    ${g.search.note ?? `no path of at most ${g.search.maxSize} changes`}`));
      const [first] = g.paths;
      if (first) for (const s of first.steps) out.push(`    - ${wrap(stepWords(s), width, 6)}`);
      if (g.paths.length > 1)
        out.push(c.dim(`    (${plural(g.paths.length - 1, 'other path')} of the same size: gp-change whatif --format json)`));
    }
  }
  out.push('', c.dim(wrap(a.caveat, width, 0)));
  return `${out.join('\n')}\n`;
}

function pathLines(p: WhatIfPath, n: number, c: ChalkInstance, width: number): string[] {
  const lines: string[] = [];
  const lead = n ? `  ${n}. ` : '     ';
  p.steps.forEach((s, i) => lines.push(`${i === 0 ? lead : '     '}${wrap(stepWords(s), width, 5)}`));
  const clears = clearsWords(p);
  if (clears) lines.push(c.dim(`     ${wrap(`This ${clears}.`, width, 5)}`));
  if (p.adds.length)
    lines.push(
      `     ${wrap(`But it brings in: ${[...new Set(p.adds.map((x) => `${x.title} (${x.from ? `${x.from} -> ` : ''}${x.to})`))].join('; ')}.`, width, 5)}`,
    );
  const evidence = evidenceWords(p);
  if (evidence) lines.push(c.dim(`     ${wrap(`Evidence: ${evidence}.`, width, 5)}`));
  return lines;
}

/** The short "What would move this" section of a report: at most five lines. */
export function whatIfSection(w: WhatIf, file: string, { chalk: c, width }: WhatIfTextOptions): string[] {
  const verdict = w.goals.find((g) => g.kind === 'verdict');
  if (!verdict) return [];
  const lines = [c.bold(`What would move this to ${verdict.to.toUpperCase()}`)];
  const sentence = (p: WhatIfPath) => p.steps.map((s, i) => (i ? lowerFirst(stepWords(s)) : stepWords(s))).join('; ');
  verdict.paths.slice(0, 2).forEach((p, i) => lines.push(`  ${i + 1}. ${wrap(sentence(p), width, 5)}`));
  if (!verdict.paths.length) lines.push(`  ${wrap(`${verdict.search.note ?? 'no path found'}.`, width, 2)}`);
  const [unknown] = informative(w);
  if (unknown) lines.push(`  ${wrap(`Find out first: ${findOutQuestion(unknown.f)} ${unknown.words}`, width, 2)}`);
  lines.push(c.dim(`  All paths and bands: gp-change whatif ${cleanLine(file)}`));
  return lines;
}

/** The progress of the plan kept in the draft: one line, two more for what is overdue and next. */
export function planLines(p: PlanProgress, c: ChalkInstance, width: number): string[] {
  const lines = [`${c.bold('Plan:')} ${p.done} of ${p.total} done`];
  if (p.overdue.length)
    lines.push(`  ${wrap(`Overdue: ${p.overdue.map((o) => `${cleanLine(o.item)} (due ${o.due})`).join('; ')}`, width, 2)}`);
  if (p.next.length && p.done < p.total) lines.push(`  ${wrap(`Next: ${p.next.map(cleanLine).join('; ')}`, width, 2)}`);
  return lines;
}

/** For a diff: which proposed path the revision followed ("followed path 1 to READY proposed for the earlier version"). */
export function followedWords(d: DraftDiff): string[] {
  return (d.followed ?? []).map((f) => {
    const goal =
      f.kind === 'verdict'
        ? `the verdict to ${f.to.toUpperCase()}`
        : `${d.scores.find((s) => s.principle === f.principle)?.shortTitle ?? f.principle} to ${f.to}`;
    const how = f.stepsDone === f.steps ? 'all' : `${f.stepsDone} of`;
    return `Followed path ${f.path} for ${goal} proposed for the earlier version: ${how} ${plural(f.steps, 'step')}.`;
  });
}
