/**
 * A rulebook compiled for assessing drafts: everything that depends only on the rulebook, worked out
 * once (the view's fields, each principle's scoring plan, each risk's inputs and memo, the actions,
 * evidence and references findings carry). Its lifetime is the caller's: a command compiles one per
 * rulebook it uses and passes it to every assess() call, so nothing is kept at module level and two
 * rulebooks can never share state. The risk memo inside only remembers outcomes the draft's inputs
 * determine (./memo-keys.ts), so a plan's history never changes a result.
 */
import type { Principle, Reference, Risk, Rulebook } from '../rulebook/types.js';
import { referenceStrength } from '../rulebook/evidence-strength.js';
import { viewPlan, type ViewPlan } from '../draft/view.js';
import { principlePlan, type PrinciplePlan } from './score.js';
import { riskPlan, type RiskPlan } from './risks.js';
import { citationOf, citedAs, shortCitation } from './citations.js';
import type { Assessment, Finding } from './assessment.js';

export interface Plan {
  readonly rulebook: Rulebook;
  readonly view: ViewPlan;
  readonly principles: ReadonlyMap<Principle, PrinciplePlan>;
  /** Every risk of every principle, in order, with its inputs and remembered outcomes. */
  readonly risks: readonly RiskPlan[];
  readonly shared: Prepared;
}

export function compilePlan(rb: Rulebook): Plan {
  const shared = prepare(rb);
  return {
    rulebook: rb,
    view: viewPlan(rb),
    principles: new Map(rb.principles.map((p) => [p, principlePlan(rb, p)])),
    risks: shared.risks.map(riskPlan),
    shared,
  };
}

/** What every assessment against one rulebook shares, worked out once: risks, actions by role, reference order. */
export interface Prepared {
  risks: Risk[];
  /** Each risk's actions for each role (by role id), in the risk's order. */
  actions: Map<string, Map<Risk, Finding['actions']>>;
  /** Each reference's place in the reference list (alphabetical by formatted citation). */
  referenceRank: Map<string, number>;
  /** Each risk's evidence as reports cite it: the same for every draft, so worked out once. */
  evidence: Map<Risk, Finding['evidence']>;
  /** Each reference as the reference list gives it, by id. */
  references: Map<string, Assessment['references'][number]>;
  /** Each principle's questions' prompts, by id. */
  prompts: Map<Principle, Map<string, string>>;
}
function prepare(rb: Rulebook): Prepared {
  {
    const risks = rb.principles.flatMap((x) => x.risks);
    const actions = new Map<string, Map<Risk, Finding['actions']>>();
    for (const role of rb.roles) {
      const byId = new Map(
        rb.principles.flatMap((x) => x.actions[role.id] ?? []).map((a) => [a.id, Object.freeze({ id: a.id, text: a.text })]),
      );
      actions.set(
        role.id,
        new Map(
          risks.map((risk) => [
            risk,
            Object.freeze((risk.actions ?? []).map((id) => byId.get(id)).filter((a) => a !== undefined)) as Finding['actions'],
          ]),
        ),
      );
    }
    // A plain comparison: localeCompare would start ICU's collator, which costs more than the whole assessment.
    const sortKey = (r: Reference) => citationOf(rb, r).toLowerCase();
    const order = [...rb.references].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
    const refs = new Map<string, Reference>(rb.references.map((r) => [r.id, r]));
    // Shared by every assessment against this rulebook, so frozen: no report may change them for the others.
    const evidence = new Map(
      risks.map((risk) => [risk, Object.freeze(evidenceOf(rb, risk, refs).map((e) => Object.freeze(e))) as Finding['evidence']]),
    );
    const references = new Map(
      rb.references.map((r) => [r.id, Object.freeze({ id: r.id, short: shortCitation(r), full: citationOf(rb, r) })]),
    );
    const prompts = new Map(
      rb.principles.map((x) => {
        const byId = new Map<string, string>();
        for (const q of x.questions) if (!byId.has(q.id)) byId.set(q.id, q.prompt);
        return [x, byId];
      }),
    );
    return { risks, actions, referenceRank: new Map(order.map((r, i) => [r.id, i])), evidence, references, prompts };
  }
}

/** A risk's references as findings cite them, each with the strength it carries there. */
function evidenceOf(rb: Rulebook, risk: Risk, refs: Map<string, Reference>): Finding['evidence'] {
  return risk.evidence.map((id) => {
    const ref = refs.get(id)!;
    const strength = referenceStrength(rb, risk, id);
    return strength ? { ...citedAs(ref), strength } : citedAs(ref);
  });
}
