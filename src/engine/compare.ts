import type { Rulebook, Severity } from '../rulebook/types.js';
import type { LoadedDraft } from '../draft/types.js';
import { draftView } from '../draft/view.js';
import { UNKNOWN } from '../draft/schema.js';
import { TOO_FEW_ANSWERS, type Assessment, type Citation, type VerdictLevel } from './assessment.js';
import { citedAs } from './citations.js';
import { graver, severityRank } from '../rulebook/severity.js';

/** One draft in a comparison: enough to set it beside the others. */
export interface ComparedDraft {
  file: string;
  id: string;
  title: string;
  role: string;
  verdict: VerdictLevel;
  scores: Record<string, number | null>;
  bands: Record<string, string>;
  risks: { id: string; severity: Severity; acknowledged: boolean }[];
}

export interface PerceptionGap {
  id: string;
  title: string;
  severity: Severity;
  explanation: string;
  evidence: Citation[];
  advice: Record<string, string>;
  actions: { id: string; audience: string; text: string }[];
  designer: string;
  frontline: string;
  /** Principles the designer's view scores well above the frontline view. */
  principles: { id: string; shortTitle: string; designer: number; frontline: number; gap: number }[];
  /** Questions both answered, where the designer's answer scores well above the frontline's. */
  answers: { question: string; prompt: string; designer: string; frontline: string; gap: number }[];
}

/** One question the respondents of a change answered differently, with every respondent's answer. */
export interface AnswerDifference {
  /** Question id, or `skills.<area>` for a skill. */
  question: string;
  principle: string;
  prompt: string;
  answers: { file: string; role: string; value: string; label: string }[];
  /** True when a perception gap lists this question: the frontline answer is the less favourable one. */
  inGap: boolean;
}

export interface ComparisonGroup {
  id: string;
  title: string;
  files: string[];
  roles: string[];
  /** Per principle, the lowest and highest score among the group's respondents (null when unscored). */
  spread: { principle: string; min: number | null; max: number | null; spread: number | null }[];
  gaps: PerceptionGap[];
  /** Every question answered differently, in rulebook order, so a team can talk them through. */
  differences: AnswerDifference[];
}

/** A risk that fired in at least one draft, with what it rests on, so a comparison can cite it. */
export interface ComparedRisk {
  id: string;
  title: string;
  principle: string;
  evidence: Citation[];
  /** Files in which it fired, with the severity it had there. */
  drafts: { file: string; severity: Severity; acknowledged: boolean }[];
}

export interface Comparison {
  format: 1;
  /** A heading for the comparison, given by whoever runs it (`--title`), e.g. the board paper's subject. */
  title?: string;
  date: string;
  rulebook: { id: string; version: string };
  bands: { strong: number; developing: number; minCoverage?: number };
  principles: { id: string; number: number; shortTitle: string }[];
  roles: { id: string; label: string; audience: string }[];
  drafts: ComparedDraft[];
  groups: ComparisonGroup[];
  risks: ComparedRisk[];
  /** Every reference the risks and perception gaps cite, formatted as the reports format them. */
  references: { id: string; short: string; full: string }[];
}

function optionScore(rb: Rulebook, question: string, value: string): number | null {
  const q = rb.principles.flatMap((p) => p.questions).find((x) => x.id === question);
  return q?.options.find((o) => o.id === value)?.score ?? null;
}

/** The perception gaps between each designer and frontline respondent of one change. Pure. */
type Member = { a: Assessment; d: LoadedDraft; view: ReturnType<typeof draftView> };

