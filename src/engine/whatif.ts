import type { Changeable, Option, Question, Risk, Rulebook, Severity } from '../rulebook/types.js';
import type { Draft, LoadedDraft } from '../draft/types.js';
import { draftViewWith, type View } from '../draft/view.js';
import { UNKNOWN } from '../draft/schema.js';
import { fieldRelevant, isRelevant, scorePrinciple } from './score.js';
import { standingOf } from './assess.js';
import { graver } from '../rulebook/severity.js';
import { shortCitation } from './citations.js';
import { BANDS, LEVELS, stateOf, statePlan, type State, type StatePlan } from './whatif-state.js';
import type { Plan } from './plan.js';
import type { FindOut, SearchInfo, VerdictLevel, WhatIf, WhatIfGoal, WhatIfPath, WhatIfStep } from './assessment.js';

export type { FindOut, SearchInfo, WhatIf, WhatIfGoal, WhatIfPath, WhatIfStep };

/**
 * `gp-change whatif`: the smallest sets of answer changes, among those the assessor's role can act on
 * (the rulebook's `changeable`), that move the verdict up a level, and each principle up a band; and, for
 * each unknown answer, what the verdict would be for each possible answer. Pure: no I/O.
 * docs/whatif.md explains the search and its bounds.
 */

/** Most steps a path may have: a path longer than this is a redesign, not a next step. */
export const MAX_STEPS = 3;
/** Most combinations evaluated per goal; beyond it the search says it is bounded. */
export const MAX_EVALUATIONS = 20000;
/** What an empty text list (an area nobody has named) becomes in a step. */
export const NAMED = 'named';

/** One field the role can change: a question, a skill area, or a field of every entry of a list. */
interface Field {
  key: string;
  kind: 'answer' | 'skill' | 'list';
  id: string;
  list?: { id: string; item: string };
  principle: string;
  question: string;
  action: string;
  options: Option[];
  textList: boolean;
  /** The options a change may move to (the rulebook's `changeable.to`), or undefined for any better one. */
  to?: string[];
}

interface Step {
  field: Field;
  to: string;
  from: string[];
  /** List entries changed. */
  indexes: number[];
  /** How far up the option ladder it goes (a smaller step is preferred among equals). */
  distance: number;
  /** Keys of findings and principles this step can move. */
  touches: Set<string>;
}

const rank = (options: Option[], id: string) => {
  const scored = options.filter((o) => o.score !== null).sort((a, b) => a.score! - b.score!);
  return scored.findIndex((o) => o.id === id);
};
const scoreOf = (options: Option[], id: unknown) => options.find((o) => o.id === id)?.score ?? null;
const labelOf = (options: Option[], id: string) => (id === NAMED ? 'named' : (options.find((o) => o.id === id)?.label ?? id));
const canChange = (c: Changeable | undefined, role: string) => !!c && c.by.includes(role);

/** Every field of the rulebook, with who can change it; worked out once per rulebook. */
function listFields(rb: Rulebook): (Field & { changeable?: Changeable })[] {
  const fields: (Field & { changeable?: Changeable })[] = [];
  for (const p of rb.principles)
    for (const q of p.questions)
      fields.push({
        key: `answers.${q.id}`,
        kind: 'answer',
        id: q.id,
        principle: p.id,
        question: q.prompt,
        action: q.changeable?.step ?? q.prompt,
        options: q.options,
        textList: false,
        changeable: q.changeable,
        to: q.changeable?.to,
      });
  for (const a of rb.skills.areas)
    fields.push({
      key: `skills.${a.id}`,
      kind: 'skill',
      id: a.id,
      principle: rb.skills.principle,
      question: `${rb.skills.prompt} (${a.label})`,
      action: `${rb.skills.changeable?.step ?? rb.skills.prompt}: ${a.label}`,
      options: rb.skills.levels,
      textList: false,
      changeable: rb.skills.changeable,
      to: rb.skills.changeable?.to,
    });
  for (const l of rb.lists)
    for (const f of l.fields) {
      if (f.type === 'text') continue;
      fields.push({
        key: `${l.id}[*].${f.id}`,
        kind: 'list',
        id: f.id,
        list: { id: l.id, item: l.item },
        principle: l.principle,
        question: f.prompt,
        action: f.changeable?.step ?? f.prompt,
        options: f.options ?? [],
        textList: f.type === 'text-list',
        changeable: f.changeable,
        to: f.changeable?.to,
      });
    }
  return fields;
}

