/**
 * A rulebook's referential integrity: every id used exists and is used once, every reference is cited,
 * conditions use allowed operators and read fields a draft has. Every problem is returned at once, each
 * located at the item that wrote it (src/rulebook/resolve.ts records where each item came from).
 */
import type { Problem } from '../load/errors.js';
import { didYouMean, joinPath, locate } from '../load/ajv-problems.js';
import { inspectCondition } from './conditions.js';
import { RESERVED_WORDS } from './limits.js';
import { graver } from './severity.js';
import type { Origins } from './resolve.js';
import { carriesHigh, claimsOf, DESIGN_START, gradeFrom, strengthWords } from './evidence-strength.js';
import type { Changeable, EvidenceClaim, ListDefinition, Principle, Question, Reference, Risk, Rulebook } from './types.js';

/** What the checks share: where to report, and the ids seen so far. */
interface Check {
  rb: Rulebook;
  problems: Problem[];
  /** A problem with `item` at `subpath` below where it was written (with `preferKey`, at the key). */
  add(item: object, subpath: string, message: string, preferKey?: boolean): void;
  /** Refuses an id that names a JavaScript internal: an id is a key of the draft and of lookups by id. */
  ownId(item: object, subpath: string, id: string, what: string): void;
  /** Checks that each id is a reference; those that count as citations are noted in `cited`. */
  cite(item: object, path: string, ids: string[] | undefined, countsAsCitation: boolean): void;
  cited: Set<string>;
  principleIds: Set<string>;
  roleIds: string[];
  questionIds: Map<string, Question>;
  actionIds: Set<string>;
  riskIds: Set<string>;
}

function startCheck(rb: Rulebook, origins: Origins): Check {
  const problems: Problem[] = [];
  const add: Check['add'] = (item, subpath, message, preferKey = false) => {
    const origin = origins.get(item) ?? origins.get(rb);
    if (!origin) {
      problems.push({ file: rb.id, message });
      return;
    }
    const path = subpath ? (origin.path ? `${origin.path}${subpath.startsWith('[') ? '' : '.'}${subpath}` : subpath) : origin.path;
    problems.push({ file: origin.source.file, ...locate(origin.source, path, preferKey), path, message });
  };
  const refIds = new Set(rb.references.map((r) => r.id));
  const bibliography = (r?: Reference) => (r && origins.get(r)?.source.file) ?? 'the bibliography';
  const cited = new Set<string>();
  return {
    rb,
    problems,
    add,
    ownId(item, subpath, id, what) {
      if (RESERVED_WORDS.includes(id))
        add(item, subpath, `"${id}" cannot be ${what} id: the word is reserved (it names a JavaScript internal); choose another`);
    },
    cite(item, path, ids, countsAsCitation) {
      (ids ?? []).forEach((id, i) => {
        if (!refIds.has(id))
          add(item, `${path}[${i}]`, `reference "${id}" is not in ${bibliography(rb.references[0])}${hint(id, [...refIds])}`);
        else if (countsAsCitation) cited.add(id);
      });
    },
    cited,
    principleIds: new Set(rb.principles.map((p) => p.id)),
    roleIds: rb.roles.map((r) => r.id),
    questionIds: new Map(),
    actionIds: new Set(),
    riskIds: new Set(),
  };
}

/** The rulebook's own id, its references' ids, and what it cites outside principles. */
function checkReferences(c: Check): void {
  const { rb } = c;
  c.ownId(rb, 'id', rb.id, 'a rulebook');
  const seen = new Set<string>();
  rb.references.forEach((r) => {
    c.ownId(r, 'id', r.id, 'a reference');
    if (seen.has(r.id)) c.add(r, 'id', `reference id "${r.id}" is used twice`);
    seen.add(r.id);
  });
  c.cite(rb, 'basedOn', rb.basedOn, false);
  if (rb.perceptionGap) c.cite(rb, 'perceptionGap.evidence', rb.perceptionGap.evidence, true);
}