function perceptionGaps(rb: Rulebook, members: Member[]): PerceptionGap[] {
  const rule = rb.perceptionGap;
  if (!rule) return [];
  const gaps: PerceptionGap[] = [];
  const designers = members.filter((m) => m.a.role.id === rule.designer);
  const frontline = members.filter((m) => m.a.role.id === rule.frontline);
  // Only the questions bearing on imposition and understanding make an answer gap (docs/method.md).
  const questions = rb.principles.flatMap((p) => p.questions).filter((q) => rule.questions.includes(q.id));
  // The mildest level is the threshold for being listed at all; the gravest level reached sets the severity.
  const floor = rule.levels.at(-1)!;
  for (const d of designers) {
    for (const f of frontline) {
      const principles = d.a.principles
        .map((p) => {
          const q = f.a.principles.find((x) => x.id === p.id)!;
          return { id: p.id, shortTitle: p.shortTitle, designer: p.score, frontline: q.score };
        })
        .filter(
          (p): p is { id: string; shortTitle: string; designer: number; frontline: number } => p.designer !== null && p.frontline !== null,
        )
        .map((p) => ({ ...p, gap: p.designer - p.frontline }))
        .filter((p) => p.gap >= floor.minScoreGap);
      const dv = d.view.answers as Record<string, string>;
      const fv = f.view.answers as Record<string, string>;
      const answers = questions
        .filter((q) => dv[q.id] !== UNKNOWN && fv[q.id] !== UNKNOWN && dv[q.id] !== fv[q.id])
        .map((q) => {
          const ds = optionScore(rb, q.id, dv[q.id]!);
          const fs = optionScore(rb, q.id, fv[q.id]!);
          return {
            question: q.id,
            prompt: q.prompt,
            designer: dv[q.id]!,
            frontline: fv[q.id]!,
            gap: ds !== null && fs !== null ? ds - fs : 0,
          };
        })
        .filter((x) => x.gap >= floor.minAnswerGap);
      if (!principles.length && !answers.length) continue;
      const level = rule.levels.find(
        (l) => principles.some((p) => p.gap >= l.minScoreGap) || answers.some((a) => a.gap >= l.minAnswerGap),
      )!;
      const actions = rb.principles.flatMap((p) => Object.values(p.actions).flat()).filter((a) => rule.actions?.includes(a.id));
      gaps.push({
        id: rule.id,
        title: rule.title,
        severity: level.severity,
        explanation: rule.explanation,
        evidence: rule.evidence.map((id) => citedAs(rb.references.find((r) => r.id === id)!)),
        advice: rule.advice,
        actions: actions.map((a) => ({ id: a.id, audience: a.audience, text: a.text })),
        designer: d.a.file,
        frontline: f.a.file,
        principles,
        answers,
      });
    }
  }
  return gaps;
}

/**
 * Sets assessments side by side and groups respondents of the same change (same draft `id`), with the
 * spread of their scores and any perception gap between a designer and a frontline respondent. Pure.
 */
export function compare(rb: Rulebook, items: { assessment: Assessment; draft: LoadedDraft }[], date: string): Comparison {
  const drafts: ComparedDraft[] = items.map(({ assessment: a }) => ({
    file: a.file,
    id: a.id,
    title: a.title,
    role: a.role.id,
    verdict: a.verdict.level,
    scores: Object.fromEntries(a.principles.map((p) => [p.id, p.score])),
    bands: Object.fromEntries(a.principles.map((p) => [p.id, !p.applicable ? 'n/a' : p.provisional ? TOO_FEW_ANSWERS : p.band])),
    risks: a.findings.map((f) => ({ id: f.id, severity: f.severity, acknowledged: !!f.acknowledged })),
  }));
  const byId = new Map<string, { a: Assessment; d: LoadedDraft }[]>();
  for (const { assessment, draft } of items) {
    const list = byId.get(assessment.id) ?? [];
    list.push({ a: assessment, d: draft });
    byId.set(assessment.id, list);
  }
  const withViews = (members: { a: Assessment; d: LoadedDraft }[]): Member[] =>
    members.map((m) => ({ ...m, view: draftView(rb, m.d.draft, m.a.role.id) }));
  const groups: ComparisonGroup[] = [...byId.entries()]
    .filter(([, members]) => members.length > 1)
    .map(([id, plain]) => [id, withViews(plain)] as const)
    .map(([id, members]) => {
      const gaps = perceptionGaps(rb, members);
      return {
        id,
        title: members[0]!.a.title,
        files: members.map((m) => m.a.file),
        roles: [...new Set(members.map((m) => m.a.role.id))],
        spread: rb.principles.map((p) => {
          const scores = members.map((m) => m.a.principles.find((x) => x.id === p.id)!.score).filter((s): s is number => s !== null);
          const min = scores.length ? Math.min(...scores) : null;
          const max = scores.length ? Math.max(...scores) : null;
          return { principle: p.id, min, max, spread: min !== null && max !== null ? max - min : null };
        }),
        gaps,
        differences: answerDifferences(rb, members, gaps),
      };
    });
  const risks = comparedRisks(items.map((i) => i.assessment));
  const refs = new Map<string, { id: string; short: string; full: string }>();
  for (const { assessment } of items)
    for (const r of assessment.references) if (risks.some((x) => x.evidence.some((e) => e.id === r.id))) refs.set(r.id, r);
  for (const g of groups)
    for (const gap of g.gaps)
      for (const e of gap.evidence)
        if (!refs.has(e.id)) refs.set(e.id, { id: e.id, short: e.short, full: rb.citations?.[e.id] ?? e.short });
  return {
    format: 1,
    date,
    rulebook: { id: rb.id, version: rb.version },
    bands: {
      strong: rb.bands.strong,
      developing: rb.bands.developing,
      ...(rb.bands.minCoverage ? { minCoverage: rb.bands.minCoverage } : {}),
    },
    principles: rb.principles.map((p) => ({ id: p.id, number: p.number, shortTitle: p.shortTitle })),
    roles: rb.roles.map((r) => ({ id: r.id, label: r.label, audience: r.audience })),
    drafts,
    groups,
    risks,
    references: [...refs.values()].sort((x, y) => (x.full < y.full ? -1 : x.full > y.full ? 1 : 0)),
  };
}

