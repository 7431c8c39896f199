import type { Problem } from '../load/errors.js';
import { didYouMean, locate, joinPath } from '../load/ajv-problems.js';
import type { YamlSource } from '../load/yaml-source.js';
import { inspectCondition } from './conditions.js';
import { RESERVED_WORDS } from './limits.js';
import type { Option, Principle, Reference, Rulebook, ListDefinition, Question, Risk } from './types.js';

// Raw YAML after schema validation: the schema, not the type system, vouches for its shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Raw = Record<string, any>;

/** The located sources of one rulebook: its metadata file, one file per principle, its bibliography. */
export interface RulebookSources {
  meta: YamlSource;
  principles: YamlSource[];
  references: YamlSource;
}

/** Where an item of a resolved rulebook was written: its file and its path there. */
export interface Origin {
  source: YamlSource;
  path: string;
}

/**
 * The origin of each item (the rulebook itself, principles, claims, actions, questions, risks,
 * references), keyed by the item object, so every check can point at the line that wrote it, whether
 * it came from the built-in files or a local rulebook that extends them.
 */
export type Origins = WeakMap<object, Origin>;

function options(map: Raw | undefined): Option[] {
  return Object.entries(map ?? {}).map(([id, o]) => ({ id, label: o.label, ...(o.help ? { help: o.help } : {}), score: o.score ?? null }));
}

/** Builds the resolved rulebook from schema-valid sources, recording where each item came from. */
export function resolveRulebook(sources: RulebookSources, origins: Origins = new WeakMap()): Rulebook {
  const m = sources.meta.value as Raw;
  const principles = sources.principles
    .map((s) => s.value as Raw)
    .sort((a, b) => a.number - b.number)
    .map((p): Principle => ({
      id: p.id,
      number: p.number,
      title: p.title,
      shortTitle: p.shortTitle,
      summary: p.summary,
      whyItMatters: p.whyItMatters,
      evidence: p.evidence,
      actions: Object.fromEntries(
        Object.entries((p.actions ?? {}) as Record<string, Raw[]>).map(([audience, list]) => [
          audience,
          list.map((a) => ({ ...a, audience, principle: p.id }) as Principle['actions'][string][number]),
        ]),
      ),
      questions: (p.questions as Raw[]).map(
        (q) => ({ ...q, principle: p.id, options: q.options.map((o: Raw) => ({ ...o, score: o.score ?? null })) }) as Question,
      ),
      risks: (p.risks as Raw[]).map((r) => ({ ...r, principle: p.id }) as Risk),
    }));
  const rb: Rulebook = {
    id: m.id,
    version: m.version,
    title: m.title,
    ...(m.description ? { description: m.description } : {}),
    basedOn: m.basedOn,
    bands: m.bands,
    verdict: m.verdict,
    roles: Object.entries(m.roles as Raw).map(([id, r]) => ({ id, ...r })),
    scopes: Object.entries(m.scopes as Raw).map(([id, s]) => ({ id, ...s })),
    lists: Object.entries(m.lists as Raw).map(([id, l]): ListDefinition => ({
      id,
      principle: l.principle,
      weight: l.weight,
      item: l.item,
      prompt: l.prompt,
      fields: Object.entries(l.fields as Raw).map(([fid, f]) => ({
        id: fid,
        type: f.options ? 'choice' : (f.type ?? 'text'),
        ...(f.required ? { required: true } : {}),
        prompt: f.prompt,
        ...(f.weight ? { weight: f.weight } : {}),
        ...(f.options ? { options: options(f.options) } : {}),
        ...(f.relevantWhen !== undefined ? { relevantWhen: f.relevantWhen } : {}),
      })),
    })),
    skills: {
      principle: m.skills.principle,
      weight: m.skills.weight,
      prompt: m.skills.prompt,
      levels: options(m.skills.levels),
      areas: Object.entries(m.skills.areas as Raw).map(([id, a]) => ({ id, ...a })),
    },
    ...(m.perceptionGap ? { perceptionGap: m.perceptionGap } : {}),
    principles,
    references: sources.references.value as Reference[],
  };
  origins.set(rb, { source: sources.meta, path: '' });
  rb.lists.forEach((l) => origins.set(l, { source: sources.meta, path: `lists.${l.id}` }));
  origins.set(rb.skills, { source: sources.meta, path: 'skills' });
  rb.references.forEach((r, i) => origins.set(r, { source: sources.references, path: `[${i}]` }));
  for (const p of rb.principles) {
    const source = sources.principles.find((x) => (x.value as Raw).id === p.id)!;
    recordPrincipleOrigins(p, source, '', origins);
  }
  return rb;
}

/** Records the origins of a principle's items written at `base` in `source`. */
export function recordPrincipleOrigins(p: Principle, source: YamlSource, base: string, origins: Origins): void {
  const at = (path: string) => ({ source, path: base ? joinPath(base, path) : path });
  origins.set(p, at(''));
  p.evidence.forEach((c, i) => origins.set(c, at(`evidence[${i}]`)));
  for (const [audience, list] of Object.entries(p.actions)) list.forEach((a, i) => origins.set(a, at(`actions.${audience}[${i}]`)));
  p.questions.forEach((q, i) => origins.set(q, at(`questions[${i}]`)));
  p.risks.forEach((r, i) => origins.set(r, at(`risks[${i}]`)));
}

