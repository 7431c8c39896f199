import { UNKNOWN } from '../draft/schema.js';
import type { Rulebook } from '../rulebook/types.js';
import type { LoadedDraft } from '../draft/types.js';
import { draftView } from '../draft/view.js';
import { TOO_FEW_ANSWERS, type Assessment, type Finding, type VerdictLevel } from './assessment.js';
import type { FollowedPath } from './whatif-followed.js';

export interface DraftDiff {
  format: 1;
  old: { file: string; title: string; verdict: VerdictLevel; reason: string };
  new: { file: string; title: string; verdict: VerdictLevel; reason: string };
  /** True when the verdict or any principle's band got worse (`gp-change diff` then exits 1). */
  worse: boolean;
  /** What moved the verdict, in words ("new high risk: Change imposed on staff"); empty when it did not move. */
  movedBy: string[];
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
  added: { id: string; title: string; severity: string; where: string; line: number; accepted?: boolean }[];
  changedSeverity: { id: string; title: string; where: string; old: string; new: string }[];
  /** The paths the earlier version's what-if proposed that this revision followed, in part or whole. */
  followed?: FollowedPath[];
}

const VERDICT_RANK: Record<VerdictLevel, number> = { ready: 0, revise: 1, rethink: 2 };
const BAND_RANK: Record<string, number> = { strong: 0, developing: 1, weak: 2 };
const SEVERITY_RANK: Record<string, number> = { low: 0, medium: 1, high: 2 };

/**
 * What moved the verdict: going to rethink, the high risks and weak principles that are new; going to
 * revise from ready, the new or graver high and medium risks and the bands that fell; going the other
 * way, the same kinds resolved. Each risk named once, by title.
 */
function verdictMovers(d: Omit<DraftDiff, 'movedBy' | 'worse'>): string[] {
  const [from, to] = [VERDICT_RANK[d.old.verdict], VERDICT_RANK[d.new.verdict]];
  if (from === to) return [];
  const worse = to > from;
  const least = worse ? (d.new.verdict === 'rethink' ? 2 : 1) : d.old.verdict === 'rethink' ? 2 : 1;
  const out: string[] = [];
  const add = (text: string) => out.includes(text) || out.push(text);
  if (worse) {
    for (const r of d.added) if (SEVERITY_RANK[r.severity]! >= least) add(`new ${r.severity} risk: ${r.title}`);
    for (const r of d.changedSeverity)
      if (SEVERITY_RANK[r.new]! >= least && SEVERITY_RANK[r.new]! > SEVERITY_RANK[r.old]!) add(`${r.title} now ${r.new}`);
  } else {
    for (const r of d.resolved) if (SEVERITY_RANK[r.severity]! >= least) add(`resolved ${r.severity} risk: ${r.title}`);
    for (const r of d.changedSeverity)
      if (SEVERITY_RANK[r.old]! >= least && SEVERITY_RANK[r.new]! < SEVERITY_RANK[r.old]!) add(`${r.title} now ${r.new}`);
  }
  for (const s of d.scores) {
    const [o, n] = [BAND_RANK[s.oldBand], BAND_RANK[s.newBand]];
    if (o === undefined || n === undefined || o === n) continue;
    if (worse && n > o) add(`${s.shortTitle} ${s.oldBand} to ${s.newBand}`);
    if (!worse && n < o) add(`${s.shortTitle} ${s.oldBand} to ${s.newBand}`);
  }
  return out;
}

/** A finding's identity across versions: the risk, and for a list entry its name (lines move between versions). */
function key(f: Finding): string {
  return f.entry ? `${f.id}|${f.entry.list}|${f.entry.name}` : f.id;
}

/** Where a finding is, in words: `target "95% within 14 days"`, or the question it answers. */
function where(rb: Rulebook, f: Finding): string {
  if (f.entry) return `${rb.lists.find((l) => l.id === f.entry!.list)?.item ?? f.entry.list} "${f.entry.name}"`;
  const [head, field] = f.location.path.split('.');
  if (head === 'answers') return rb.principles.flatMap((p) => p.questions).find((q) => q.id === field)?.prompt ?? f.location.path;
  if (head === 'skills') return `skill: ${rb.skills.areas.find((x) => x.id === field)?.label ?? field}`;
  const list = rb.lists.find((l) => l.id === head);
  return list ? `the ${list.id} as a whole` : `line ${f.location.line}`;
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
  // A path in words: the question, or a list entry's name and the field's question.
  const label = (path: string) => {
    const q = questions.find((x) => `answers.${x.id}` === path);
    if (q) return q.prompt;
    const m = /^(\w+)\[(\d+)\]\.(\w+)$/.exec(path);
    const list = m && rb.lists.find((l) => l.id === m[1]);
    if (m && list) {
      const name = views[1]!.get(`${m[1]}[${m[2]}].name`) ?? views[0]!.get(`${m[1]}[${m[2]}].name`) ?? '';
      const field = list.fields.find((f) => f.id === m[3]);
      return `${list.item} "${name}": ${field?.prompt ?? m[3]}`;
    }
    return path;
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
  const d = {
    format: 1 as const,
    old: { file: a.file, title: a.title, verdict: a.verdict.level, reason: a.verdict.reason },
    new: { file: b.file, title: b.title, verdict: b.verdict.level, reason: b.verdict.reason },
    answers,
    scores,
    resolved: [...oldKeys]
      .filter(([k]) => !newKeys.has(k))
      .map(([, f]) => ({ id: f.id, title: f.title, severity: f.severity, where: where(rb, f) })),
    added: [...newKeys]
      .filter(([k]) => !oldKeys.has(k))
      .map(([, f]) => ({
        id: f.id,
        title: f.title,
        severity: f.severity,
        where: where(rb, f),
        line: f.location.line,
        ...(f.acknowledged ? { accepted: true } : {}),
      })),
    changedSeverity: [...newKeys]
      .filter(([k, f]) => oldKeys.has(k) && oldKeys.get(k)!.severity !== f.severity)
      .map(([k, f]) => ({ id: f.id, title: f.title, where: where(rb, f), old: oldKeys.get(k)!.severity, new: f.severity })),
  };
  const bandWorse = scores.some((x) => {
    const [o, n] = [BAND_RANK[x.oldBand], BAND_RANK[x.newBand]];
    return o !== undefined && n !== undefined && n > o;
  });
  return { ...d, worse: VERDICT_RANK[b.verdict.level] > VERDICT_RANK[a.verdict.level] || bandWorse, movedBy: verdictMovers(d) };
}
