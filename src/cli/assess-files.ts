import { readFileSync, statSync } from 'node:fs';
import type { Rulebook } from '../rulebook/types.js';
import { InputError, type Problem } from '../load/errors.js';
import { MAX_BYTES, describeFsError } from '../load/yaml-source.js';
import { namedRulebook, parseDraft, validateDraft, type Validator } from '../draft/load.js';
import { assess, type AssessOptions } from '../engine/assess.js';
import type { Assessment } from '../engine/assessment.js';
import { rulebookForDraft } from './rulebooks.js';

export type FileResult = { file: string; assessment: Assessment; problems?: undefined } | { file: string; assessment?: undefined; problems: Problem[] };

/** A draft file's bytes, refusing a folder, an unreadable file or one over the size limit. */
export function readDraftBytes(file: string): Uint8Array {
  try {
    const size = statSync(file).size;
    if (size > MAX_BYTES) throw new InputError([{ file, message: `file is ${Math.ceil(size / 1024)} KiB; the limit is 1024 KiB (1 MiB)` }]);
    return readFileSync(file);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError([{ file, message: `cannot read the file (${describeFsError(error)})` }]);
  }
}

/**
 * Assesses files in the order given, one at a time, so memory stays flat however many there are.
 * With `draftRulebooks`, a draft that names its own local rulebook (`rulebook: path`) is assessed
 * against that one; otherwise every draft uses `rb`. (Worker threads were measured and did not pay
 * on 2 cores: V8's background compiler and GC already use the second core; see docs/performance.md.)
 */
export async function* assessFiles(rb: Rulebook, validate: Validator, files: string[], options: AssessOptions, draftRulebooks = false): AsyncGenerator<FileResult> {
  let n = 0;
  for (const file of files) {
    // Now and then, let the event loop turn: a Ctrl-C is handled (and the temporary --output file
    // removed) during a long run, not only at its end.
    if (++n % 64 === 0) await new Promise((resolve) => setImmediate(resolve));
    try {
      const source = parseDraft(readDraftBytes(file), file);
      const named = draftRulebooks ? namedRulebook(source) : undefined;
      const active = named ? await rulebookForDraft(undefined, named, file) : { rulebook: rb, validate };
      yield { file, assessment: assess(active.rulebook, validateDraft(source, active.validate), options) };
    } catch (error) {
      if (error instanceof InputError) yield { file, problems: error.problems };
      else throw error;
    }
  }
}