/** Questions (and skills) the members answered differently, each member's answer with its label. */
function answerDifferences(rb: Rulebook, members: Member[], gaps: PerceptionGap[]): AnswerDifference[] {
  const inGap = new Set(gaps.flatMap((g) => g.answers.map((a) => a.question)));
  const label = (options: { id: string; label: string }[], value: string) =>
    value === UNKNOWN ? 'Not sure' : (options.find((o) => o.id === value)?.label ?? value);
  const out: AnswerDifference[] = [];
  const consider = (
    question: string,
    principle: string,
    prompt: string,
    options: { id: string; label: string }[],
    read: (m: Member) => string | undefined,
  ) => {
    const values = members.map((m) => read(m) ?? UNKNOWN);
    if (values.every((v) => v === values[0])) return;
    out.push({
      question,
      principle,
      prompt,
      answers: members.map((m, i) => ({ file: m.a.file, role: m.a.role.id, value: values[i]!, label: label(options, values[i]!) })),
      inGap: inGap.has(question),
    });
  };
  for (const p of rb.principles) {
    for (const q of p.questions) consider(q.id, p.id, q.prompt, q.options, (m) => (m.view.answers as Record<string, string>)[q.id]);
    if (rb.skills.principle === p.id) {
      for (const area of rb.skills.areas)
        consider(
          `skills.${area.id}`,
          p.id,
          `${rb.skills.prompt} (${area.label})`,
          rb.skills.levels,
          (m) => (m.view.skills as Record<string, string>)[area.id],
        );
    }
  }
  return out;
}

/** Each risk that fired anywhere, once, with the drafts it fired in: the commissioner's "what recurs". */
function comparedRisks(assessments: Assessment[]): ComparedRisk[] {
  const byId = new Map<string, ComparedRisk>();
  for (const a of assessments) {
    for (const f of a.findings) {
      const r = byId.get(f.id) ?? { id: f.id, title: f.title, principle: f.principle, evidence: f.evidence, drafts: [] };
      const seen = r.drafts.find((d) => d.file === a.file);
      if (!seen) r.drafts.push({ file: a.file, severity: f.severity, acknowledged: !!f.acknowledged });
      else if (graver(f.severity, seen.severity)) Object.assign(seen, { severity: f.severity, acknowledged: !!f.acknowledged });
      byId.set(f.id, r);
    }
  }
  const rank = (r: ComparedRisk) => Math.min(...r.drafts.map((d) => severityRank(d.severity)));
  return [...byId.values()].sort((x, y) => rank(x) - rank(y) || y.drafts.length - x.drafts.length || (x.id < y.id ? -1 : 1));
}
