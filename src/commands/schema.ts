import { proposalSchema } from '../draft/schema.js';
import { UsageError } from '../load/errors.js';
import { jsonSafe } from '../render/sanitize.js';
import { rulebookSchema } from '../rulebook/rulebook-schema.js';
import { rulebookAt } from './rulebooks.js';

export interface SchemaFlags {
  /** A local rulebook, whose questions the proposal schema then includes. */
  rulebook?: string;
}

/** `gp-change schema proposal|rulebook`: a JSON Schema for editors and tools. */
export async function runSchema(which: string, flags: SchemaFlags): Promise<number> {
  // A local rulebook's questions become descriptions in the schema: printed with jsonSafe.
  if (which === 'proposal')
    process.stdout.write(`${jsonSafe(JSON.stringify(proposalSchema((await rulebookAt(flags.rulebook)).rulebook), null, 2))}\n`);
  else if (which === 'rulebook') process.stdout.write(`${JSON.stringify(rulebookSchema(), null, 2)}\n`);
  else throw new UsageError(`schema must be "proposal" or "rulebook"; got "${which}"`);
  return 0;
}
