import type { Risk, Severity } from '../rulebook/types.js';
import { UNKNOWN } from '../draft/schema.js';
import { evaluate, inspectCondition, type View } from './conditions.js';

export interface Fired {
  risk: Risk;
  severity: Severity;
  escalation?: string;
  /** Draft paths whose values made the condition true, most specific first. */
  triggers: string[];
  entry?: { list: string; index: number };
}

const varCache = new WeakMap<object, string[]>();
function varsOf(risk: Risk): string[] {
  let vars = varCache.get(risk);
  if (!vars) {
    vars = [...new Set([risk.when, ...(risk.escalate ?? []).map((e) => e.when)].flatMap((c) => inspectCondition(c).vars))];
    varCache.set(risk, vars);
  }
  return vars;
}

function getPath(view: View, path: string): unknown {
  let v: unknown = view;
  for (const k of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

/** A copy of the view with one path's value replaced, sharing everything else. */
function withValue(view: View, path: string, value: unknown): View {
  const [head, ...rest] = path.split('.');
  const current = view[head!];
  if (!rest.length) return { ...view, [head!]: value };
  if (current === null || typeof current !== 'object' || Array.isArray(current)) return view;
  return { ...view, [head!]: withValue(current as View, rest.join('.'), value) };
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

/** Tests every risk against the draft view; a `forEach` risk is tested once per list entry. */
export function fireRisks(risks: Risk[], view: View): Fired[] {
  const fired: Fired[] = [];
  for (const risk of risks) {
    const vars = varsOf(risk);
    if (risk.forEach) {
      const entries = (view[risk.forEach] as unknown[]) ?? [];
      entries.forEach((item, index) => {
        const v = { ...view, item };
        if (!evaluate(risk.when, v)) return;
        const triggers = triggersOf(risk.when, v, vars).map((t) => (t.startsWith('item.') ? `${risk.forEach}[${index}]${t.slice(4)}` : t));
        fired.push({ risk, ...severityOf(risk, v), triggers: [`${risk.forEach}[${index}]`, ...triggers], entry: { list: risk.forEach!, index } });
      });
    } else if (evaluate(risk.when, view)) {
      fired.push({ risk, ...severityOf(risk, view), triggers: triggersOf(risk.when, view, vars) });
    }
  }
  return fired;
}
