import { closeSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from '../load/errors.js';
import { describeFsError } from '../load/yaml-source.js';

export interface Output {
  write(text: string): void;
  /** Finishes the output: for a file, the temporary file replaces the target only now. */
  close(): void;
  /** Abandons a file output, leaving any existing target untouched. */
  abort(): void;
}

/** Standard output, or a file written atomically (temporary file in the same folder, then rename). */
export function openOutput(file?: string): Output {
  if (!file) {
    return { write: (t) => void process.stdout.write(t), close: () => {}, abort: () => {} };
  }
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  let fd: number;
  try {
    fd = openSync(tmp, 'w', 0o644);
  } catch (error) {
    throw new UsageError(`cannot write ${file} (${describeFsError(error)})`);
  }
  let open = true;
  return {
    write: (t) => void writeSync(fd, t),
    close: () => {
      if (!open) return;
      open = false;
      closeSync(fd);
      try {
        renameSync(tmp, file);
      } catch (error) {
        unlinkSync(tmp);
        throw new UsageError(`cannot write ${file} (${describeFsError(error)})`);
      }
    },
    abort: () => {
      if (!open) return;
      open = false;
      closeSync(fd);
      try {
        unlinkSync(tmp);
      } catch {
        /* already gone */
      }
    },
  };
}

/** Writes a whole file atomically; refuses to overwrite unless asked. */
export function writeFileAtomic(file: string, text: string): void {
  const out = openOutput(file);
  try {
    out.write(text);
    out.close();
  } catch (error) {
    out.abort();
    throw error;
  }
}

/** Refuses an --output that is one of the inputs: a slip of the extension must never destroy a draft. */
export function refuseOverwritingInput(output: string | undefined, inputs: string[]): void {
  if (!output) return;
  const target = resolve(output);
  const clash = inputs.find((f) => resolve(f) === target);
  if (clash) throw new UsageError(`--output ${output} is one of the drafts being read (${clash}); choose another file name, such as report.md`);
}
