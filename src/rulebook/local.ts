import { dirname, relative, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { InputError, type Problem } from '../load/errors.js';
import { readYamlFile, type YamlSource } from '../load/yaml-source.js';
import { ajvProblems, locate } from '../load/ajv-problems.js';
import { localRulebookSchema } from './schema.js';
import { checkIntegrity, type Origins } from './resolve.js';
import type { EvidenceClaim, Question, Reference, Risk, Rulebook } from './types.js';

type Raw = Record<string, any>;

export interface LoadedRulebook {
  rulebook: Rulebook;
  origins: Origins;
}

const ajv = new Ajv({ allErrors: true, verbose: true, strict: false });
const validateLocal = ajv.compile(localRulebookSchema);

/** A deep copy of a rulebook that keeps every item's origin (the copy's items map to the same places). */
function cloneWithOrigins(rb: Rulebook, origins: Origins): LoadedRulebook {
  const copy: Rulebook = structuredClone(rb);
  const next: Origins = new WeakMap();
  const keep = (from: object, to: object) => {
    const o = origins.get(from);
    if (o) next.set(to, o);
  };
  keep(rb, copy);
  keep(rb.skills, copy.skills);
  rb.lists.forEach((l, i) => keep(l, copy.lists[i]!));
  rb.references.forEach((r, i) => keep(r, copy.references[i]!));
  rb.principles.forEach((p, i) => {
    const q = copy.principles[i]!;
    keep(p, q);
    p.evidence.forEach((c, j) => keep(c, q.evidence[j]!));
    for (const [aud, list] of Object.entries(p.actions)) list.forEach((a, j) => keep(a, q.actions[aud]![j]!));
    p.questions.forEach((x, j) => keep(x, q.questions[j]!));
    p.risks.forEach((x, j) => keep(x, q.risks[j]!));
  });
  return { rulebook: copy, origins: next };
}

function display(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
}

/**
 * Loads a local rulebook file: resolves its `extends` chain (builtin or other files; cycles refused),
 * applies its additions and overrides, and checks the result as strictly as the built-in rulebook.
 * Every problem is reported at once, located in the file that caused it.
 */
export function loadLocalRulebook(file: string, builtin: Rulebook, chain: string[] = []): LoadedRulebook {
  const path = resolve(file);
  const shown = display(path);
  const source: YamlSource = { ...readYamlFile(path, { allowAliases: true }), file: shown };
  if (!validateLocal(source.value)) throw new InputError(ajvProblems(validateLocal.errors, source));
  const raw = source.value as Raw;
  const problems: Problem[] = [];
  const at = (p: string, message: string, preferKey = false) => problems.push({ file: shown, ...locate(source, p, preferKey), path: p, message });

  let parent: LoadedRulebook;
  if (raw.extends === 'builtin') {
    parent = { rulebook: builtin, origins: new WeakMap() };
  } else {
    const target = resolve(dirname(path), raw.extends);
    if (target === path || chain.includes(target)) {
      const cycle = [...chain, path, target].map(display).join(' -> ');
      throw new InputError([{ file: shown, ...locate(source, 'extends'), path: 'extends', message: `rulebooks extend each other in a cycle: ${cycle}` }]);
    }
    try {
      parent = loadLocalRulebook(target, builtin, [...chain, path]);
    } catch (error) {
      if (error instanceof InputError && error.problems.some((p) => p.message.startsWith('cannot read the file'))) {
        throw new InputError([{ file: shown, ...locate(source, 'extends'), path: 'extends', message: `extends "${raw.extends}", which cannot be read (${display(target)})` }]);
      }
      throw error;
    }
  }
  const { rulebook: rb, origins } = cloneWithOrigins(parent.rulebook, parent.origins);
  const parentName = `${parent.rulebook.id} ${parent.rulebook.version}`;

  rb.id = raw.id;
  rb.version = raw.version;
  rb.title = raw.title;
  if (raw.description) rb.description = raw.description;
  else delete rb.description;
  rb.chain = [...(parent.rulebook.chain ?? [{ id: parent.rulebook.id, version: parent.rulebook.version }]), { id: raw.id, version: raw.version, file: shown }];
  origins.set(rb, { source, path: '' });
  if (raw.bands) rb.bands = raw.bands;
  if (raw.verdict) rb.verdict = raw.verdict;

  const allQuestions = () => rb.principles.flatMap((p) => p.questions);
  const allRisks = () => rb.principles.flatMap((p) => p.risks);

  (raw.references as Reference[] | undefined)?.forEach((r, i) => {
    if (rb.references.some((x) => x.id === r.id)) at(`references[${i}].id`, `reference "${r.id}" is already in ${parentName}; choose a new id`);
    else {
      const copy = structuredClone(r);
      rb.references.push(copy);
      origins.set(copy, { source, path: `references[${i}]` });
    }
  });

  for (const [pid, additions] of Object.entries((raw.principles ?? {}) as Record<string, Raw>)) {
    const p = rb.principles.find((x) => x.id === pid);
    if (!p) {
      at(`principles.${pid}`, `no principle "${pid}" (principles: ${rb.principles.map((x) => x.id).join(', ')})`, true);
      continue;
    }
    (additions.evidence as EvidenceClaim[] | undefined)?.forEach((c, i) => {
      if (p.evidence.some((x) => x.id === c.id)) at(`principles.${pid}.evidence[${i}].id`, `claim "${c.id}" already exists in ${pid}; choose a new id`);
      const copy = structuredClone(c);
      p.evidence.push(copy);
      origins.set(copy, { source, path: `principles.${pid}.evidence[${i}]` });
    });
    (additions.questions as Question[] | undefined)?.forEach((q, i) => {
      const where = `principles.${pid}.questions[${i}].id`;
      if (allQuestions().some((x) => x.id === q.id)) {
        at(where, `question "${q.id}" is already defined by ${parentName}; to change it, use override.questions.${q.id}`);
        return;
      }
      const copy = { ...structuredClone(q), principle: pid, options: q.options.map((o) => ({ ...o, score: o.score ?? null })) } as Question;
      p.questions.push(copy);
      origins.set(copy, { source, path: `principles.${pid}.questions[${i}]` });
    });
    (additions.risks as Risk[] | undefined)?.forEach((r, i) => {
      const where = `principles.${pid}.risks[${i}].id`;
      if (allRisks().some((x) => x.id === r.id)) {
        at(where, `risk "${r.id}" is already defined by ${parentName}; to change it, use override.risks.${r.id}`);
        return;
      }
      const copy = { ...structuredClone(r), principle: pid } as Risk;
      p.risks.push(copy);
      origins.set(copy, { source, path: `principles.${pid}.risks[${i}]` });
    });
  }

  for (const [qid, change] of Object.entries((raw.override?.questions ?? {}) as Record<string, Raw>)) {
    const base = `override.questions.${qid}`;
    const q = allQuestions().find((x) => x.id === qid);
    if (!q) {
      at(base, `no question "${qid}" to override in ${parentName}`, true);
      continue;
    }
    if (change.prompt) q.prompt = change.prompt;
    if (change.help) q.help = change.help;
    if (change.weight !== undefined) q.weight = change.weight;
    for (const [oid, o] of Object.entries((change.options ?? {}) as Record<string, Raw>)) {
      const option = q.options.find((x) => x.id === oid);
      if (!option) at(`${base}.options.${oid}`, `question "${qid}" has no option "${oid}" (options: ${q.options.map((x) => x.id).join(', ')})`, true);
      else Object.assign(option, o);
    }
    origins.set(q, { source, path: base });
  }

  for (const [rid, change] of Object.entries((raw.override?.risks ?? {}) as Record<string, Raw>)) {
    const base = `override.risks.${rid}`;
    const p = rb.principles.find((x) => x.risks.some((r) => r.id === rid));
    if (!p) {
      at(base, `no risk "${rid}" to override in ${parentName}`, true);
      continue;
    }
    const r = p.risks.find((x) => x.id === rid)!;
    if (change.disabled) {
      p.risks = p.risks.filter((x) => x.id !== rid);
      rb.disabledRisks = [...(rb.disabledRisks ?? []), { id: rid, by: `${raw.id} ${raw.version}`, ...(change.why ? { why: change.why } : {}) }];
      continue;
    }
    if (change.severity) r.severity = change.severity;
    if (change.escalate) r.escalate = change.escalate;
    if (change.why) r.explanation = `${r.explanation} (${raw.id}: ${change.why})`;
    origins.set(r, { source, path: base });
  }

  const own = new Set((raw.references as Reference[] | undefined)?.map((r) => r.id) ?? []);
  problems.push(...checkIntegrity(rb, origins, (r) => own.has(r.id)));
  if (problems.length) throw new InputError(problems.sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0)));
  return { rulebook: rb, origins };
}