type Entry = Record<string, unknown>;
const entriesOf = (view: View, list: string) => (view[list] as Entry[] | undefined) ?? [];
const fieldDef = (rb: Rulebook, f: Field) => rb.lists.find((l) => l.id === f.list!.id)!.fields.find((x) => x.id === f.id)!;
/** What one whatIf() call works from: the compiled rulebook, its fields, and each field's reach as it is first needed. */
interface Ctx extends StatePlan {
  fields: (Field & { changeable?: Changeable })[];
  questions: Map<string, Question>;
  reach: Map<Field, { risks: Risk[]; principles: number[] }>;
}
function contextOf(compiled: Plan): Ctx {
  const rb = compiled.rulebook;
  return {
    ...statePlan(compiled),
    fields: listFields(rb),
    questions: new Map(rb.principles.flatMap((p) => p.questions.map((q) => [q.id, q]))),
    reach: new Map(),
  };
}
const questionDef = (ctx: Ctx, id: string) => ctx.questions.get(id)!;

/** The better answers the role could give, each a step. */
function stepsOf(ctx: Ctx, view: View, fields: (Field & { changeable?: Changeable })[], role: string): Step[] {
  const steps: Step[] = [];
  for (const f of fields) {
    // Where the rulebook limits the role's reach (a target set nationally is not the ICB's to re-pay).
    const when = f.changeable?.when?.[role];
    const mine = (entry?: unknown) => when === undefined || fieldRelevant({ relevantWhen: when }, view, entry);
    if (f.kind === 'list') {
      const def = fieldDef(ctx.rb, f);
      const entries = entriesOf(view, f.list!.id);
      const open = entries.map((e, i) => ({ e, i })).filter(({ e }) => fieldRelevant(def, view, e) && mine(e));
      if (f.textList) {
        const empty = open.filter(({ e }) => (e[f.id] as unknown[]).length === 0).map(({ i }) => i);
        if (empty.length) steps.push({ field: f, to: NAMED, from: [], indexes: empty, distance: 1, touches: new Set() });
        continue;
      }
      for (const o of f.options) {
        if (o.score === null || (f.to && !f.to.includes(o.id))) continue;
        const lower = open.filter(({ e }) => {
          const s = e[f.id] === UNKNOWN ? null : scoreOf(f.options, e[f.id]);
          return s !== null && s < o.score!;
        });
        if (!lower.length) continue;
        const from = [...new Set(lower.map(({ e }) => String(e[f.id])))];
        const distance = Math.max(...from.map((v) => rank(f.options, o.id) - rank(f.options, v)));
        steps.push({ field: f, to: o.id, from, indexes: lower.map(({ i }) => i), distance, touches: new Set() });
      }
      continue;
    }
    const current = f.kind === 'answer' ? (view.answers as Record<string, string>)[f.id]! : (view.skills as Record<string, string>)[f.id]!;
    if (current === UNKNOWN || (f.kind === 'answer' && !isRelevant(questionDef(ctx, f.id), view)) || !mine()) continue;
    const now = scoreOf(f.options, current);
    if (now === null) continue; // an answer recorded but not scored ("not needed") is a fact, not a gap
    for (const o of f.options)
      if (o.score !== null && o.score > now && (!f.to || f.to.includes(o.id)))
        steps.push({
          field: f,
          to: o.id,
          from: [current],
          indexes: [],
          distance: rank(f.options, o.id) - rank(f.options, current),
          touches: new Set(),
        });
  }
  return steps;
}

/** The state after a set of steps, testing again only the risks that read the fields they change, and scoring again only the principles they feed. */
function evaluate(ctx: Ctx, view: View, base: State, combo: Step[]): State {
  const rerun = new Set<Risk>();
  const rescore = new Set<number>();
  for (const s of combo) {
    const reach = reachOf(ctx, s.field);
    for (const r of reach.risks) rerun.add(r);
    for (const i of reach.principles) rescore.add(i);
  }
  return stateOf(ctx, applySteps(view, combo), { state: base, rerun, rescore });
}