/** Bands in order, and the lists and skills attached to principles that exist. */
function checkLayout(c: Check): void {
  const { rb } = c;
  if (rb.bands.strong <= rb.bands.developing) c.add(rb, 'bands.strong', 'the `strong` band must start above `developing`');
  for (const l of rb.lists) {
    if (!c.principleIds.has(l.principle)) c.add(l, 'principle', `no principle "${l.principle}"`);
  }
  if (!c.principleIds.has(rb.skills.principle)) c.add(rb.skills, 'principle', `no principle "${rb.skills.principle}"`);
}

/** Roles named in a `changeable` (who can act on an answer, for whatif) must exist. */
function checkChangeable(
  c: Check,
  item: object,
  path: string,
  changeable: Changeable | undefined,
  options: { id: string }[] = [],
  list?: ListDefinition,
): void {
  for (const [role, condition] of Object.entries(changeable?.when ?? {})) {
    if (!changeable!.by.includes(role))
      c.add(item, `${path}.when.${role}`, `"${role}" is not in \`by\`, so a condition for it does nothing`, true);
    checkCondition(c, item, `${path}.when.${role}`, condition, list);
  }
  (changeable?.by ?? []).forEach((role, i) => {
    if (!c.roleIds.includes(role)) c.add(item, `${path}.by[${i}]`, `"${role}" is not a role (roles: ${c.roleIds.join(', ')})`);
  });
  (changeable?.to ?? []).forEach((id, i) => {
    if (!options.some((o) => o.id === id))
      c.add(item, `${path}.to[${i}]`, `"${id}" is not an option here (options: ${options.map((o) => o.id).join(', ')})`);
  });
}

function checkQuestion(c: Check, q: Question): void {
  c.ownId(q, 'id', q.id, 'a question');
  if (c.questionIds.has(q.id)) c.add(q, 'id', `question id "${q.id}" is used twice in the rulebook`);
  c.questionIds.set(q.id, q);
  const seen = new Set<string>();
  q.options.forEach((o, j) => {
    c.ownId(q, `options[${j}].id`, o.id, 'an option');
    if (o.id === 'unknown') c.add(q, `options[${j}].id`, '"unknown" is reserved: every question offers "not sure" by itself');
    if (seen.has(o.id)) c.add(q, `options[${j}].id`, `option "${o.id}" is listed twice`);
    seen.add(o.id);
  });
  if (q.options.every((o) => o.score === null)) c.add(q, 'options', `question "${q.id}" cannot score: every option has a null score`);
  if (!(q.weight > 0)) c.add(q, 'weight', `question "${q.id}" needs a weight above 0 to score`);
  for (const role of Object.keys(q.prompts ?? {})) {
    if (!c.roleIds.includes(role)) c.add(q, `prompts.${role}`, `"${role}" is not a role`, true);
  }
}

/** A principle's number, claims, actions and questions (its risks come later, once every id is known). */
function checkPrinciple(c: Check, p: Principle, numbers: Set<number>): void {
  c.ownId(p, 'id', p.id, 'a principle');
  if (numbers.has(p.number)) c.add(p, 'number', `principle number ${p.number} is used twice`);
  numbers.add(p.number);
  const claimIds = new Set<string>();
  for (const claim of p.evidence) {
    c.ownId(claim, 'id', claim.id, 'a claim');
    if (claimIds.has(claim.id)) c.add(claim, 'id', `claim id "${claim.id}" is used twice in this principle`);
    claimIds.add(claim.id);
    c.cite(claim, 'references', claim.references, true);
    checkGrade(c, claim);
  }
  for (const [audience, list] of Object.entries(p.actions)) {
    if (!c.roleIds.includes(audience))
      c.add(p, `actions.${audience}`, `"${audience}" is not a role (roles: ${c.roleIds.join(', ')})`, true);
    for (const a of list) {
      c.ownId(a, 'id', a.id, 'an action');
      if (c.actionIds.has(a.id)) c.add(a, 'id', `action id "${a.id}" is used twice in the rulebook`);
      c.actionIds.add(a.id);
      c.cite(a, 'references', a.references, false);
    }
  }
  for (const q of p.questions) checkQuestion(c, q);
}

