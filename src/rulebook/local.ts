import { dirname, relative, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { InputError, type Problem } from '../load/errors.js';
import type { YamlSource } from '../load/yaml-source.js';
import { ajvProblems, locate } from '../load/ajv-problems.js';
import { localRulebookSchema } from './schema.js';
import { checkIntegrity, hint } from './integrity.js';
import type { Origins } from './resolve.js';
import { readRulebookFile } from './read-local.js';
import { schemaDamage } from './salvage.js';
import type { EvidenceClaim, Question, Reference, Risk, Rulebook } from './types.js';

// Raw YAML after schema validation: the schema, not the type system, vouches for its shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
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
  const source: YamlSource = readRulebookFile(path, shown);
  // Schema problems and integrity problems are reported together: items the schema refuses are left
  // out of the merge (and what they would have caused is not reported), unless the file's header is broken.
  const schemaProblems = validateLocal(source.value) ? [] : ajvProblems(validateLocal.errors, source);
  const damage = schemaDamage(schemaProblems, source.value);
  if (damage.fatal) throw new InputError(schemaProblems);
  const raw = source.value as Raw;
  const problems: Problem[] = [...schemaProblems];
  const at = (p: string, message: string, preferKey = false) =>
    problems.push({ file: shown, ...locate(source, p, preferKey), path: p, message });

  let parent: LoadedRulebook;
  if (raw.extends === 'builtin') {
    parent = { rulebook: builtin, origins: new WeakMap() };
  } else {
    const target = resolve(dirname(path), raw.extends);
    if (target === path || chain.includes(target)) {
      const cycle = [...chain, path, target].map(display).join(' -> ');
      throw new InputError([
        ...problems,
        { file: shown, ...locate(source, 'extends'), path: 'extends', message: `rulebooks extend each other in a cycle: ${cycle}` },
      ]);
    }
    try {
      parent = loadLocalRulebook(target, builtin, [...chain, path]);
    } catch (error) {
      const unreadable = error instanceof InputError ? error.problems.find((p) => p.message.startsWith('cannot read the file')) : undefined;
      if (unreadable) {
        const why = /\((.*)\)$/.exec(unreadable.message)?.[1];
        throw new InputError([
          ...problems,
          {
            file: shown,
            ...locate(source, 'extends'),
            path: 'extends',
            message: `extends "${raw.extends}", which cannot be read (${display(target)}${why ? `: ${why}` : ''})`,
          },
        ]);
      }
      if (error instanceof InputError && problems.length) throw new InputError([...problems, ...error.problems]);
      throw error;
    }
  }
  const { rulebook: rb, origins } = cloneWithOrigins(parent.rulebook, parent.origins);
  const parentName = `${parent.rulebook.id} ${parent.rulebook.version}`;

  // Reports name the rulebook by id: a local one may not pass for the built-in one, nor for a rulebook
  // it extends, or a reader could not tell a changed method from the original.
  const taken = (parent.rulebook.chain ?? [{ id: parent.rulebook.id }]).map((c) => c.id);
  if (raw.id === builtin.id || taken.includes(raw.id)) {
    at(
      'id',
      `the id "${raw.id}" is ${raw.id === builtin.id ? "the built-in rulebook's" : 'taken by a rulebook this one extends'}; give this rulebook its own id (reports name the rulebook by it)`,
    );
  }
  rb.id = raw.id;
  rb.version = raw.version;
  rb.title = raw.title;
  if (raw.description) rb.description = raw.description;
  else delete rb.description;
  rb.chain = [
    ...(parent.rulebook.chain ?? [{ id: parent.rulebook.id, version: parent.rulebook.version }]),
    { id: raw.id, version: raw.version, file: shown },
  ];
  origins.set(rb, { source, path: '' });
  if (raw.bands && !damage.broken('bands')) rb.bands = raw.bands;
  if (raw.verdict && !damage.broken('verdict')) rb.verdict = raw.verdict;

  const allQuestions = () => rb.principles.flatMap((p) => p.questions);
  const allRisks = () => rb.principles.flatMap((p) => p.risks);

  damage.items<Reference>(raw.references, 'references').forEach(([r, i]) => {
    if (rb.references.some((x) => x.id === r.id))
      at(`references[${i}].id`, `reference "${r.id}" is already in ${parentName}; choose a new id`);
    else {
      const copy = structuredClone(r);
      rb.references.push(copy);
      origins.set(copy, { source, path: `references[${i}]` });
    }
  });

  for (const [pid, additions] of damage.entries<Raw>(raw.principles, 'principles', true)) {
    const p = rb.principles.find((x) => x.id === pid);
    if (!p) {
      at(`principles.${pid}`, `no principle "${pid}" (principles: ${rb.principles.map((x) => x.id).join(', ')})`, true);
      continue;
    }
    damage.items<EvidenceClaim>(additions.evidence, `principles.${pid}.evidence`).forEach(([c, i]) => {
      if (p.evidence.some((x) => x.id === c.id)) {
        at(`principles.${pid}.evidence[${i}].id`, `claim "${c.id}" already exists in ${pid}; choose a new id`);
        return;
      }
      const copy = structuredClone(c);
      p.evidence.push(copy);
      origins.set(copy, { source, path: `principles.${pid}.evidence[${i}]` });
    });
    damage.items<Question>(additions.questions, `principles.${pid}.questions`).forEach(([q, i]) => {
      const where = `principles.${pid}.questions[${i}].id`;
      if (allQuestions().some((x) => x.id === q.id)) {
        at(where, `question "${q.id}" is already defined by ${parentName}; to change it, use override.questions.${q.id}`);
        return;
      }
      const copy = { ...structuredClone(q), principle: pid, options: q.options.map((o) => ({ ...o, score: o.score ?? null })) } as Question;
      p.questions.push(copy);
      origins.set(copy, { source, path: `principles.${pid}.questions[${i}]` });
    });
    damage.items<Risk>(additions.risks, `principles.${pid}.risks`).forEach(([r, i]) => {
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

  for (const [qid, change] of damage.entries<Raw>(raw.override?.questions, 'override.questions')) {
    const base = `override.questions.${qid}`;
    const q = allQuestions().find((x) => x.id === qid);
    if (!q) {
      at(
        base,
        `no question "${qid}" to override in ${parentName}${hint(
          qid,
          allQuestions().map((x) => x.id),
        )}`,
        true,
      );
      continue;
    }
    if (change.prompt) q.prompt = change.prompt;
    if (change.help) q.help = change.help;
    if (change.weight !== undefined) q.weight = change.weight;
    for (const [oid, o] of Object.entries((change.options ?? {}) as Record<string, Raw>)) {
      const option = q.options.find((x) => x.id === oid);
      if (!option)
        at(
          `${base}.options.${oid}`,
          `question "${qid}" has no option "${oid}"${hint(
            oid,
            q.options.map((x) => x.id),
          )} (options: ${q.options.map((x) => x.id).join(', ')})`,
          true,
        );
      else Object.assign(option, o);
    }
    origins.set(q, { source, path: base });
  }

  for (const [rid, change] of damage.entries<Raw>(raw.override?.risks, 'override.risks')) {
    const base = `override.risks.${rid}`;
    const p = rb.principles.find((x) => x.risks.some((r) => r.id === rid));
    if (!p) {
      at(
        base,
        `no risk "${rid}" to ${change.disabled ? 'disable' : 'override'} in ${parentName}${hint(
          rid,
          allRisks().map((x) => x.id),
        )}`,
        true,
      );
      continue;
    }
    const r = p.risks.find((x) => x.id === rid)!;
    if (change.disabled) {
      p.risks = p.risks.filter((x) => x.id !== rid);
      rb.disabledRisks = [
        ...(rb.disabledRisks ?? []),
        { id: rid, by: `${raw.id} ${raw.version}`, ...(change.why ? { why: change.why } : {}) },
      ];
      continue;
    }
    if (change.severity) r.severity = change.severity;
    if (change.escalate) r.escalate = change.escalate;
    if (change.severityReason) r.severityReason = change.severityReason;
    if (change.why) r.explanation = `${r.explanation} (${raw.id}: ${change.why})`;
    origins.set(r, { source, path: base });
  }

  const own = new Set(damage.items<Reference>(raw.references, 'references').map(([r]) => r.id));
  problems.push(...checkIntegrity(rb, origins, (r) => own.has(r.id) && !damage.cited.has(r.id)).filter((p) => !damage.explains(p)));
  if (problems.length)
    throw new InputError(
      problems.sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0)),
    );
  return { rulebook: rb, origins };
}
