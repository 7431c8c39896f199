import type { Problem } from '../load/errors.js';
import { locate, joinPath } from '../load/ajv-problems.js';
import type { YamlSource } from '../load/yaml-source.js';
import { inspectCondition } from '../engine/conditions.js';
import type { Option, Principle, Reference, Rulebook, ListDefinition, Question, Risk } from './types.js';

type Raw = Record<string, any>;

/** The located sources of one rulebook: its metadata file, one file per principle, its bibliography. */
export interface RulebookSources {
  meta: YamlSource;
  principles: YamlSource[];
  references: YamlSource;
}

function options(map: Raw | undefined): Option[] {
  return Object.entries(map ?? {}).map(([id, o]) => ({ id, label: o.label, ...(o.help ? { help: o.help } : {}), score: o.score ?? null }));
}

/** Builds the resolved rulebook from schema-valid sources. */
export function resolveRulebook(sources: RulebookSources): Rulebook {
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
      questions: (p.questions as Raw[]).map((q) => ({ ...q, principle: p.id, options: q.options.map((o: Raw) => ({ ...o, score: o.score ?? null })) }) as Question),
      risks: (p.risks as Raw[]).map((r) => ({ ...r, principle: p.id }) as Risk),
    }));
  return {
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
      })),
    })),
    skills: {
      principle: m.skills.principle,
      weight: m.skills.weight,
      prompt: m.skills.prompt,
      levels: options(m.skills.levels),
      areas: Object.entries(m.skills.areas as Raw).map(([id, a]) => ({ id, ...a })),
    },
    principles,
    references: sources.references.value as Reference[],
  };
}

/**
 * Referential integrity: every id used exists, every reference is cited, conditions use allowed
 * operators and name fields that exist. Returns every problem at once, each located.
 */