/** A claim's grade must be the one its basis's design and its reasons to rate down give (docs/method.md). */
function checkGrade(c: Check, claim: EvidenceClaim): void {
  const { basis, down = [] } = claim.grade;
  // A reference id that is not in the bibliography is reported by cite(); one cause, one problem.
  if (claim.references.some((id) => !c.rb.references.some((r) => r.id === id))) return;
  if (!claim.references.includes(basis)) {
    c.add(claim, 'grade.basis', `the grade rests on "${basis}", which is not one of the claim's references`);
    return;
  }
  const ref = c.rb.references.find((r) => r.id === basis);
  if (!ref) return; // reported by cite()
  if (!ref.design) {
    c.add(claim, 'grade.basis', `reference "${basis}" has no \`design\`, so the grade cannot start from it (docs/method.md)`);
    return;
  }
  const expected = gradeFrom(ref.design, down.length);
  if (expected !== claim.strength)
    c.add(
      claim,
      'strength',
      `claim "${claim.id}" is graded ${strengthWords(claim.strength)}, but its basis (${basis}: ${ref.design}, starting ${strengthWords(
        DESIGN_START[ref.design],
      )}${down.length ? `, rated down for ${down.join(', ')}` : ''}) gives ${strengthWords(expected)} (docs/method.md)`,
    );
}

/** Why a condition may not read the field `name` (undefined when it may); `list` is the risk's forEach list. */
function unknownField(c: Check, name: string, list?: ListDefinition): string | undefined {
  const { rb } = c;
  const [head, second, ...rest] = name.split('.');
  if (rest.length) return 'that goes deeper than any field of a draft';
  switch (head) {
    case 'role':
    case 'scope':
      return second === undefined ? undefined : `${head} has no sub-fields`;
    case 'answers':
      if (second === undefined) return undefined;
      return c.questionIds.has(second) ? undefined : `there is no question "${second}"${hint(second, [...c.questionIds.keys()])}`;
    case 'skills':
      if (second === undefined) return undefined;
      return rb.skills.areas.some((a) => a.id === second)
        ? undefined
        : `there is no skill area "${second}"${hint(
            second,
            rb.skills.areas.map((a) => a.id),
          )}`;
    case 'item':
      if (!list) return '`item` is only available in a risk with forEach';
      if (second === undefined) return undefined;
      return list.fields.some((f) => f.id === second) ? undefined : `${list.id} entries have no field "${second}"`;
    default: {
      const l = rb.lists.find((x) => x.id === head);
      if (!l) return `a draft has no "${head}" (use answers.*, skills.*, ${rb.lists.map((x) => x.id).join(', ')}, scope, role)`;
      if (second === undefined) return undefined;
      return /^\d+$/.test(second) ? undefined : `use some/all/filter to look inside ${head}`;
    }
  }
}

/** A condition's operators and the fields it reads, located at `path` within `item`. */
function checkCondition(c: Check, item: object, path: string, condition: unknown, list?: ListDefinition): void {
  const { reads, problems: ops } = inspectCondition(condition);
  const within = (at: (string | number)[]) => at.reduce<string>((p, k) => joinPath(p, k), path);
  for (const op of ops) c.add(item, within(op.at), op.message);
  for (const r of reads) {
    const bad = unknownField(c, r.path, list);
    if (bad) c.add(item, within(r.at), `the condition reads "${r.path}", but ${bad}`);
  }
}

