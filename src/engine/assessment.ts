import type { Band, Severity, Strength } from '../rulebook/types.js';
import type { WhatIf } from './whatif.js';
import type { PlanProgress } from './plan.js';

/** Version of the assessment JSON (`gp-change assess --format json`); bump on breaking change. */
export const ASSESSMENT_FORMAT = 1;

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
  /** 0-100, or null when nothing that scores it was answered. */
  score: number | null;
  band: Band | 'unscored';
  /** True when too few questions were answered (below the rulebook's minCoverage) to rely on the band. */
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
