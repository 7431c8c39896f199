import type { ChalkInstance } from 'chalk';
import type { Assessment, Location } from '../engine/assessment.js';
import type { Severity } from '../rulebook/types.js';
import { findOutQuestions, firstActions, guideBullets, placeWords, riskGroups, whereShort, type RiskGroup } from './summary.js';
import { clean, cleanLine } from './sanitize.js';
import { bar, wrap } from './wrap.js';
import { rulebookLabel } from '../engine/citations.js';
import { SHORT_CAVEAT, severityChange, tooFewNote } from './phrases.js';
import { planLines, whatIfSection } from './whatif-text.js';
import { TOO_FEW_ANSWERS } from '../engine/assessment.js';
import { evidenceLine } from './evidence-line.js';

export interface TextOptions {
  chalk: ChalkInstance;
  width: number;
  /** Each risk in full, its evidence, the guide's bullets and the references (`--detail`). */
  detail?: boolean;
}

export function where(l: Location): string {
  return `${cleanLine(l.file)}:${l.line}:${l.col}`;
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function severityLabel(severity: Severity, accepted: boolean, c: ChalkInstance): string {
  const label = pad(severity.toUpperCase(), 7);
  if (accepted) return c.dim(label);
  return severity === 'high' ? c.red.bold(label) : severity === 'medium' ? c.yellow.bold(label) : c.cyan(label);
}

function verdictLabel(level: string, c: ChalkInstance): string {
  const word = level.toUpperCase();
  return level === 'ready' ? c.green.bold(word) : level === 'revise' ? c.yellow.bold(word) : c.red.bold(word);
}

function bandColour(band: string, c: ChalkInstance): (s: string) => string {
  return band === 'strong' ? c.green : band === 'developing' ? c.yellow : band === 'weak' ? c.red : c.dim;
}

/** The terminal report for one assessment (PRODUCT section 8): the decision first, details with `detail`. */
export function renderText(a: Assessment, { chalk: c, width, detail = false }: TextOptions): string {
  const out: string[] = [];
  const title = cleanLine(a.title);
  const who = `${a.role.label}${a.assessor ? ` · assessed by ${cleanLine(a.assessor)}` : ''}`;
  if (title.length + who.length + 2 <= width) out.push(`${c.bold(title)}${' '.repeat(width - title.length - who.length)}${c.dim(who)}`);
  else out.push(c.bold(wrap(title, width, 0)), c.dim(wrap(who, width, 0)));
  out.push(c.dim(wrap(`${cleanLine(a.file)} · rulebook ${a.rulebook.id} ${a.rulebook.version} · ${a.date}`, width, 0)));
  if (detail && a.summary) out.push(c.dim(wrap(cleanLine(a.summary), width, 0)));
  out.push('');
  // The reason runs on under the verdict with a small indent, so a long cause takes fewer lines.
  const verdictHead = `Verdict: ${a.verdict.level.toUpperCase()}`;
  out.push(wrap(`${verdictHead} · ${a.verdict.reason}`, width, 2).replace(verdictHead, `Verdict: ${verdictLabel(a.verdict.level, c)}`));

  const groups = riskGroups(a);
  const first = firstActions(groups);
  if (first.length) {
    out.push('', c.bold('Do these first'));
    first.forEach((f, i) => out.push(`  ${i + 1}. ${wrap(f.advice, width, 5)}`));
  }
  out.push('');
  const moves = a.whatif ? whatIfSection(a.whatif, a.file, { chalk: c, width }) : [];
  if (moves.length) out.push(...moves, '');
  if (a.plan) out.push(...planLines(a.plan, c, width), '');

  const active = groups.filter((g) => !g.acknowledged);
  const accepted = groups.filter((g) => g.acknowledged);
  if (!groups.length) out.push(c.green('No risks found.'));
  else {
    const count = `Risks (${active.length}${accepted.length ? `, plus ${accepted.length} accepted` : ''})`;
    out.push(
      `${c.bold(count)}${detail ? '' : c.dim(`${' '.repeat(Math.max(2, width - count.length - DETAIL_HINT.length))}${DETAIL_HINT}`)}`,
    );
    const titleWidth = Math.min(Math.max(...groups.map((g) => cleanLine(g.title).length + (g.acknowledged ? 11 : 0))), width - 30);
    for (const g of groups) out.push(riskLine(g, c, width, titleWidth));
  }
  if (a.staleAcknowledgements.length) {
    out.push('', c.bold('Stale acknowledgements'));
    for (const s of a.staleAcknowledgements) out.push(`  ${wrap(`line ${s.location.line}: ${cleanLine(s.message)}`, width, 4)}`);
  }
  const questions = findOutQuestions(a);
  if (questions.length) {
    out.push('', c.bold('To find out'));
    const shown = detail ? questions : questions.slice(0, FIND_OUT_SHOWN);
    for (const q of shown) out.push(`  - ${wrap(cleanLine(q), width, 4)}`);
    if (shown.length < questions.length) out.push(c.dim(`  and ${questions.length - shown.length} more (--detail lists them)`));
  }
  out.push('');
  out.push(...principleRows(a, c, width, detail));
  // Under the scores, as a note on them: the short form in the summary, the rulebook's full words in detail.
  if (!detail) return `${out.join('\n')}\n${c.dim(wrap(SHORT_CAVEAT, width, 0))}\n`;
  out.push(c.dim(wrap(a.caveat, width, 0)));
  if (groups.length) {
    out.push('', c.bold('Details'));
    for (const g of groups) out.push(...groupDetail(g, a, c, width));
  }
  const bullets = guideBullets(groups);
  if (bullets.length) {
    out.push('', c.bold(`From the guide (${a.role.audience.replace(/^For /, 'for ')})`));
    for (const b of bullets) out.push(`  - ${wrap(b.text, width, 4)}`);
  }
  out.push('');
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

const DETAIL_HINT = '--detail: each in full, with its evidence';

/** Without --detail, this many "to find out" questions are listed: the report stays one screen. */
const FIND_OUT_SHOWN = 3;

/** A row per principle; the lists' counts only in detail, and a shorter bar below 100 columns, so a row fits 80. */
function principleRows(a: Assessment, c: ChalkInstance, width: number, detail: boolean): string[] {
  const cells = width < 100 ? 10 : 16;
  const out: string[] = [];
  const nameWidth = Math.max(...a.principles.map((p) => p.shortTitle.length)) + 2;
  const bandWidth = a.principles.some((p) => p.provisional) ? TOO_FEW_ANSWERS.length : 11;
  for (const p of a.principles) {
    const colour = bandColour(p.band, c);
    const score = p.score === null ? ' --' : String(p.score).padStart(3);
    const extras = !p.applicable
      ? ['does not apply to this draft']
      : [
          `${p.coverage.answered} of ${p.coverage.asked} answered`,
          ...(detail ? p.lists.filter((l) => l.count).map((l) => `${l.count} ${l.item}${l.count === 1 ? '' : 's'}`) : []),
          ...(detail && p.skills ? [`skills ${p.skills.known} of ${p.skills.total} known`] : []),
        ];
    const band = !p.applicable ? 'n/a' : p.provisional ? TOO_FEW_ANSWERS : p.band;
    const row = `  ${p.number} ${pad(p.shortTitle, nameWidth)} ${colour(p.applicable ? bar(p.score, cells) : '-'.repeat(cells))} ${score}  `;
    // The row without its extras is 3 + name + bar + 5 + band + 2 wide; the extras move under it when they do not fit.
    const used = 3 + nameWidth + 1 + cells + 1 + 3 + 2 + bandWidth + 1;
    const more = extras.join(', ');
    if (used + more.length <= width) out.push(`${row}${colour(pad(band, bandWidth))} ${c.dim(more)}`);
    else out.push(`${row}${colour(band)}`, `${' '.repeat(5 + nameWidth)}${c.dim(wrap(more, width, 5 + nameWidth))}`);
  }
  if (a.principles.some((p) => p.provisional)) out.push(c.dim(`  ${wrap(tooFewNote(a.rulebook.minCoverage), width, 2)}`));
  return out;
}

/** `  MEDIUM  Title of the risk            3 targets (lines 31, 40, 52)`, cut to the width. */
function riskLine(g: RiskGroup, c: ChalkInstance, width: number, titleWidth: number): string {
  const name = `${cleanLine(g.title)}${g.acknowledged ? ' (accepted)' : ''}`;
  const shownName = name.length > titleWidth ? `${name.slice(0, titleWidth - 1)}…` : pad(name, titleWidth);
  const room = width - 2 - 8 - titleWidth - 2;
  const where = cleanLine(whereShort(g));
  const shownWhere = where.length > room ? `${where.slice(0, Math.max(0, room - 1))}…` : where;
  return `  ${severityLabel(g.severity, !!g.acknowledged, c)} ${g.acknowledged ? c.dim(shownName) : shownName}  ${c.dim(shownWhere)}`;
}

function groupDetail(g: RiskGroup, a: Assessment, c: ChalkInstance, width: number): string[] {
  const lines: string[] = [];
  const indent = 10;
  const sp = ' '.repeat(indent);
  const lead = g.findings[0]!;
  lines.push(
    `  ${severityLabel(g.severity, !!g.acknowledged, c)} ${c.bold(wrap(g.title, width, indent))}${g.acknowledged ? c.dim(' (accepted)') : ''}`,
  );
  for (const f of g.findings) {
    const place = placeWords(f);
    const sev = g.findings.length > 1 && f.severity !== g.severity ? ` (${f.severity})` : '';
    lines.push(`${sp}${c.dim(wrap(`${where(f.location)}${place ? `  ${cleanLine(place)}` : ''}${sev}`, width, indent + 2))}`);
  }
  lines.push(`${sp}${wrap(lead.explanation, width, indent)}`);
  for (const change of new Set(g.findings.map((f) => severityChange(f)).filter(Boolean)))
    lines.push(`${sp}${c.dim(wrap(change!, width, indent))}`);
  lines.push(`${sp}${wrap(`Evidence: ${evidenceLine(lead.evidence)}.`, width, indent)}`);
  if (lead.advice) lines.push(`${sp}${wrap(`${a.role.audience}: ${lead.advice}`, width, indent)}`);
  if (g.acknowledged) {
    const ack = g.acknowledged;
    const who = [ack.by, ack.until ? `until ${ack.until}` : ''].filter(Boolean).join(', ');
    lines.push(`${sp}${c.dim(wrap(`Accepted${who ? ` (${cleanLine(who)})` : ''}: ${clean(ack.reason)}`, width, indent))}`);
  }
  return lines;
}