function checkRisk(c: Check, p: Principle, r: Risk, claimIds: Set<string>): void {
  const { rb } = c;
  c.ownId(r, 'id', r.id, 'a risk');
  if (c.riskIds.has(r.id)) c.add(r, 'id', `risk id "${r.id}" is used twice in the rulebook`);
  c.riskIds.add(r.id);
  let list: ListDefinition | undefined;
  if (r.forEach !== undefined) {
    list = rb.lists.find((l) => l.id === r.forEach);
    if (!list) c.add(r, 'forEach', `forEach names no list (lists: ${rb.lists.map((l) => l.id).join(', ')})`);
  }
  checkCondition(c, r, 'when', r.when, list);
  r.escalate?.forEach((e, j) => checkCondition(c, r, `escalate[${j}].when`, e.when, list));
  c.cite(r, 'evidence', r.evidence, true);
  r.claims?.forEach((claim, j) => {
    if (!claimIds.has(claim)) c.add(r, `claims[${j}]`, `no evidence claim "${claim}" in principle "${p.id}"${hint(claim, [...claimIds])}`);
    // Reports show a grade only beside the study that sets it, so that study must be in the risk's evidence.
    const basis = p.evidence.find((x) => x.id === claim)?.grade?.basis;
    if (basis && !r.evidence.includes(basis))
      c.add(r, `claims[${j}]`, `claim "${claim}" takes its grade from "${basis}", which the risk's evidence does not list: add it`);
  });
  r.actions?.forEach((a, j) => {
    if (!c.actionIds.has(a)) c.add(r, `actions[${j}]`, `no action "${a}"${hint(a, [...c.actionIds])}`);
  });
  for (const role of c.roleIds) {
    if (!r.advice[role]) c.add(r, 'advice', `risk "${r.id}" has no advice for the "${role}" role`);
  }
  checkHighSeverity(c, r);
}

/**
 * A high severity needs a claim graded moderate or better, or a recorded reason (docs/method.md): the
 * rulebook may not be more certain than its evidence without saying why.
 */
function checkHighSeverity(c: Check, r: Risk): void {
  const j = (r.escalate ?? []).findIndex((e) => e.to === 'high');
  const at = r.severity === 'high' ? 'severity' : j >= 0 ? `escalate[${j}].to` : undefined;
  if (at) requireHighEvidence(c, r, at, `risk "${r.id}"`, claimsOf(c.rb, r), r.severityReason);
}

function requireHighEvidence(c: Check, item: object, at: string, who: string, claims: EvidenceClaim[], reason?: string): void {
  if (reason || claims.some((x) => carriesHigh(x.strength))) return;
  const grades = claims.map((x) => `${x.id}: ${strengthWords(x.strength)}`).join(', ');
  c.add(
    item,
    at,
    `${who} can be high, but ${claims.length ? `every claim it rests on is graded below moderate (${grades})` : 'it rests on no evidence claim'}: rest it on a claim graded moderate or better, lower the severity, or record why in \`severityReason\` (docs/method.md)`,
  );
}

function checkPerceptionGap(c: Check): void {
  const gap = c.rb.perceptionGap;
  if (!gap) return;
  const { rb } = c;
  if (!c.principleIds.has(gap.principle)) c.add(rb, 'perceptionGap.principle', `no principle "${gap.principle}"`);
  for (const key of ['designer', 'frontline'] as const) {
    if (!c.roleIds.includes(gap[key])) c.add(rb, `perceptionGap.${key}`, `"${gap[key]}" is not a role (roles: ${c.roleIds.join(', ')})`);
  }
  c.ownId(rb, 'perceptionGap.id', gap.id, 'a risk');
  if (c.riskIds.has(gap.id)) c.add(rb, 'perceptionGap.id', `"${gap.id}" is already a risk id`);
  for (const role of c.roleIds)
    if (!gap.advice[role]) c.add(rb, 'perceptionGap.advice', `perceptionGap has no advice for the "${role}" role`);
  gap.actions?.forEach((a, j) => {
    if (!c.actionIds.has(a)) c.add(rb, `perceptionGap.actions[${j}]`, `no action "${a}"`);
  });
  gap.questions.forEach((q, j) => {
    if (!c.questionIds.has(q))
      c.add(rb, `perceptionGap.questions[${j}]`, `there is no question "${q}"${hint(q, [...c.questionIds.keys()])}`);
  });
  const own = rb.principles.find((p) => p.id === gap.principle)?.evidence ?? [];
  gap.claims?.forEach((claim, j) => {
    if (!own.some((x) => x.id === claim))
      c.add(rb, `perceptionGap.claims[${j}]`, `no evidence claim "${claim}" in principle "${gap.principle}"`);
  });
  gap.levels.forEach((level, j) => {
    const next = gap.levels[j + 1];
    if (next && (next.minScoreGap > level.minScoreGap || next.minAnswerGap > level.minAnswerGap || !graver(level.severity, next.severity)))
      c.add(
        rb,
        `perceptionGap.levels[${j + 1}]`,
        'levels go gravest first: each a milder severity with gaps no larger than the one before',
      );
  });
  const highAt = gap.levels.findIndex((l) => l.severity === 'high');
  if (highAt >= 0)
    requireHighEvidence(
      c,
      rb,
      `perceptionGap.levels[${highAt}].severity`,
      `"${gap.id}"`,
      own.filter((x) => gap.claims?.includes(x.id)),
      gap.severityReason,
    );
}

