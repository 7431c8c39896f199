import { UNKNOWN } from '../draft/schema.js';
import type { Rulebook } from '../rulebook/types.js';
import type { LoadedDraft } from '../draft/types.js';
import { draftView } from '../draft/view.js';
import { TOO_FEW_ANSWERS, type Assessment, type Finding, type VerdictLevel } from './assessment.js';
import type { FollowedPath } from './whatif-followed.js';

export interface DraftDiff {
  format: 1;
  old: { file: string; title: string; verdict: VerdictLevel };
  new: { file: string; title: string; verdict: VerdictLevel };
  /** Every answer, list field or skill whose value changed (unknown counts as a value). */
  answers: { path: string; label: string; old: string; new: string; oldText: string; newText: string }[];
  scores: {
    principle: string;
    shortTitle: string;
    old: number | null;
    new: number | null;
    change: number | null;
    oldBand: string;
    newBand: string;
  }[];
  resolved: { id: string; title: string; severity: string; where: string }[];
  added: { id: string; title: string; severity: string; where: string; line: number }[];
  changedSeverity: { id: string; where: string; old: string; new: string }[];
  /** The paths the earlier version's what-if proposed that this revision followed, in part or whole. */
  followed?: FollowedPath[];
}

/** A finding's identity across versions: the risk, and for a list entry its name (lines move between versions). */
function key(f: Finding): string {
  return f.entry ? `${f.id}|${f.entry.list}|${f.entry.name}` : f.id;
}

function where(f: Finding): string {
  return f.entry ? `${f.entry.list} "${f.entry.name}"` : f.location.path;
}

function flatten(value: unknown, prefix: string, out: Map<string, string>): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => flatten(v, `${prefix}[${i}]`, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else out.set(prefix, String(value));
}

/** What changed between two versions of one draft: answers, scores, risks and verdict. Pure. */
export function diffAssessments(
  rb: Rulebook,
  before: { assessment: Assessment; draft: LoadedDraft },
  after: { assessment: Assessment; draft: LoadedDraft },
): DraftDiff {
  const views = [before, after].map((x) => {
    const v = draftView(rb, x.draft.draft, x.assessment.role.id);
    const out = new Map<string, string>();
    flatten({ scope: v.scope, answers: v.answers, skills: v.skills, ...Object.fromEntries(rb.lists.map((l) => [l.id, v[l.id]])) }, '', out);
    return out;
  });
  const questions = rb.principles.flatMap((p) => p.questions);
  const label = (path: string) => {
    const q = questions.find((x) => `answers.${x.id}` === path);
    return q?.prompt ?? path;
  };
  // The option a value names, in the rulebook's words ("unknown" as "Not sure"); free text as it is.
  const optionsAt = (path: string): { id: string; label: string }[] | undefined => {
    const [head, field] = path.split('.');
    if (head === 'answers') return questions.find((x) => x.id === field)?.options;
    if (head === 'skills') return rb.skills.levels;
    if (path === 'scope') return rb.scopes;
    const list = rb.lists.find((l) => head!.startsWith(`${l.id}[`));
    return list?.fields.find((f) => f.id === field)?.options;
  };
  const text = (path: string, value: string | undefined) => {
    if (value === undefined) return '(none)';
    if (value === UNKNOWN) return 'Not sure';
    return optionsAt(path)?.find((o) => o.id === value)?.label ?? value;
  };
  const paths = [...new Set([...views[0]!.keys(), ...views[1]!.keys()])];
  const answers = paths
    .filter((p) => views[0]!.get(p) !== views[1]!.get(p))
    .map((p) => ({
      path: p,
      label: label(p),
      old: views[0]!.get(p) ?? '(none)',
      new: views[1]!.get(p) ?? '(none)',
      oldText: text(p, views[0]!.get(p)),
      newText: text(p, views[1]!.get(p)),
    }));
  const a = before.assessment;
  const b = after.assessment;
  const scores = a.principles.map((p) => {
    const q = b.principles.find((x) => x.id === p.id)!;
    // No band for too few answers, as in the reports.
    const band = (x: typeof p) => (x.provisional ? TOO_FEW_ANSWERS : x.band);
    return {
      principle: p.id,
      shortTitle: p.shortTitle,
      old: p.score,
      new: q.score,
      change: p.score !== null && q.score !== null ? q.score - p.score : null,
      oldBand: band(p),
      newBand: band(q),
    };
  });
  const oldKeys = new Map(a.findings.map((f) => [key(f), f]));
  const newKeys = new Map(b.findings.map((f) => [key(f), f]));
  return {
    format: 1,
    old: { file: a.file, title: a.title, verdict: a.verdict.level },
    new: { file: b.file, title: b.title, verdict: b.verdict.level },
    answers,
    scores,
    resolved: [...oldKeys]
      .filter(([k]) => !newKeys.has(k))
      .map(([, f]) => ({ id: f.id, title: f.title, severity: f.severity, where: where(f) })),
    added: [...newKeys]
      .filter(([k]) => !oldKeys.has(k))
      .map(([, f]) => ({ id: f.id, title: f.title, severity: f.severity, where: where(f), line: f.location.line })),
    changedSeverity: [...newKeys]
      .filter(([k, f]) => oldKeys.has(k) && oldKeys.get(k)!.severity !== f.severity)
      .map(([k, f]) => ({ id: f.id, where: where(f), old: oldKeys.get(k)!.severity, new: f.severity })),
  };
}
