/** Writes n varied, valid drafts (draft-00000.yaml, ...) into dir, from the built-in rulebook. */
export function generateDrafts(n: number, dir: string, seed?: number, options?: { targets?: [number, number] }): void;