/**
 * Every integrity problem of a resolved rulebook, in the order of the checks (ids and references,
 * layout, each principle, conditions, risks, the perception gap, uncited references). `mustBeCited`
 * limits the every-reference-is-cited rule (a local rulebook answers only for its own entries).
 */
export function checkIntegrity(rb: Rulebook, origins: Origins, mustBeCited: (r: Reference) => boolean = () => true): Problem[] {
  const c = startCheck(rb, origins);
  checkReferences(c);
  checkLayout(c);
  const numbers = new Set<number>();
  for (const p of rb.principles) checkPrinciple(c, p, numbers);
  for (const p of rb.principles) {
    const scored = p.questions.length > 0 || rb.lists.some((l) => l.principle === p.id) || rb.skills.principle === p.id;
    if (!scored) c.add(p, 'questions', `principle "${p.id}" has nothing to score it: add a question`);
  }
  for (const l of rb.lists) {
    for (const f of l.fields) {
      if (f.relevantWhen !== undefined) checkCondition(c, l, `fields.${f.id}.relevantWhen`, f.relevantWhen, l);
      checkChangeable(c, l, `fields.${f.id}.changeable`, f.changeable, f.options, l);
    }
  }
  checkChangeable(c, rb.skills, 'changeable', rb.skills.changeable, rb.skills.levels);
  for (const p of rb.principles) {
    for (const q of p.questions) {
      if (q.relevantWhen !== undefined) checkCondition(c, q, 'relevantWhen', q.relevantWhen);
      checkChangeable(c, q, 'changeable', q.changeable, q.options);
    }
    const claimIds = new Set(p.evidence.map((x) => x.id));
    for (const r of p.risks) checkRisk(c, p, r, claimIds);
  }
  checkPerceptionGap(c);
  const disabled = new Set((rb.disabledRisks ?? []).map((d) => d.id));
  rb.verdict.ready.notWith?.forEach((id, j) => {
    if (!c.riskIds.has(id) && !disabled.has(id)) c.add(rb, `verdict.ready.notWith[${j}]`, `no risk "${id}"${hint(id, [...c.riskIds])}`);
  });
  for (const r of rb.references) {
    if (!c.cited.has(r.id) && mustBeCited(r)) c.add(r, 'id', `reference "${r.id}" is not cited by any evidence claim or risk`);
  }
  return c.problems;
}

/** "Did you mean": the nearest id by edit distance, else up to three ids sharing the first three letters. */
export function hint(value: string, candidates: string[]): string {
  const near = didYouMean(value, candidates);
  if (near) return near;
  const close = candidates.filter((c) => c.startsWith(value.slice(0, 3)));
  return close.length && close.length <= 3 ? ` (did you mean ${close.map((c) => `"${c}"`).join(' or ')}?)` : '';
}