/** The risks that read a field and the principles (by index) whose score it can move, worked out once per field. */
function reachOf(ctx: Ctx, f: Field): { risks: Risk[]; principles: number[] } {
  let reach = ctx.reach.get(f);
  if (!reach) {
    const plan = ctx;
    reach = {
      risks: plan.compiled.risks.map((r) => r.risk).filter((r) => reads(plan.reads.get(r)!, r, f)),
      principles: ctx.rb.principles
        .map((p, i) => (f.principle === p.id || feedsRelevance(plan.relevance[i]!, f) ? i : -1))
        .filter((i) => i >= 0),
    };
    ctx.reach.set(f, reach);
  }
  return reach;
}

/** Whether a principle's relevance conditions read a field (`item.*` only for its own lists). */
function feedsRelevance(rel: { lists: string[]; reads: Set<string> }, f: Field): boolean {
  if (f.kind === 'answer') return rel.reads.has(`answers.${f.id}`) || rel.reads.has('answers');
  if (f.kind === 'skill') return rel.reads.has(`skills.${f.id}`) || rel.reads.has('skills');
  return rel.reads.has(f.list!.id) || (rel.lists.includes(f.list!.id) && rel.reads.has(`item.${f.id}`));
}

/** The draft paths a step changes: one per list entry for a list field. */
function pathsOf(s: Step): string[] {
  const list = s.field.list;
  return list ? s.indexes.map((i) => `${list.id}[${i}].${s.field.id}`) : [s.field.key];
}

/** The view with a set of steps applied. */
function applySteps(view: View, steps: Step[]): View {
  let v = view;
  for (const s of steps) {
    const f = s.field;
    if (f.kind === 'answer') v = { ...v, answers: { ...(v.answers as object), [f.id]: s.to } };
    else if (f.kind === 'skill') v = { ...v, skills: { ...(v.skills as object), [f.id]: s.to } };
    else {
      const value = f.textList ? [NAMED] : s.to;
      const changed = new Set(s.indexes);
      v = { ...v, [f.list!.id]: entriesOf(v, f.list!.id).map((e, i) => (changed.has(i) ? { ...e, [f.id]: value } : e)) };
    }
  }
  return v;
}

/** A copy of the draft with a path's steps written into it, as a user would edit the file. */
export function applyPath(draft: Draft, steps: Pick<WhatIfStep, 'paths' | 'to'>[]): Draft {
  const copy = structuredClone(draft);
  for (const s of steps)
    for (const path of s.paths) {
      const m = /^(\w+)\[(\d+)\]\.(\w+)$/.exec(path);
      if (m) {
        const entry = (copy[m[1]!] as Entry[])[Number(m[2])]!;
        entry[m[3]!] = s.to === NAMED ? ['(to be named)'] : s.to;
      } else {
        const [group, id] = [path.slice(0, path.indexOf('.')), path.slice(path.indexOf('.') + 1)] as ['answers' | 'skills', string];
        copy[group] = { ...(copy[group] ?? {}), [id]: s.to };
      }
    }
  return copy;
}

/** Whether a step on this field can change this risk's outcome: the risk reads the field. */
function reads(riskReads: Set<string>, risk: Risk, f: Field): boolean {
  if (f.kind === 'answer') return riskReads.has(`answers.${f.id}`) || riskReads.has('answers');
  if (f.kind === 'skill') return riskReads.has(`skills.${f.id}`) || riskReads.has('skills');
  return (risk.forEach === f.list!.id && riskReads.has(`item.${f.id}`)) || riskReads.has(f.list!.id);
}

/** Some of these keys (findings, principles) must be touched at least `min` times for the goal to be reachable. */
interface Need {
  keys: string[];
  min: number;
}

