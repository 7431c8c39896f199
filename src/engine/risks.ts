import type { Risk, Severity } from '../rulebook/types.js';
import { UNKNOWN } from '../draft/schema.js';
import type { View } from '../draft/view.js';
import { inspectCondition } from '../rulebook/conditions.js';
import { evaluate, pathKeys, readKeys, readPath } from './conditions.js';
import { memoKeyParts, type KeyPart } from './memo-keys.js';

export interface Fired {
  risk: Risk;
  severity: Severity;
  escalation?: string;
  /** Draft paths whose values made the condition true, most specific first. */
  triggers: string[];
  entry?: { list: string; index: number };
}

function varsOf(risk: Risk): string[] {
  return [...new Set([risk.when, ...(risk.escalate ?? []).map((e) => e.when)].flatMap((c) => inspectCondition(c).vars))];
}

/** Own properties only (readPath), so no path, however written, reads a prototype. */
function getPath(view: View, path: string): unknown {
  return readPath(view, path);
}

/** A copy of the view with one path's value replaced, sharing everything else. */
function withValue(view: View, path: string, value: unknown): View {
  const keys = pathKeys(path);
  return keys ? replaced(view, keys, 0, value) : view;
}

function replaced(view: View, keys: readonly string[], i: number, value: unknown): View {
  const head = keys[i]!;
  if (i === keys.length - 1) return { ...view, [head]: value };
  const current = view[head];
  if (current === null || typeof current !== 'object' || Array.isArray(current)) return view;
  return { ...view, [head]: replaced(current as View, keys, i + 1, value) };
}

function blank(value: unknown): unknown {
  return Array.isArray(value) ? [] : UNKNOWN;
}

/**
 * Which of the condition's inputs made it true. An input is a cause when blanking it (setting it to
 * unknown) makes the condition false. Where alternatives would each suffice (two skills missing; a
 * paid national target or a national pay-for-performance scheme), none is necessary alone: then, from
 * each starting point, blank every alternative the condition can do without; what must stay is a cause.
 */
function triggersOf(condition: unknown, view: View, vars: string[]): string[] {
  const known = vars.filter((v) => {
    const value = getPath(view, v);
    return value !== UNKNOWN && value !== undefined && !(Array.isArray(value) && value.length === 0 && !v.startsWith('item.'));
  });
  const blankOne = (base: View, path: string) => withValue(base, path, blank(getPath(base, path)));
  const necessary = known.filter((v) => !evaluate(condition, blankOne(view, v)));
  const optional = known.filter((v) => !necessary.includes(v));
  const causes = new Set(necessary);
  for (let start = 0; start < optional.length; start++) {
    let current = view;
    for (let i = 0; i < optional.length; i++) {
      const v = optional[(start + i) % optional.length]!;
      const trial = blankOne(current, v);
      if (evaluate(condition, trial)) current = trial;
      else causes.add(v);
    }
  }
  return known.filter((v) => causes.has(v));
}

function severityOf(risk: Risk, view: View): { severity: Severity; escalation?: string } {
  for (const e of risk.escalate ?? []) {
    if (evaluate(e.when, view)) return { severity: e.to, escalation: e.why };
  }
  return { severity: risk.severity };
}

interface Outcome {
  fires: boolean;
  severity?: Severity;
  escalation?: string;
  triggers?: string[];
}

/**
 * A risk's outcome depends only on the values its conditions read, so it is remembered per risk by
 * what of those values its conditions can tell apart (src/engine/memo-keys.ts): across a batch of drafts
 * the same combinations recur, and each is worked out once.
 */
const MAX_REMEMBERED = 5000;

/** What testing a risk needs, worked out once per plan (./plan.ts): its inputs, their memo key parts, its remembered outcomes. */
export interface RiskPlan {
  risk: Risk;
  vars: string[];
  /** Each input's path split into keys (null: a path through a reserved word, which reads nothing). */
  keys: (readonly string[] | null)[];
  /** Null when the risk's outcomes cannot be remembered. */
  parts: KeyPart[] | null;
  memo: Map<string, Outcome>;
}
export function riskPlan(risk: Risk): RiskPlan {
  {
    const vars = varsOf(risk);
    return {
      risk,
      vars,
      keys: vars.map(pathKeys),
      parts: memoKeyParts([risk.when, ...(risk.escalate ?? []).map((e) => e.when)], vars) ?? null,
      memo: new Map(),
    };
  }
}

function outcomeOf(plan: RiskPlan, view: View, remember: boolean, seen: Map<object, string>): Outcome {
  const risk = plan.risk;
  let key: string | undefined;
  if (remember && plan.parts) {
    key = '';
    for (let i = 0; i < plan.vars.length; i++) key += (i ? '\u0000' : '') + plan.parts[i]!(readKeys(view, plan.keys[i]!), seen);
    const known = plan.memo.get(key);
    if (known) return known;
  }
  const result: Outcome = evaluate(risk.when, view)
    ? { fires: true, ...severityOf(risk, view), triggers: triggersOf(risk.when, view, plan.vars) }
    : { fires: false };
  if (key !== undefined && plan.memo.size < MAX_REMEMBERED) plan.memo.set(key, result);
  return result;
}

/** A fired risk, its escalation only where it has one. */
function firedOf(risk: Risk, o: Outcome, triggers: string[], entry?: Fired['entry']): Fired {
  const f: Fired = { risk, severity: o.severity!, triggers };
  if (o.escalation) f.escalation = o.escalation;
  if (entry) f.entry = entry;
  return f;
}

/**
 * Tests every risk against the draft view; a `forEach` risk is tested once per list entry. `remember`
 * false works every outcome out afresh: the reference the remembered outcomes are tested against.
 */
export function fireRisks(plans: readonly RiskPlan[], view: View, remember = true): Fired[] {
  const fired: Fired[] = [];
  // One view per list entry, shared by every risk tested on that list.
  const entryViews = new Map<string, View[]>();
  const seen = new Map<object, string>();
  const viewsOf = (list: string) => {
    let views = entryViews.get(list);
    if (!views) entryViews.set(list, (views = ((view[list] as unknown[]) ?? []).map((item) => ({ ...view, item }))));
    return views;
  };
  for (const plan of plans) {
    const risk = plan.risk;
    if (risk.forEach) {
      const list = risk.forEach;
      const views = viewsOf(list);
      for (let index = 0; index < views.length; index++) {
        const o = outcomeOf(plan, views[index]!, remember, seen);
        if (!o.fires) continue;
        const triggers = [`${list}[${index}]`];
        for (const t of o.triggers!) triggers.push(t.startsWith('item.') ? `${list}[${index}]${t.slice(4)}` : t);
        fired.push(firedOf(risk, o, triggers, { list, index }));
      }
    } else {
      const o = outcomeOf(plan, view, remember, seen);
      if (o.fires) fired.push(firedOf(risk, o, o.triggers!.slice()));
    }
  }
  return fired;
}
