import type { Band, Severity, Strength } from '../rulebook/types.js';

/** Version of the assessment JSON (`gp-change assess --format json`); bump on breaking change. */
export const ASSESSMENT_FORMAT = 1;

/** What reports show in place of a band for a principle with too few answers (docs/method.md). */
export const TOO_FEW_ANSWERS = 'too few answers';

export interface Location {
  file: string;
  /** Our path into the draft: `answers.origin`, `targets[1]`, `skills.hr`. */
  path: string;
  line: number;
  col: number;
  endLine: number;
  endCol: number;
}

export interface PrincipleResult {
  id: string;
  number: number;
  title: string;
  shortTitle: string;
  /** 0-100, or null when nothing that scores it was answered or too few of its questions were. */
  score: number | null;
  band: Band | 'unscored';
  /**
   * True when too few of its questions were answered (below the rulebook's minCoverage): then no score or
   * band is given (score null, band unscored), and reports say "too few answers" with the count.
   */
  provisional: boolean;
  /** False when nothing in this draft brings the principle into play (no question applies, nothing to score). */
  applicable: boolean;
  coverage: { answered: number; asked: number; ratio: number };
  /** Entries in each list feeding this principle (e.g. targets: 2), and skill areas known / total. */
  lists: { id: string; item: string; count: number }[];
  skills?: { known: number; total: number };
}

export interface Citation {
  id: string;
  /** Short in-text form: "Doran et al 2011". */
  short: string;
  /** Where the study appeared: "BMJ". */
  container?: string;
}

export interface Finding {
  id: string;
  principle: string;
  title: string;
  severity: Severity;
  /** The rulebook's base severity, when context made this finding graver or milder. */
  baseSeverity?: Severity;
  /** Why the severity differs from the base (the guide's distinction). */
  escalation?: string;
  explanation: string;
  evidence: (Citation & { strength?: Strength })[];
  /** What to do, for the report's role. */
  advice: string;
  actions: { id: string; text: string }[];
  /** Where in the draft: the node whose value made the condition true. */
  location: Location;
  /** Other nodes that took part. */
  related: Location[];
  /** For a risk tested per list entry: which entry. */
  entry?: { list: string; index: number; name: string };
  acknowledged?: { reason: string; by?: string; until?: string };
}

export interface StaleAcknowledgement {
  risk: string;
  reason: 'expired' | 'not-firing' | 'duplicate';
  message: string;
  location: Location;
}

export interface UnknownItem {
  path: string;
  principle: string;
  label: string;
  /** For a field of a list entry: the entry's noun (target) and name. */
  entry?: string;
  entryName?: string;
  location: Location;
}

export type VerdictLevel = 'ready' | 'revise' | 'rethink';

export interface Assessment {
  format: typeof ASSESSMENT_FORMAT;
  file: string;
  id: string;
  title: string;
  summary?: string;
  role: { id: string; label: string; audience: string };
  scope: string;
  assessor?: string;
  date: string;
  /** The rulebook that produced this, with the chain it was built from (builtin first) and risks it switched off. */
  rulebook: {
    id: string;
    version: string;
    title: string;
    minCoverage?: number;
    chain?: { id: string; version: string; file?: string }[];
    disabledRisks?: { id: string; by: string; why?: string }[];
  };
  /** The rulebook's band boundaries (0-100), so a report can draw them as what they are. */
  bands: { strong: number; developing: number };
  verdict: { level: VerdictLevel; reason: string; counts: { high: number; medium: number; low: number; weak: number } };
  principles: PrincipleResult[];
  findings: Finding[];
  toFindOut: UnknownItem[];
  staleAcknowledgements: StaleAcknowledgement[];
  /** How far the plan kept in the draft (`plan:`) has got. */
  plan?: PlanProgress;
  references: { id: string; short: string; full: string }[];
  caveat: string;
  /** What would move the verdict (`gp-change whatif`), where the report asked for it. */
  whatif?: WhatIf;
}

export interface PlanProgress {
  total: number;
  done: number;
  /** Items not done whose due date has passed. */
  overdue: { item: string; due: string }[];
  /** The first items not done, in the plan's order. */
  next: string[];
}

// What would move the verdict (`gp-change whatif`; src/engine/whatif.ts, docs/whatif.md).

export interface WhatIfStep {
  /** Where in the draft: `answers.staff-involvement`, `skills.hr`, `targets[*].sideEffectsMonitored`. */
  field: string;
  principle: string;
  /** The change as an action (the rulebook's `changeable.step`), else the question. */
  action: string;
  question: string;
  from: string[];
  fromLabels: string[];
  to: string;
  toLabel: string;
  /** Every draft path the step changes (one per list entry for a list field). */
  paths: string[];
  /** For a list field: the entries changed. */
  entries?: { list: string; item: string; names: string[] };
  /** Risks this step helps clear or lower on the path, and the evidence they rest on. */
  risks: string[];
  evidence: { id: string; short: string }[];
}

export interface WhatIfPath {
  steps: WhatIfStep[];
  verdict: VerdictLevel;
  bands: { principle: string; band: string; score: number | null }[];
  /** Risks the path clears (to: null) or lowers. */
  clears: { risk: string; title: string; from: Severity; to: Severity | null; entry?: number }[];
  /** Risks the path brings in (from: null) or makes graver. */
  adds: { risk: string; title: string; from: Severity | null; to: Severity; entry?: number }[];
}

export interface SearchInfo {
  /** Single changes considered (each answer to each better option the role can choose). */
  steps: number;
  /** Largest number of steps combined. */
  maxSize: number;
  evaluated: number;
  /** True when every combination of the considered steps up to maxSize was tried (or a smaller size succeeded). */
  exhaustive: boolean;
  /** Why no path could exist, where that is known without searching. */
  note?: string;
  /** The single changes combined, so a reader (or a test) can check that no smaller combination of them works. */
  considered: { field: string; to: string; paths: string[] }[];
}

export interface WhatIfGoal {
  kind: 'verdict' | 'band';
  principle?: string;
  from: string;
  to: string;
  paths: WhatIfPath[];
  /** When no path of at most MAX_STEPS exists: a longer one found step by step (not proven smallest). */
  longer?: WhatIfPath;
  /** Risks standing in the way that no change open to this role can reach, and the roles that could. */
  outOfReach?: { risk: string; title: string; severity: Severity; by: string[] }[];
  search: SearchInfo;
}

export interface FindOut {
  path: string;
  /** The draft paths the answer goes in (one per list entry for a list field). */
  paths: string[];
  principle: string;
  question: string;
  entries?: { list: string; item: string; names: string[] };
  outcomes: { answer: string; label: string; verdict: VerdictLevel }[];
}

export interface WhatIf {
  role: string;
  verdict: VerdictLevel;
  goals: WhatIfGoal[];
  findOut: FindOut[];
}