/** What any path to `target` must touch, from the verdict rule: every extra high risk, every principle below the bar. */
function needsFor(rb: Rulebook, base: State, target: VerdictLevel): Need[] | string {
  const needs: Need[] = [];
  const bySeverity = (sev: Severity[]) => [...base.findings].filter(([, f]) => sev.includes(f.severity)).map(([k]) => k);
  const high = bySeverity(['high']);
  const { rethink, ready } = rb.verdict;
  const weak = rb.principles.map((p, i) => (base.bands[i] === 'weak' ? `principle:${p.id}` : '')).filter(Boolean);
  if (high.length >= rethink.minHighRisks) needs.push({ keys: high, min: high.length - rethink.minHighRisks + 1 });
  if (weak.length >= rethink.minWeakPrinciples) needs.push({ keys: weak, min: weak.length - rethink.minWeakPrinciples + 1 });
  if (target === 'ready') {
    // Unknown answers stay unknown along any path, so too few answers blocks READY whatever changes.
    if (base.provisional.some(Boolean)) return 'too few answers to score some principles: find out the unknown answers first';
    const asked = base.raw.reduce((n, r) => n + r.asked, 0);
    const unknown = base.raw.reduce((n, r) => n + r.unknown.length, 0);
    if (ready.maxUnknownShare !== undefined && asked > 0 && unknown / asked > ready.maxUnknownShare)
      return `${unknown} of ${asked} questions unanswered: find out first`;
    // A risk READY is never given with must be cleared, whatever its severity.
    const blocking = [...base.findings].filter(([, f]) => ready.notWith?.includes(f.risk.id)).map(([k]) => k);
    if (blocking.length) needs.push({ keys: blocking, min: blocking.length });
    if (high.length > ready.maxHighRisks) needs.push({ keys: high, min: high.length - ready.maxHighRisks });
    const serious = bySeverity(['high', 'medium']);
    if (serious.length > ready.maxMediumRisks) needs.push({ keys: serious, min: serious.length - ready.maxMediumRisks });
    rb.principles.forEach((p, i) => {
      if (base.bands[i] !== 'unscored' && BANDS.indexOf(base.bands[i]!) < BANDS.indexOf(ready.minBand))
        needs.push({ keys: [`principle:${p.id}`], min: 1 });
    });
  }
  return needs;
}

function satisfies(combo: Step[], needs: Need[]): boolean {
  for (const need of needs) {
    let hit = 0;
    for (const k of need.keys) if (combo.some((s) => s.touches.has(k))) hit++;
    if (hit < need.min) return false;
  }
  return true;
}

/** Findings the verdict needs moved that no step of this role reads, with the roles whose fields they read. */
function outOfReach(ctx: Ctx, base: State, needs: Need[], steps: Step[], role: string) {
  const fields = ctx.fields;
  const plan = ctx;
  const keys = new Set(needs.flatMap((n) => n.keys));
  const out: NonNullable<WhatIfGoal['outOfReach']> = [];
  const seen = new Set<string>();
  for (const [key, f] of base.findings) {
    if (!keys.has(key) || seen.has(f.risk.id) || steps.some((s) => s.touches.has(key))) continue;
    seen.add(f.risk.id);
    const by = new Set(fields.filter((x) => reads(plan.reads.get(f.risk)!, f.risk, x)).flatMap((x) => x.changeable?.by ?? []));
    by.delete(role);
    out.push({ risk: f.risk.id, title: f.risk.title, severity: f.severity, by: [...by] });
  }
  return out;
}

/** A lower bound on the steps any path needs: each need's hits, at most the most one step touches. */
function leastSteps(steps: Step[], needs: Need[]): number {
  let least = 0;
  for (const need of needs) {
    const most = Math.max(0, ...steps.map((s) => need.keys.filter((k) => s.touches.has(k)).length));
    least = Math.max(least, most ? Math.ceil(need.min / most) : Infinity);
  }
  return least;
}

