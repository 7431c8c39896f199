import type { Problem } from '../load/errors.js';

type Raw = Record<string, unknown>;

/** Fields a local rulebook cannot be merged without: with any of them wrong, only schema problems are reported. */
const HEADER = ['id', 'version', 'title', 'extends'];

export interface Damage {
  /** The file cannot be merged at all (not a mapping, or a header field is wrong). */
  fatal: boolean;
  /** A schema problem lies at or inside `path`. */
  broken(path: string): boolean;
  /** The schema-valid entries of a list at `path`, with their index; nothing when it is not a list. */
  items<T>(value: unknown, path: string): [T, number][];
  /**
   * The entries of a mapping at `path` (nothing when it is not a mapping): each is left out when a schema
   * problem lies inside it, or, for `containers` (whose own items are filtered later), only when it is itself wrong.
   */
  entries<T>(value: unknown, path: string, containers?: boolean): [string, T][];
  /** Reference ids cited by items left out, which must not then be called uncited. */
  cited: Set<string>;
  /** An integrity problem that only follows from an item being left out (it names the item's id). */
  explains(problem: Problem): boolean;
}

const isMapping = (v: unknown): v is Raw => v !== null && typeof v === 'object' && !Array.isArray(v);
const inside = (path: string, base: string) => path === base || path.startsWith(`${base}.`) || path.startsWith(`${base}[`);

/**
 * What the schema problems of a local rulebook spoil. The rest is merged and checked as usual, so one
 * run reports both the schema problems and the integrity problems of the parts that are well formed.
 */
export function schemaDamage(problems: Problem[], value: unknown): Damage {
  const paths = problems.map((p) => p.path ?? '');
  const broken = (path: string) => paths.some((p) => inside(p, path));
  const fatal = problems.length > 0 && (!isMapping(value) || paths.some((p) => p === '' || HEADER.some((h) => inside(p, h))));
  const items = <T>(list: unknown, path: string): [T, number][] =>
    Array.isArray(list)
      ? list.flatMap((item, i) => (isMapping(item) && !broken(`${path}[${i}]`) ? [[item as T, i] as [T, number]] : []))
      : [];
  const entries = <T>(map: unknown, path: string, containers = false): [string, T][] =>
    isMapping(map) && !paths.includes(path)
      ? (Object.entries(map).filter(
          ([k, v]) => isMapping(v) && !(containers ? paths.includes(`${path}.${k}`) : broken(`${path}.${k}`)),
        ) as [string, T][])
      : [];

  // Ids of the items left out, and the references they cite.
  const lost = new Set<string>();
  const cited = new Set<string>();
  const leftOut = (item: unknown, path: string, id?: string) => {
    if (!broken(path) || !isMapping(item)) return;
    const named = id ?? item.id;
    if (typeof named === 'string') lost.add(named);
    for (const key of ['evidence', 'references']) {
      const ids = item[key];
      if (Array.isArray(ids)) ids.filter((x): x is string => typeof x === 'string').forEach((x) => cited.add(x));
    }
  };
  if (!fatal && isMapping(value)) {
    const list = (v: unknown, path: string) => (Array.isArray(v) ? v.forEach((item, i) => leftOut(item, `${path}[${i}]`)) : undefined);
    list(value.references, 'references');
    if (isMapping(value.principles)) {
      for (const [pid, additions] of Object.entries(value.principles)) {
        if (!isMapping(additions)) continue;
        for (const kind of ['evidence', 'questions', 'risks']) list(additions[kind], `principles.${pid}.${kind}`);
      }
    }
    const override = isMapping(value.override) ? value.override : {};
    for (const kind of ['questions', 'risks']) {
      const map = override[kind];
      if (isMapping(map)) for (const [id, change] of Object.entries(map)) leftOut(change, `override.${kind}.${id}`, id);
    }
  }
  const explains = (p: Problem) => [...lost].some((id) => p.message.includes(`"${id}"`) || p.message.includes(`.${id}"`));
  return { fatal, broken, items, entries, cited, explains };
}