export function checkIntegrity(rb: Rulebook, sources: RulebookSources): Problem[] {
  const problems: Problem[] = [];
  const add = (source: YamlSource, path: string, message: string, preferKey = false) =>
    problems.push({ file: source.file, ...locate(source, path, preferKey), path, message });
  const principleSource = (id: string) => sources.principles.find((s) => (s.value as Raw).id === id) ?? sources.meta;

  const refIds = new Set(rb.references.map((r) => r.id));
  const cited = new Set<string>();
  const seenRef = new Set<string>();
  rb.references.forEach((r, i) => {
    if (seenRef.has(r.id)) add(sources.references, `[${i}].id`, `reference id "${r.id}" is used twice`);
    seenRef.add(r.id);
  });
  const cite = (source: YamlSource, path: string, ids: string[] | undefined, countsAsCitation: boolean) =>
    (ids ?? []).forEach((id, i) => {
      if (!refIds.has(id)) add(source, `${path}[${i}]`, `reference "${id}" is not in the bibliography (${sources.references.file})`);
      else if (countsAsCitation) cited.add(id);
    });
  cite(sources.meta, 'basedOn', rb.basedOn, false);

  const principleIds = new Set(rb.principles.map((p) => p.id));
  const roleIds = rb.roles.map((r) => r.id);
  const numbers = new Set<number>();
  const questionIds = new Map<string, Question>();
  const actionIds = new Set<string>();
  const riskIds = new Set<string>();

  if (rb.bands.strong <= rb.bands.developing) add(sources.meta, 'bands.strong', 'the `strong` band must start above `developing`');
  for (const l of rb.lists) {
    if (!principleIds.has(l.principle)) add(sources.meta, `lists.${l.id}.principle`, `no principle "${l.principle}"`);
  }
  if (!principleIds.has(rb.skills.principle)) add(sources.meta, 'skills.principle', `no principle "${rb.skills.principle}"`);

  for (const p of rb.principles) {
    const src = principleSource(p.id);
    if (numbers.has(p.number)) add(src, 'number', `principle number ${p.number} is used twice`);
    numbers.add(p.number);
    const claimIds = new Set<string>();
    p.evidence.forEach((c, i) => {
      if (claimIds.has(c.id)) add(src, `evidence[${i}].id`, `claim id "${c.id}" is used twice in this principle`);
      claimIds.add(c.id);
      cite(src, `evidence[${i}].references`, c.references, true);
    });
    for (const [audience, list] of Object.entries(p.actions)) {
      if (!roleIds.includes(audience)) add(src, `actions.${audience}`, `"${audience}" is not a role (roles: ${roleIds.join(', ')})`, true);
      list.forEach((a, i) => {
        if (actionIds.has(a.id)) add(src, `actions.${audience}[${i}].id`, `action id "${a.id}" is used twice in the rulebook`);
        actionIds.add(a.id);
        cite(src, `actions.${audience}[${i}].references`, a.references, false);
      });
    }
    p.questions.forEach((q, i) => {
      if (questionIds.has(q.id)) add(src, `questions[${i}].id`, `question id "${q.id}" is used twice in the rulebook`);
      questionIds.set(q.id, q);
      const seen = new Set<string>();
      q.options.forEach((o, j) => {
        if (o.id === 'unknown') add(src, `questions[${i}].options[${j}].id`, '"unknown" is reserved: every question offers "not sure" by itself');
        if (seen.has(o.id)) add(src, `questions[${i}].options[${j}].id`, `option "${o.id}" is listed twice`);
        seen.add(o.id);
      });
      if (q.options.every((o) => o.score === null)) add(src, `questions[${i}].options`, `question "${q.id}" cannot score: every option has a null score`);
      for (const role of Object.keys(q.prompts ?? {})) {
        if (!roleIds.includes(role)) add(src, `questions[${i}].prompts.${role}`, `"${role}" is not a role`, true);
      }
    });
  }
  for (const p of rb.principles) {
    const scored = p.questions.length > 0 || rb.lists.some((l) => l.principle === p.id) || rb.skills.principle === p.id;
    if (!scored) add(principleSource(p.id), 'questions', `principle "${p.id}" has nothing to score it: add a question`);
  }

  const fieldKnown = (name: string, list?: ListDefinition): string | undefined => {
    const [head, second, ...rest] = name.split('.');
    if (rest.length) return `"${name}" goes deeper than any field`;
    switch (head) {
      case 'role':
      case 'scope':
        return second === undefined ? undefined : `"${name}" has no sub-fields`;
      case 'answers':
        if (second === undefined) return undefined;
        return questionIds.has(second) ? undefined : `no question "${second}"${hint(second, [...questionIds.keys()])}`;
      case 'skills':
        if (second === undefined) return undefined;
        return rb.skills.areas.some((a) => a.id === second) ? undefined : `no skill area "${second}"`;
      case 'item':
        if (!list) return '"item" is only available in a risk with forEach';
        if (second === undefined) return undefined;
        return list.fields.some((f) => f.id === second) ? undefined : `${list.id} entries have no field "${second}"`;
      default: {
        const l = rb.lists.find((x) => x.id === head);
        if (!l) return `"${head}" is not part of a draft (use answers.*, skills.*, ${rb.lists.map((x) => x.id).join(', ')}, scope, role)`;
        if (second === undefined) return undefined;
        return /^\d+$/.test(second) ? undefined : `"${name}": use some/all/filter to look inside ${head}`;
      }
    }
  };
  const checkCondition = (src: YamlSource, path: string, condition: unknown, list?: ListDefinition) => {
    const { vars, problems: ops } = inspectCondition(condition);
    for (const op of ops) add(src, op.at.reduce<string>((p, k) => joinPath(p, k), path), op.message);
    for (const v of vars) {
      const bad = fieldKnown(v, list);
      if (bad) add(src, path, `condition reads ${bad}`);
    }
  };

  for (const p of rb.principles) {
    const src = principleSource(p.id);
    p.questions.forEach((q, i) => {
      if (q.relevantWhen !== undefined) checkCondition(src, `questions[${i}].relevantWhen`, q.relevantWhen);
    });
    const claimIds = new Set(p.evidence.map((c) => c.id));
    p.risks.forEach((r, i) => {
      const at = `risks[${i}]`;
      if (riskIds.has(r.id)) add(src, `${at}.id`, `risk id "${r.id}" is used twice in the rulebook`);
      riskIds.add(r.id);
      let list: ListDefinition | undefined;
      if (r.forEach !== undefined) {
        list = rb.lists.find((l) => l.id === r.forEach);
        if (!list) add(src, `${at}.forEach`, `forEach names no list (lists: ${rb.lists.map((l) => l.id).join(', ')})`);
      }
      checkCondition(src, `${at}.when`, r.when, list);
      r.escalate?.forEach((e, j) => checkCondition(src, `${at}.escalate[${j}].when`, e.when, list));
      cite(src, `${at}.evidence`, r.evidence, true);
      r.claims?.forEach((c, j) => {
        if (!claimIds.has(c)) add(src, `${at}.claims[${j}]`, `no evidence claim "${c}" in principle "${p.id}"`);
      });
      r.actions?.forEach((a, j) => {
        if (!actionIds.has(a)) add(src, `${at}.actions[${j}]`, `no action "${a}"${hint(a, [...actionIds])}`);
      });
      for (const role of roleIds) {
        if (!r.advice[role]) add(src, `${at}.advice`, `risk "${r.id}" has no advice for the "${role}" role`);
      }
    });
  }

  rb.references.forEach((r, i) => {
    if (!cited.has(r.id)) add(sources.references, `[${i}].id`, `reference "${r.id}" is not cited by any evidence claim or risk`);
  });
  return problems;
}

function hint(value: string, candidates: string[]): string {
  const close = candidates.filter((c) => c.startsWith(value.slice(0, 3)));
  return close.length && close.length <= 3 ? ` (did you mean ${close.map((c) => `"${c}"`).join(' or ')}?)` : '';
}