/** How far a state is from the verdict rule's next level: findings and principles over its limits. */
function shortfall(rb: Rulebook, s: State): number {
  const count = (sev: Severity) => [...s.findings.values()].filter((f) => f.severity === sev).length;
  const { rethink, ready } = rb.verdict;
  const high = count('high');
  const weak = s.bands.filter((b) => b === 'weak').length;
  const below = s.bands.filter((b) => b !== 'unscored' && BANDS.indexOf(b) < BANDS.indexOf(ready.minBand)).length;
  return (
    Math.max(0, high - rethink.minHighRisks + 1) * 4 +
    Math.max(0, weak - rethink.minWeakPrinciples + 1) * 4 +
    Math.max(0, high - ready.maxHighRisks) +
    Math.max(0, high + count('medium') - ready.maxMediumRisks) +
    below
  );
}

/** Adds, one at a time, the step that most closes the shortfall, until the goal is reached (at most 8 steps). */
function greedy(view: View, ctx: Ctx, base: State, steps: Step[], reached: (s: State) => boolean): Found | undefined {
  const chosen: Step[] = [];
  let state = base;
  while (chosen.length < 8) {
    let pick: { step: Step; state: State; gap: number } | undefined;
    for (const step of steps) {
      if (chosen.some((c) => c.field === step.field)) continue;
      const next = evaluate(ctx, view, base, [...chosen, step]);
      const gap = shortfall(ctx.rb, next);
      if (!pick || gap < pick.gap || (gap === pick.gap && step.distance < pick.step.distance)) pick = { step, state: next, gap };
    }
    if (!pick || pick.gap >= shortfall(ctx.rb, state)) return undefined;
    chosen.push(pick.step);
    state = pick.state;
    if (reached(state)) return { steps: chosen, state };
  }
  return undefined;
}

interface Found {
  steps: Step[];
  state: State;
}

/** Combinations of 1..MAX_STEPS steps on different fields, smallest first; stops at the first size that reaches the goal. */
function search(steps: Step[], needs: Need[], test: (combo: Step[]) => boolean): { found: Step[][]; info: SearchInfo } {
  const found: Step[][] = [];
  let evaluated = 0;
  let exhaustive = true;
  let size: number;
  const combo: Step[] = [];
  const walk = (from: number, k: number): void => {
    if (!exhaustive) return;
    if (combo.length === k) {
      if (!satisfies(combo, needs)) return;
      if (evaluated >= MAX_EVALUATIONS) {
        exhaustive = false;
        return;
      }
      evaluated++;
      if (test(combo)) found.push([...combo]);
      return;
    }
    for (let i = from; i < steps.length; i++) {
      if (combo.some((s) => s.field === steps[i]!.field)) continue;
      combo.push(steps[i]!);
      walk(i + 1, k);
      combo.pop();
    }
  };
  for (size = 1; size <= MAX_STEPS && !found.length && exhaustive; size++) walk(0, size);
  const considered = steps.map((s) => ({ field: s.field.key, to: s.to, paths: pathsOf(s) }));
  return { found, info: { steps: steps.length, maxSize: size - 1, evaluated, exhaustive, considered } };
}

/** Risks a state clears or lowers from the base, and those it adds or makes graver. */
function changes(base: State, after: State): { clears: WhatIfPath['clears']; adds: WhatIfPath['adds'] } {
  const clears: WhatIfPath['clears'] = [];
  const adds: WhatIfPath['adds'] = [];
  const entry = (index?: number) => (index !== undefined ? { entry: index } : {});
  for (const [key, was] of base.findings) {
    const now = after.findings.get(key);
    if (!now || graver(was.severity, now.severity))
      clears.push({ risk: was.risk.id, title: was.risk.title, from: was.severity, to: now ? now.severity : null, ...entry(was.index) });
  }
  for (const [key, now] of after.findings) {
    const was = base.findings.get(key);
    if (!was || graver(now.severity, was.severity))
      adds.push({ risk: now.risk.id, title: now.risk.title, from: was ? was.severity : null, to: now.severity, ...entry(now.index) });
  }
  return { clears, adds };
}

