import { joinPath } from '../load/ajv-problems.js';
import type { YamlSource } from '../load/yaml-source.js';
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
        ...(f.changeable ? { changeable: f.changeable } : {}),
      })),
    })),
    skills: {
      principle: m.skills.principle,
      weight: m.skills.weight,
      prompt: m.skills.prompt,
      levels: options(m.skills.levels),
      areas: Object.entries(m.skills.areas as Raw).map(([id, a]) => ({ id, ...a })),
      ...(m.skills.changeable ? { changeable: m.skills.changeable } : {}),
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
