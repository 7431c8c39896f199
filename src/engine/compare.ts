import type { Rulebook, Severity } from '../rulebook/types.js';
import type { LoadedDraft } from '../draft/types.js';
import { draftView } from '../draft/view.js';
import { UNKNOWN } from '../draft/schema.js';
import type { Assessment, Citation, VerdictLevel } from './assessment.js';
import { shortCitation } from './citations.js';

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

export interface ComparisonGroup {
  id: string;
  title: string;
  files: string[];
  roles: string[];
  /** Per principle, the lowest and highest score among the group's respondents (null when unscored). */
  spread: { principle: string; min: number | null; max: number | null; spread: number | null }[];
  gaps: PerceptionGap[];
}

export interface Comparison {
  format: 1;
  date: string;
  rulebook: { id: string; version: string };
  principles: { id: string; number: number; shortTitle: string }[];
  roles: { id: string; label: string; audience: string }[];
  drafts: ComparedDraft[];
  groups: ComparisonGroup[];
}

function optionScore(rb: Rulebook, question: string, value: string): number | null {
  const q = rb.principles.flatMap((p) => p.questions).find((x) => x.id === question);
  return q?.options.find((o) => o.id === value)?.score ?? null;
}

/** The perception gaps between each designer and frontline respondent of one change. Pure. */
function perceptionGaps(rb: Rulebook, members: { a: Assessment; d: LoadedDraft }[]): PerceptionGap[] {
  const rule = rb.perceptionGap;
  if (!rule) return [];
  const gaps: PerceptionGap[] = [];
  const designers = members.filter((m) => m.a.role.id === rule.designer);
  const frontline = members.filter((m) => m.a.role.id === rule.frontline);
  const questions = rb.principles.flatMap((p) => p.questions);
  for (const d of designers) {
    for (const f of frontline) {
      const principles = d.a.principles
        .map((p) => {
          const q = f.a.principles.find((x) => x.id === p.id)!;
          return { id: p.id, shortTitle: p.shortTitle, designer: p.score, frontline: q.score };
        })
        .filter((p): p is { id: string; shortTitle: string; designer: number; frontline: number } => p.designer !== null && p.frontline !== null)
        .map((p) => ({ ...p, gap: p.designer - p.frontline }))
        .filter((p) => p.gap >= rule.minScoreGap);
      const [dView, fView] = [draftView(rb, d.d.draft, d.a.role.id), draftView(rb, f.d.draft, f.a.role.id)];
      const dv = dView.answers as Record<string, string>;
      const fv = fView.answers as Record<string, string>;
      const answers = questions
        .filter((q) => dv[q.id] !== UNKNOWN && fv[q.id] !== UNKNOWN && dv[q.id] !== fv[q.id])
        .map((q) => {
          const ds = optionScore(rb, q.id, dv[q.id]!);
          const fs = optionScore(rb, q.id, fv[q.id]!);
          return { question: q.id, prompt: q.prompt, designer: dv[q.id]!, frontline: fv[q.id]!, gap: ds !== null && fs !== null ? ds - fs : 0 };
        })
        .filter((x) => x.gap >= rule.minAnswerGap);
      // Skills too: the ICS counting on a skill the practice says nobody has is the same kind of gap.
      const ds = dView.skills as Record<string, string>;
      const fs = fView.skills as Record<string, string>;
      const levelScore = (v: string) => rb.skills.levels.find((l) => l.id === v)?.score ?? null;
      for (const area of rb.skills.areas) {
        const [a, b] = [levelScore(ds[area.id]!), levelScore(fs[area.id]!)];
        if (a !== null && b !== null && a - b >= rule.minAnswerGap) {
          answers.push({ question: `skills.${area.id}`, prompt: `${rb.skills.prompt} (${area.label})`, designer: ds[area.id]!, frontline: fs[area.id]!, gap: a - b });
        }
      }
      if (!principles.length && !answers.length) continue;
      const actions = rb.principles.flatMap((p) => Object.values(p.actions).flat()).filter((a) => rule.actions?.includes(a.id));
      gaps.push({
        id: rule.id,
        title: rule.title,
        severity: rule.severity,
        explanation: rule.explanation,
        evidence: rule.evidence.map((id) => {
          const ref = rb.references.find((r) => r.id === id)!;
          return { id, short: shortCitation(ref), ...(ref['container-title'] ? { container: ref['container-title'] } : {}) };
        }),
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
    bands: Object.fromEntries(a.principles.map((p) => [p.id, !p.applicable ? 'n/a' : p.provisional ? `${p.band}?` : p.band])),
    risks: a.findings.map((f) => ({ id: f.id, severity: f.severity, acknowledged: !!f.acknowledged })),
  }));
  const byId = new Map<string, { a: Assessment; d: LoadedDraft }[]>();
  for (const { assessment, draft } of items) {
    const list = byId.get(assessment.id) ?? [];
    list.push({ a: assessment, d: draft });
    byId.set(assessment.id, list);
  }
  const groups: ComparisonGroup[] = [...byId.entries()]
    .filter(([, members]) => members.length > 1)
    .map(([id, members]) => ({
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
      gaps: perceptionGaps(rb, members),
    }));
  return {
    format: 1,
    date,
    rulebook: { id: rb.id, version: rb.version },
    principles: rb.principles.map((p) => ({ id: p.id, number: p.number, shortTitle: p.shortTitle })),
    roles: rb.roles.map((r) => ({ id: r.id, label: r.label, audience: r.audience })),
    drafts,
    groups,
  };
}