/** Describes a found combination for the report: words, the draft paths it changes, what it clears. */
function describe(ctx: Ctx, view: View, base: State, f: Found): WhatIfPath {
  const { clears, adds } = changes(base, f.state);
  const refs = new Map(ctx.rb.references.map((r) => [r.id, r]));
  const plan = ctx;
  const steps = f.steps.map((s): WhatIfStep => {
    const helped = [...base.findings.entries()]
      .filter(([key, x]) => clears.some((c) => (x.index === undefined ? c.risk === key : `${c.risk}#${c.entry}` === key)))
      .filter(([, x]) => reads(plan.reads.get(x.risk)!, x.risk, s.field))
      .map(([, x]) => x.risk);
    const riskIds = [...new Set(helped.map((r) => r.id))];
    const evidence = [...new Set(helped.flatMap((r) => r.evidence))].map((id) => ({
      id,
      short: refs.has(id) ? shortCitation(refs.get(id)!) : id,
    }));
    const list = s.field.list;
    return {
      field: s.field.key,
      principle: s.field.principle,
      action: s.field.action,
      question: s.field.question,
      from: s.from,
      fromLabels: s.from.map((v) => labelOf(s.field.options, v)),
      to: s.to,
      toLabel: labelOf(s.field.options, s.to),
      paths: pathsOf(s),
      ...(list
        ? {
            entries: {
              list: list.id,
              item: list.item,
              names: s.indexes.map((i) => String((entriesOf(view, list.id)[i] as Entry & { name?: unknown }).name ?? '')),
            },
          }
        : {}),
      risks: riskIds,
      evidence,
    };
  });
  return {
    steps,
    verdict: f.state.level,
    bands: ctx.rb.principles.map((p, i) => ({ principle: p.id, band: f.state.bands[i]!, score: f.state.scores[i]! })),
    clears,
    adds,
  };
}

/** Among paths of the same size: the higher verdict, then the least risk left, then the smaller changes. */
function best(found: Found[], base: State, limit: number): Found[] {
  const byFields = new Map<string, Found & { distance: number }>();
  for (const f of found) {
    const key = f.steps.map((s) => s.field.key).join('|');
    const distance = f.steps.reduce((n, s) => n + s.distance, 0);
    const known = byFields.get(key);
    if (!known || distance < known.distance) byFields.set(key, { ...f, distance });
  }
  // Risk weight left after the path: a high risk counts as three medium ones, a medium as three low.
  const weight = { high: 9, medium: 3, low: 1 };
  const left = (f: Found) => [...f.state.findings.values()].reduce((n, x) => n + weight[x.severity], 0);
  return [...byFields.values()]
    .sort((a, b) => LEVELS.indexOf(b.state.level) - LEVELS.indexOf(a.state.level) || left(a) - left(b) || a.distance - b.distance)
    .slice(0, limit);
}

export interface WhatIfOptions {
  role?: string;
  /** Most paths reported per goal. */
  limit?: number;
  /**
   * For a report's short section: search for the verdict only, not each principle's band, and offer no
   * longer route when no short path exists (the section shows neither).
   */
  brief?: boolean;
}

