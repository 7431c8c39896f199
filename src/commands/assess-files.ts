import { InputError, type Problem } from '../load/errors.js';
import { readInputFile, type FileIdentity } from '../load/read-file.js';
import { namedRulebook, parseDraft, validateDraft } from '../draft/load.js';
import { locate } from '../load/ajv-problems.js';
import type { YamlSource } from '../load/yaml-source.js';
import { projectRoot } from '../load/project.js';
import { assess, type AssessOptions } from '../engine/assess.js';
import { EvaluationLimit } from '../engine/conditions.js';
import { whatIf } from '../engine/whatif.js';
import type { Assessment } from '../engine/assessment.js';
import { BUILTIN, RefusedRulebook, rulebookForDraft, type ActiveRulebook } from './rulebooks.js';

export type FileResult =
  { file: string; assessment: Assessment; problems?: undefined } | { file: string; assessment?: undefined; problems: Problem[] };

/** A draft file's bytes, refusing a folder, an unreadable file or one over the size limit (a device or pipe included). */
export function readDraftBytes(file: string, avoid?: FileIdentity): Uint8Array {
  return readInputFile(file, avoid);
}

/**
 * The local rulebook a draft names (`rulebook: path`). When it cannot be used, the draft's `rulebook:`
 * line is where the user must look, so the error points there first: alone when the file cannot be read
 * (the rulebook's own path, with no position, says less), before the rulebook's problems otherwise.
 */
export async function namedRulebookOf(source: YamlSource, named: string): Promise<ActiveRulebook> {
  try {
    return await rulebookForDraft(undefined, named, source.file);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const here = { file: source.file, ...locate(source, 'rulebook'), path: 'rulebook' };
    if (error instanceof RefusedRulebook)
      throw new InputError([
        {
          ...here,
          message: `the rulebook this draft names ("${named}") is refused: ${error.reason}; a draft may name only a .yaml rulebook inside the project folder (${projectRoot()}), written relative to the draft; give any other with --rulebook`,
        },
      ]);
    const unread =
      error.problems.length === 1 && error.problems[0]!.line === undefined
        ? /^cannot read the file \((.*)\)$/.exec(error.problems[0]!.message)
        : null;
    if (unread)
      throw new InputError([
        { ...here, message: `the rulebook this draft names ("${named}") cannot be read (${unread[1]}); the path is relative to the draft` },
      ]);
    throw new InputError([
      {
        ...here,
        message: `the rulebook this draft names ("${named}") has problems, listed next; fix them, or remove the \`rulebook:\` line`,
      },
      ...error.problems,
    ]);
  }
}

/** The rulebook a parsed draft names for itself (errors located at its `rulebook:` line), else the built-in one. */
export function ownRulebookOf(source: YamlSource): Promise<ActiveRulebook> {
  const named = namedRulebook(source);
  return named ? namedRulebookOf(source, named) : Promise.resolve(BUILTIN);
}

/**
 * Assesses files in the order given, one at a time, so memory stays flat however many there are.
 * With `draftRulebooks`, a draft that names its own local rulebook (`rulebook: path`) is assessed
 * against that one; otherwise every draft uses `chosen`. (Worker threads were measured and did not pay
 * on 2 cores: V8's background compiler and GC already use the second core; see docs/performance.md.)
 */
/**
 * `avoid`: the report's own file, if it exists: a draft that is that file stops the run (SameFileError)
 * before anything is written over it. Checked on the file as opened, which costs nothing extra.
 */
export async function* assessFiles(
  chosen: ActiveRulebook,
  files: string[],
  options: AssessOptions,
  draftRulebooks = false,
  avoid?: FileIdentity,
  withWhatIf: boolean | 'full' = false,
): AsyncGenerator<FileResult> {
  let n = 0;
  for (const file of files) {
    // Now and then, let the event loop turn: a Ctrl-C is handled (and the temporary --output file
    // removed) during a long run, not only at its end.
    if (++n % 64 === 0) await new Promise((resolve) => setImmediate(resolve));
    try {
      const source = parseDraft(readDraftBytes(file, avoid), file);
      const named = draftRulebooks ? namedRulebook(source) : undefined;
      const active = named ? await namedRulebookOf(source, named) : chosen;
      const loaded = validateDraft(source, active.validate);
      let assessment;
      try {
        assessment = assess(active.plan, loaded, options);
      } catch (error) {
        // A rulebook's conditions that do too much on this draft: an error for it alone, at its first line.
        if (error instanceof EvaluationLimit) throw new InputError([{ file, line: 1, col: 1, message: error.message }]);
        throw error;
      }
      if (withWhatIf) assessment.whatif = whatIf(active.plan, loaded, { role: options.role, brief: withWhatIf !== 'full' });
      yield { file, assessment };
    } catch (error) {
      if (error instanceof InputError) yield { file, problems: error.problems };
      else throw error;
    }
  }
}