/**
 * Referential integrity: every id used exists, every reference is cited, conditions use allowed
 * operators and name fields that exist. Returns every problem at once, each located at the item's origin.
 * `mustBeCited` limits the every-reference-is-cited rule (a local rulebook answers only for its own entries).
 */
export function checkIntegrity(rb: Rulebook, origins: Origins, mustBeCited: (r: Reference) => boolean = () => true): Problem[] {
  const problems: Problem[] = [];
  const add = (item: object, subpath: string, message: string, preferKey = false) => {
    const origin = origins.get(item) ?? origins.get(rb);
    if (!origin) {
      problems.push({ file: rb.id, message });
      return;
    }
    const path = subpath ? (origin.path ? `${origin.path}${subpath.startsWith('[') ? '' : '.'}${subpath}` : subpath) : origin.path;
    problems.push({ file: origin.source.file, ...locate(origin.source, path, preferKey), path, message });
  };
  const bibliography = (r?: Reference) => (r && origins.get(r)?.source.file) ?? 'the bibliography';
  // An id is a key of the draft and of lookups by id; a JavaScript internal's name would reach the internal.
  const ownId = (item: object, subpath: string, id: string, what: string) => {
    if (RESERVED_WORDS.includes(id))
      add(item, subpath, `"${id}" cannot be ${what} id: the word is reserved (it names a JavaScript internal); choose another`);
  };
  ownId(rb, 'id', rb.id, 'a rulebook');

  const refIds = new Set(rb.references.map((r) => r.id));
  const cited = new Set<string>();
  const seenRef = new Set<string>();
  rb.references.forEach((r) => {
    ownId(r, 'id', r.id, 'a reference');
    if (seenRef.has(r.id)) add(r, 'id', `reference id "${r.id}" is used twice`);
    seenRef.add(r.id);
  });
  const cite = (item: object, path: string, ids: string[] | undefined, countsAsCitation: boolean) =>
    (ids ?? []).forEach((id, i) => {
      if (!refIds.has(id))
        add(item, `${path}[${i}]`, `reference "${id}" is not in ${bibliography(rb.references[0])}${hint(id, [...refIds])}`);
      else if (countsAsCitation) cited.add(id);
    });
  cite(rb, 'basedOn', rb.basedOn, false);
  if (rb.perceptionGap) cite(rb, 'perceptionGap.evidence', rb.perceptionGap.evidence, true);

  const principleIds = new Set(rb.principles.map((p) => p.id));
  const roleIds = rb.roles.map((r) => r.id);
  const numbers = new Set<number>();
  const questionIds = new Map<string, Question>();
  const actionIds = new Set<string>();
  const riskIds = new Set<string>();

  if (rb.bands.strong <= rb.bands.developing) add(rb, 'bands.strong', 'the `strong` band must start above `developing`');
  for (const l of rb.lists) {
    if (!principleIds.has(l.principle)) add(l, 'principle', `no principle "${l.principle}"`);
  }
  if (!principleIds.has(rb.skills.principle)) add(rb.skills, 'principle', `no principle "${rb.skills.principle}"`);

  for (const p of rb.principles) {
    ownId(p, 'id', p.id, 'a principle');
    if (numbers.has(p.number)) add(p, 'number', `principle number ${p.number} is used twice`);
    numbers.add(p.number);
    const claimIds = new Set<string>();
    for (const c of p.evidence) {
      ownId(c, 'id', c.id, 'a claim');
      if (claimIds.has(c.id)) add(c, 'id', `claim id "${c.id}" is used twice in this principle`);
      claimIds.add(c.id);
      cite(c, 'references', c.references, true);
    }
    for (const [audience, list] of Object.entries(p.actions)) {
      if (!roleIds.includes(audience)) add(p, `actions.${audience}`, `"${audience}" is not a role (roles: ${roleIds.join(', ')})`, true);
      for (const a of list) {
        ownId(a, 'id', a.id, 'an action');
        if (actionIds.has(a.id)) add(a, 'id', `action id "${a.id}" is used twice in the rulebook`);
        actionIds.add(a.id);
        cite(a, 'references', a.references, false);
      }
    }
    for (const q of p.questions) {
      ownId(q, 'id', q.id, 'a question');
      if (questionIds.has(q.id)) add(q, 'id', `question id "${q.id}" is used twice in the rulebook`);
      questionIds.set(q.id, q);
      const seen = new Set<string>();
      q.options.forEach((o, j) => {
        ownId(q, `options[${j}].id`, o.id, 'an option');
        if (o.id === 'unknown') add(q, `options[${j}].id`, '"unknown" is reserved: every question offers "not sure" by itself');
        if (seen.has(o.id)) add(q, `options[${j}].id`, `option "${o.id}" is listed twice`);
        seen.add(o.id);
      });
      if (q.options.every((o) => o.score === null)) add(q, 'options', `question "${q.id}" cannot score: every option has a null score`);
      if (!(q.weight > 0)) add(q, 'weight', `question "${q.id}" needs a weight above 0 to score`);
      for (const role of Object.keys(q.prompts ?? {})) {
        if (!roleIds.includes(role)) add(q, `prompts.${role}`, `"${role}" is not a role`, true);
      }
    }
  }
  for (const p of rb.principles) {
    const scored = p.questions.length > 0 || rb.lists.some((l) => l.principle === p.id) || rb.skills.principle === p.id;
    if (!scored) add(p, 'questions', `principle "${p.id}" has nothing to score it: add a question`);
  }

  const fieldKnown = (name: string, list?: ListDefinition): string | undefined => {
    const [head, second, ...rest] = name.split('.');
    if (rest.length) return 'that goes deeper than any field of a draft';
    switch (head) {
      case 'role':
      case 'scope':
        return second === undefined ? undefined : `${head} has no sub-fields`;
      case 'answers':
        if (second === undefined) return undefined;
        return questionIds.has(second) ? undefined : `there is no question "${second}"${hint(second, [...questionIds.keys()])}`;
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
  };
  const checkCondition = (item: object, path: string, condition: unknown, list?: ListDefinition) => {
    const { reads, problems: ops } = inspectCondition(condition);
    const within = (at: (string | number)[]) => at.reduce<string>((p, k) => joinPath(p, k), path);
    for (const op of ops) add(item, within(op.at), op.message);
    for (const r of reads) {
      const bad = fieldKnown(r.path, list);
      if (bad) add(item, within(r.at), `the condition reads "${r.path}", but ${bad}`);
    }
  };

  for (const l of rb.lists) {
    for (const f of l.fields) {
      if (f.relevantWhen !== undefined) checkCondition(l, `fields.${f.id}.relevantWhen`, f.relevantWhen, l);
    }
  }
  for (const p of rb.principles) {
    for (const q of p.questions) {
      if (q.relevantWhen !== undefined) checkCondition(q, 'relevantWhen', q.relevantWhen);
    }
    const claimIds = new Set(p.evidence.map((c) => c.id));
    for (const r of p.risks) {
      ownId(r, 'id', r.id, 'a risk');
      if (riskIds.has(r.id)) add(r, 'id', `risk id "${r.id}" is used twice in the rulebook`);
      riskIds.add(r.id);
      let list: ListDefinition | undefined;
      if (r.forEach !== undefined) {
        list = rb.lists.find((l) => l.id === r.forEach);
        if (!list) add(r, 'forEach', `forEach names no list (lists: ${rb.lists.map((l) => l.id).join(', ')})`);
      }
      checkCondition(r, 'when', r.when, list);
      r.escalate?.forEach((e, j) => checkCondition(r, `escalate[${j}].when`, e.when, list));
      cite(r, 'evidence', r.evidence, true);
      r.claims?.forEach((c, j) => {
        if (!claimIds.has(c)) add(r, `claims[${j}]`, `no evidence claim "${c}" in principle "${p.id}"${hint(c, [...claimIds])}`);
      });
      r.actions?.forEach((a, j) => {
        if (!actionIds.has(a)) add(r, `actions[${j}]`, `no action "${a}"${hint(a, [...actionIds])}`);
      });
      for (const role of roleIds) {
        if (!r.advice[role]) add(r, 'advice', `risk "${r.id}" has no advice for the "${role}" role`);
      }
    }
  }

  const gap = rb.perceptionGap;
  if (gap) {
    if (!principleIds.has(gap.principle)) add(rb, 'perceptionGap.principle', `no principle "${gap.principle}"`);
    for (const key of ['designer', 'frontline'] as const) {
      if (!roleIds.includes(gap[key])) add(rb, `perceptionGap.${key}`, `"${gap[key]}" is not a role (roles: ${roleIds.join(', ')})`);
    }
    ownId(rb, 'perceptionGap.id', gap.id, 'a risk');
    if (riskIds.has(gap.id)) add(rb, 'perceptionGap.id', `"${gap.id}" is already a risk id`);
    for (const role of roleIds)
      if (!gap.advice[role]) add(rb, 'perceptionGap.advice', `perceptionGap has no advice for the "${role}" role`);
    gap.actions?.forEach((a, j) => {
      if (!actionIds.has(a)) add(rb, `perceptionGap.actions[${j}]`, `no action "${a}"`);
    });
  }
  for (const r of rb.references) {
    if (!cited.has(r.id) && mustBeCited(r)) add(r, 'id', `reference "${r.id}" is not cited by any evidence claim or risk`);
  }
  return problems;
}

/** "Did you mean": the nearest id by edit distance, else up to three ids sharing the first three letters. */
export function hint(value: string, candidates: string[]): string {
  const near = didYouMean(value, candidates);
  if (near) return near;
  const close = candidates.filter((c) => c.startsWith(value.slice(0, 3)));
  return close.length && close.length <= 3 ? ` (did you mean ${close.map((c) => `"${c}"`).join(' or ')}?)` : '';
}