export function whatIf(compiled: Plan, loaded: LoadedDraft, options: WhatIfOptions = {}): WhatIf {
  const ctx = contextOf(compiled);
  const rb = compiled.rulebook;
  const role = rb.roles.find((r) => r.id === (options.role ?? loaded.draft.assessor.role)) ?? rb.roles[0]!;
  const limit = options.limit ?? (options.brief ? 2 : 5);
  const view = draftViewWith(compiled.view, loaded.draft, role.id);
  const base = stateOf(ctx, view);
  const all = ctx.fields;
  const steps = stepsOf(
    ctx,
    view,
    all.filter((f) => canChange(f.changeable, role.id)),
    role.id,
  );
  const plan = ctx;
  for (const s of steps) {
    for (const [key, f] of base.findings) if (reads(plan.reads.get(f.risk)!, f.risk, s.field)) s.touches.add(key);
    s.touches.add(`principle:${s.field.principle}`);
  }

  const settle = (found: Step[][]): Found[] => found.map((steps) => ({ steps, state: evaluate(ctx, view, base, steps) }));
  const goals: WhatIfGoal[] = [];
  const at = LEVELS.indexOf(base.level);
  if (at < LEVELS.length - 1) {
    const target = LEVELS[at + 1]!;
    const needs = needsFor(rb, base, target);
    if (typeof needs === 'string') {
      goals.push({
        kind: 'verdict',
        from: base.level,
        to: target,
        paths: [],
        search: { steps: steps.length, maxSize: 0, evaluated: 0, exhaustive: true, note: needs, considered: [] },
      });
    } else {
      const useful = steps.filter((s) => needs.some((n) => n.keys.some((k) => s.touches.has(k))));
      const reached = (s: State) => LEVELS.indexOf(s.level) > at;
      const least = leastSteps(useful, needs);
      const { found, info } =
        least > MAX_STEPS
          ? { found: [], info: { steps: useful.length, maxSize: 0, evaluated: 0, exhaustive: true, considered: [] } }
          : search(useful, needs, (combo) => reached(evaluate(ctx, view, base, combo)));
      const goal: WhatIfGoal = {
        kind: 'verdict',
        from: base.level,
        to: target,
        paths: best(settle(found), base, limit).map((f) => describe(ctx, view, base, f)),
        search: { ...info, steps: useful.length },
      };
      if (!found.length) {
        goal.search.note =
          least === Infinity
            ? `no change the ${role.label} can make reaches the causes of the verdict`
            : `no path of at most ${MAX_STEPS} changes${least > MAX_STEPS ? `: it takes at least ${least}` : ''}`;
        const reach = outOfReach(ctx, base, needs, useful, role.id);
        if (reach.length) goal.outOfReach = reach;
        const longer = options.brief ? undefined : greedy(view, ctx, base, useful, reached);
        if (longer) goal.longer = describe(ctx, view, base, longer);
      }
      goals.push(goal);
    }
  }
  rb.principles.forEach((p, i) => {
    const band = base.bands[i]!;
    if (band === 'unscored' || band === 'strong' || options.brief) return;
    const own = steps.filter((s) => s.field.principle === p.id);
    // A band moves with the principle's score alone: the search scores that principle, not the whole draft.
    const { found, info } = search(
      own,
      [],
      (combo) =>
        BANDS.indexOf(standingOf(rb, scorePrinciple(compiled.principles.get(p)!, applySteps(view, combo))).band) > BANDS.indexOf(band),
    );
    goals.push({
      kind: 'band',
      principle: p.id,
      from: band,
      to: BANDS[BANDS.indexOf(band) + 1]!,
      paths: best(settle(found), base, limit).map((f) => describe(ctx, view, base, f)),
      search: info,
    });
  });

  return { role: role.id, verdict: base.level, goals, findOut: findOut(ctx, view, base, all) };
}

/** Each unknown answer, with the verdict each possible answer would give (everything else as it is). */
function findOut(ctx: Ctx, view: View, base: State, fields: Field[]): FindOut[] {
  const out: FindOut[] = [];
  for (const f of fields) {
    if (f.textList) continue;
    let indexes: number[] = [];
    if (f.kind === 'list') {
      const def = fieldDef(ctx.rb, f);
      indexes = entriesOf(view, f.list!.id)
        .map((e, i) => ({ e, i }))
        .filter(({ e }) => e[f.id] === UNKNOWN && fieldRelevant(def, view, e))
        .map(({ i }) => i);
      if (!indexes.length) continue;
    } else {
      const current = f.kind === 'answer' ? (view.answers as Record<string, string>)[f.id] : (view.skills as Record<string, string>)[f.id];
      if (current !== UNKNOWN || (f.kind === 'answer' && !isRelevant(questionDef(ctx, f.id), view))) continue;
    }
    const step: Step = { field: f, to: '', from: [UNKNOWN], indexes, distance: 0, touches: new Set() };
    const outcomes = f.options.map((o) => ({
      answer: o.id,
      label: o.label,
      verdict: evaluate(ctx, view, base, [{ ...step, to: o.id }]).level,
    }));
    const list = f.list;
    out.push({
      path: f.key,
      paths: pathsOf(step),
      principle: f.principle,
      question: f.question,
      ...(list
        ? {
            entries: {
              list: list.id,
              item: list.item,
              names: indexes.map((i) => String((entriesOf(view, list.id)[i] as Entry & { name?: unknown }).name ?? '')),
            },
          }
        : {}),
      outcomes,
    });
  }
  return out;
}
