/** Writes n varied, valid drafts (draft-00000.yaml, ...) into dir, from the built-in rulebook. */
export function generateDrafts(
  n: number,
  dir: string,
  seed?: number,
  options?: { targets?: [number, number]; mix?: boolean; rulebook?: string },
): void;
/** The share of drafts with each number of entries in each list, for options.mix. */
export const MIX: Record<string, [number, number][]>;
