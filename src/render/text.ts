import type { ChalkInstance } from 'chalk';
import type { Assessment, Finding, Location } from '../engine/assessment.js';
import { clean, cleanLine } from './sanitize.js';
import { bar, wrap } from './wrap.js';
import { rulebookLabel } from '../engine/citations.js';
import { severityChange, tooFewNote } from './phrases.js';
import { evidenceLine } from './evidence-line.js';
import type { UnknownItem } from '../engine/assessment.js';
import { planLines, whatIfSection } from './whatif-text.js';
import { TOO_FEW_ANSWERS } from '../engine/assessment.js';

export interface TextOptions {
  chalk: ChalkInstance;
  width: number;
}

export function where(l: Location): string {
  return `${cleanLine(l.file)}:${l.line}:${l.col}`;
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function severityLabel(f: Finding, c: ChalkInstance): string {
  const label = pad(f.severity.toUpperCase(), 7);
  if (f.acknowledged) return c.dim(label);
  return f.severity === 'high' ? c.red.bold(label) : f.severity === 'medium' ? c.yellow.bold(label) : c.cyan(label);
}

function verdictLabel(level: string, c: ChalkInstance): string {
  const word = level.toUpperCase();
  return level === 'ready' ? c.green.bold(word) : level === 'revise' ? c.yellow.bold(word) : c.red.bold(word);
}

function bandColour(band: string, c: ChalkInstance): (s: string) => string {
  return band === 'strong' ? c.green : band === 'developing' ? c.yellow : band === 'weak' ? c.red : c.dim;
}

/** The terminal report for one assessment (PRODUCT section 8). */
export function renderText(a: Assessment, { chalk: c, width }: TextOptions): string {
  const out: string[] = [];
  const title = cleanLine(a.title);
  const meta = `${a.role.label} · rulebook ${a.rulebook.id} ${a.rulebook.version} · ${a.date}`;
  if (title.length + meta.length + 2 <= width) out.push(`${c.bold(title)}${' '.repeat(width - title.length - meta.length)}${c.dim(meta)}`);
  else out.push(c.bold(wrap(title, width, 0)), c.dim(meta));
  out.push(c.dim(cleanLine(a.file)));
  if (a.summary) out.push(c.dim(wrap(cleanLine(a.summary), width, 0)));
  out.push('');
  const verdictHead = `Verdict: ${a.verdict.level.toUpperCase()}   `;
  out.push(`Verdict: ${verdictLabel(a.verdict.level, c)}   ${wrap(a.verdict.reason, width, verdictHead.length)}`);
  out.push('');

  const nameWidth = Math.max(...a.principles.map((p) => p.shortTitle.length)) + 2;
  const bandWidth = a.principles.some((p) => p.provisional) ? TOO_FEW_ANSWERS.length : 11;
  for (const p of a.principles) {
    const colour = bandColour(p.band, c);
    const score = p.score === null ? ' --' : String(p.score).padStart(3);
    const extras = !p.applicable
      ? ['does not apply to this draft']
      : [
          `${p.coverage.answered} of ${p.coverage.asked} answered`,
          ...p.lists.filter((l) => l.count).map((l) => `${l.count} ${l.item}${l.count === 1 ? '' : 's'}`),
          ...(p.skills ? [`skills ${p.skills.known} of ${p.skills.total} known`] : []),
        ];
    const band = !p.applicable ? 'n/a' : p.provisional ? TOO_FEW_ANSWERS : p.band;
    const row = `  ${p.number} ${pad(p.shortTitle, nameWidth)} ${colour(p.applicable ? bar(p.score) : '-'.repeat(16))} ${score}  `;
    // The row without its extras is 3 + name + 16 + 5 + band + 2 wide; the extras move under it when they do not fit.
    const used = 3 + nameWidth + 1 + 16 + 1 + 3 + 2 + bandWidth + 1;
    const more = extras.join(', ');
    if (used + more.length <= width) out.push(`${row}${colour(pad(band, bandWidth))} ${c.dim(more)}`);
    else out.push(`${row}${colour(band)}`, `${' '.repeat(5 + nameWidth)}${c.dim(wrap(more, width, 5 + nameWidth))}`);
  }
  if (a.principles.some((p) => p.provisional)) out.push(c.dim(`  ${tooFewNote(a.rulebook.minCoverage)}`));
  out.push('');
  const moves = a.whatif ? whatIfSection(a.whatif, a.file, { chalk: c, width }) : [];
  if (moves.length) out.push(...moves, '');
  if (a.plan) out.push(...planLines(a.plan, c, width), '');

  const active = a.findings.filter((f) => !f.acknowledged);
  const accepted = a.findings.filter((f) => f.acknowledged);
  if (a.findings.length === 0) {
    out.push(c.green('No risks found.'));
  } else {
    out.push(c.bold(`Risks (${active.length}${accepted.length ? `, plus ${accepted.length} accepted` : ''})`));
    for (const f of [...active, ...accepted]) out.push(...renderFinding(f, a, c, width));
  }
  if (a.staleAcknowledgements.length) {
    out.push('');
    out.push(c.bold('Stale acknowledgements'));
    for (const s of a.staleAcknowledgements) out.push(`  ${where(s.location)}  ${cleanLine(s.message)}`);
  }
  if (a.toFindOut.length) {
    out.push('');
    out.push(`${c.bold('To find out:')} ${wrap(a.toFindOut.map(unknownLabel).join(', '), width, 13)}`);
  }
  out.push('');
  out.push(c.dim(wrap(a.caveat, width, 0)));
  out.push(
    c.dim(
      wrap(
        `Rulebook: ${a.rulebook.title} (${rulebookLabel(a.rulebook)}).${a.rulebook.disabledRisks?.length ? ` Risks it switches off: ${a.rulebook.disabledRisks.map((d) => d.id).join(', ')}.` : ''}`,
        width,
        0,
      ),
    ),
  );
  if (a.references.length) {
    out.push(c.bold('References'));
    for (const r of a.references) out.push(`  ${wrap(r.full, width, 4)}`);
  }
  return out.join('\n') + '\n';
}

function renderFinding(f: Finding, a: Assessment, c: ChalkInstance, width: number): string[] {
  const lines: string[] = [];
  const indent = 10;
  const sp = ' '.repeat(indent);
  const name = f.entry ? `  "${cleanLine(f.entry.name)}"` : '';
  const status = f.acknowledged ? c.dim(' (accepted)') : '';
  const head = `  ${pad(f.severity.toUpperCase(), 7)} ${f.id}${f.acknowledged ? ' (accepted)' : ''}   ${where(f.location)}`;
  if (head.length + name.length <= width)
    lines.push(`  ${severityLabel(f, c)} ${c.bold(f.id)}${status}   ${c.dim(where(f.location))}${name}`);
  else {
    lines.push(`  ${severityLabel(f, c)} ${c.bold(f.id)}${status}`, `${sp}${c.dim(where(f.location))}`);
    if (name) lines.push(`${sp}${wrap(name.trim(), width, indent)}`);
  }
  lines.push(`${sp}${c.bold(wrap(f.title, width, indent))}`);
  lines.push(`${sp}${wrap(f.explanation, width, indent)}`);
  const change = severityChange(f, '->');
  if (change) lines.push(`${sp}${c.dim(wrap(change, width, indent))}`);
  lines.push(`${sp}${wrap(`Evidence: ${evidenceLine(f.evidence)}.`, width, indent)}`);
  if (f.advice) lines.push(`${sp}${wrap(`${a.role.audience}: ${f.advice}`, width, indent)}`);
  if (f.actions.length) lines.push(`${sp}${c.dim('From the guide:')}`);
  for (const act of f.actions) lines.push(`${sp}${c.dim(`- ${wrap(act.text, width, indent + 2)}`)}`);
  if (f.acknowledged) {
    const who = [f.acknowledged.by, f.acknowledged.until ? `until ${f.acknowledged.until}` : ''].filter(Boolean).join(', ');
    lines.push(`${sp}${c.dim(wrap(`Accepted${who ? ` (${cleanLine(who)})` : ''}: ${clean(f.acknowledged.reason)}`, width, indent))}`);
  }
  return lines;
}

/** A "to find out" item in a few words: the question id, or the entry and field for a list entry. */
function unknownLabel(u: UnknownItem): string {
  const m = /^(\w+)\[(\d+)\]\.(\w+)$/.exec(u.path);
  if (m && u.entry) return `${u.entry} "${cleanLine(u.entryName ?? '')}": ${m[3]}`;
  return u.path.replace(/^answers\./, '');
}
