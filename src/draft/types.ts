import type { Span } from '../load/positions.js';
import type { YamlSource } from '../load/yaml-source.js';

export type Answer = string | boolean | null;

export interface Acknowledgement {
  risk: string;
  reason: string;
  by?: string;
  until?: string;
}

/** An item of the plan kept in the draft (`gp-change plan` writes the list to paste). */
export interface PlanEntry {
  item: string;
  done: 'yes' | 'no' | boolean;
  owner?: string;
  due?: string;
  risks?: string[];
}

/** A schema-valid draft. List entries and answers are keyed by rulebook ids, so they stay open maps. */
export interface Draft {
  gpChange: number;
  id?: string;
  title: string;
  rulebook?: string;
  summary?: string;
  assessor: { role: string; name?: string };
  scope?: string | null;
  answers?: Record<string, Answer>;
  skills?: Record<string, Answer>;
  acknowledged?: Acknowledgement[];
  plan?: PlanEntry[];
  notes?: string;
  [list: string]: unknown;
}

export interface LoadedDraft {
  file: string;
  draft: Draft;
  source: YamlSource;
  /**
   * Where the nearest located node at or above a path (`answers.origin`, `targets[1]`) is in the file;
   * with `preferKey`, a mapping entry's key rather than its value. The loader attaches it, so the engine
   * finds positions without knowing how the file was read.
   */
  position(path: string, preferKey?: boolean): Span;
}
