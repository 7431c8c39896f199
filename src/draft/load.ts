import { InputError, type Problem } from '../load/errors.js';
import { parseYaml, type YamlSource } from '../load/yaml-source.js';
import { ajvProblems, locate } from '../load/ajv-problems.js';
import type { Validator } from '../load/validator.js';
import type { Draft, LoadedDraft } from './types.js';

/** Checks ajv cannot express: dates that exist. */
function semanticProblems(draft: Draft, source: YamlSource): Problem[] {
  const problems: Problem[] = [];
  const dates: [string, string | undefined][] = [
    ...(draft.acknowledged ?? []).map((a, i): [string, string | undefined] => [`acknowledged[${i}].until`, a.until]),
    ...(draft.plan ?? []).map((p, i): [string, string | undefined] => [`plan[${i}].due`, p.due]),
  ];
  for (const [path, value] of dates) {
    // Date.parse rolls 30 February over to 2 March; a real date survives the round trip unchanged.
    const parsed = value ? new Date(`${value}T00:00:00Z`) : undefined;
    if (value && (Number.isNaN(parsed!.getTime()) || parsed!.toISOString().slice(0, 10) !== value))
      problems.push({ file: source.file, ...locate(source, path), path, message: `\`${path}\` is not a real date: "${value}"` });
  }
  return problems;
}

/** Parses one draft's YAML (not yet checked against a rulebook). Throws InputError with located problems. */
export function parseDraft(bytes: Uint8Array | string, file: string): YamlSource {
  const source = parseYaml(bytes, file);
  if (source.value === null || typeof source.value !== 'object' || Array.isArray(source.value)) {
    throw new InputError([{ file, line: 1, col: 1, message: 'a draft must be a mapping (key: value lines) starting with `gpChange: 1`' }]);
  }
  const value = source.value as Record<string, unknown>;
  if (!('gpChange' in value) && 'extends' in value) {
    throw new InputError([
      {
        file,
        line: 1,
        col: 1,
        message:
          'this is a local rulebook (it has `extends:`), not a draft: use it with --rulebook, or keep rulebooks out of the drafts folder',
      },
    ]);
  }
  return source;
}

/** The local rulebook a draft names for itself (`rulebook: path`), if any. */
export function namedRulebook(source: YamlSource): string | undefined {
  const value = (source.value as Record<string, unknown>).rulebook;
  return typeof value === 'string' && value.trim() ? value : undefined;
}

/** Parses and validates one draft from its bytes. Throws InputError with located problems. */
export function loadDraft(bytes: Uint8Array | string, file: string, validate: Validator): LoadedDraft {
  return validateDraft(parseDraft(bytes, file), validate);
}

/** Checks a parsed draft against a rulebook's proposal schema and what a schema cannot say. */
export function validateDraft(source: YamlSource, validate: Validator): LoadedDraft {
  const file = source.file;
  if (!validate(source.value)) throw new InputError(ajvProblems(validate.errors, source)); // at most MAX_PROBLEMS, counted
  const draft = source.value as Draft;
  const problems = semanticProblems(draft, source);
  if (problems.length) throw new InputError(problems);
  return { file, draft, source, position: (path, preferKey) => locate(source, path, preferKey) };
}
