/** What the interview can ask: the kinds of step the step function returns and the adapter shows. */
import type { ListField, Strength } from '../rulebook/types.js';
import type { Draft } from '../draft/types.js';
import { UNKNOWN } from '../draft/schema.js';

export interface Choice {
  value: string;
  label: string;
  help?: string;
}

export interface Progress {
  /** 1-based number of the principle in the rulebook, and how many there are. */
  principle: number;
  principles: number;
  /** Position of this item among the principle's items of the same kind (relevant questions, skill areas, list fields). */
  item: number;
  items: number;
}

export interface PrincipleInfo {
  id: string;
  number: number;
  title: string;
  shortTitle: string;
}

interface Base {
  /** The slot's key: what `settled` records and the recovery file lists. */
  key: string;
  canGoBack: boolean;
}

export type Step =
  | (Base & { kind: 'choose-role'; prompt: string; options: Choice[]; current?: string })
  | (Base & { kind: 'text'; field: 'title' | 'summary'; prompt: string; required: boolean; current?: string })
  | (Base & { kind: 'choose-scope'; prompt: string; options: Choice[]; current?: string })
  | (Base & {
      kind: 'principle-intro';
      principle: PrincipleInfo & { summary: string; whyItMatters: string };
      /** The principle's strongest evidence claim (strong > moderate > limited > mixed; the first wins a tie). */
      evidence?: { claim: string; strength: Strength; citation: string };
      progress: Progress;
    })
  | (Base & {
      kind: 'question';
      id: string;
      principle: PrincipleInfo;
      prompt: string;
      help?: string;
      options: Choice[];
      current?: string;
      progress: Progress;
    })
  | (Base & {
      kind: 'list-add';
      list: string;
      item: string;
      principle: PrincipleInfo;
      prompt: string;
      count: number;
      /** The names of the entries so far. */
      names: string[];
      /** True when the draft already says what this list holds (entries, or an explicit empty list): Enter then keeps it. */
      known: boolean;
      progress: Progress;
    })
  | (Base & {
      kind: 'list-field';
      list: string;
      item: string;
      index: number;
      field: string;
      type: ListField['type'];
      principle: PrincipleInfo;
      prompt: string;
      required: boolean;
      options?: Choice[];
      current?: string | string[];
      /** The entry's name (its first text field), once given. */
      entryName?: string;
      progress: Progress;
    })
  | (Base & {
      kind: 'skill';
      area: string;
      principle: PrincipleInfo;
      prompt: string;
      label: string;
      help?: string;
      options: Choice[];
      current?: string;
      progress: Progress;
    })
  | { kind: 'done'; key: 'done'; canGoBack: boolean; draft: Draft };

export type StepKind = Step['kind'];
export type AnswerValue = string | boolean | string[];

export const NOT_SURE: Choice = {
  value: UNKNOWN,
  label: 'Not sure',
  help: 'Saved as "unknown": it goes on the "to find out" list and counts neither for nor against the change.',
};
