/**
 * The shape of a resolved rulebook. Ids are plain strings: which ids exist is the rulebook's business,
 * never the code's (see docs/rulebook-format.md).
 */
export type Severity = 'high' | 'medium' | 'low';
export type Strength = 'strong' | 'moderate' | 'limited' | 'mixed';
export type Band = 'strong' | 'developing' | 'weak';
export type Condition = unknown;

export interface Labelled {
  label: string;
  help?: string;
}

export interface Option extends Labelled {
  id: string;
  /** 0-100, or null for an answer that is recorded but not scored. */
  score: number | null;
}

/** Which roles can change an answer (`gp-change whatif`); `by: []` when nobody can after the fact. */
export interface Changeable {
  by: string[];
  /** The change as an action. */
  step?: string;
  /** The options a change may move to; by default any option that scores higher. */
  to?: string[];
  /** Per role: where the change is that role's to make (json-logic over the view, `item.*` for a list entry). */
  when?: Record<string, Condition>;
  why?: string;
}

export interface Question {
  id: string;
  principle: string;
  prompt: string;
  prompts?: Record<string, string>;
  help?: string;
  weight: number;
  relevantWhen?: Condition;
  changeable?: Changeable;
  options: Option[];
}

export interface ListField {
  id: string;
  type: 'text' | 'text-list' | 'choice';
  required?: boolean;
  prompt: string;
  options?: Option[];
  weight?: number;
  /** Asked and scored only when true for the entry (`item.*`). */
  relevantWhen?: Condition;
  changeable?: Changeable;
}

export interface ListDefinition {
  id: string;
  principle: string;
  weight: number;
  item: string;
  prompt: string;
  fields: ListField[];
}

export interface SkillsDefinition {
  principle: string;
  weight: number;
  prompt: string;
  levels: Option[];
  areas: (Labelled & { id: string })[];
  changeable?: Changeable;
}

export interface EvidenceClaim {
  id: string;
  claim: string;
  strength: Strength;
  strengthNote?: string;
  references: string[];
}

export interface Action {
  id: string;
  audience: string;
  principle: string;
  text: string;
  references?: string[];
}

export interface Escalation {
  to: Severity;
  when: Condition;
  why: string;
}

export interface Risk {
  id: string;
  principle: string;
  title: string;
  severity: Severity;
  escalate?: Escalation[];
  forEach?: string;
  when: Condition;
  explanation: string;
  evidence: string[];
  claims?: string[];
  advice: Record<string, string>;
  actions?: string[];
}

export interface Principle {
  id: string;
  number: number;
  title: string;
  shortTitle: string;
  summary: string;
  whyItMatters: string;
  evidence: EvidenceClaim[];
  actions: Record<string, Action[]>;
  questions: Question[];
  risks: Risk[];
}

export interface Role {
  id: string;
  label: string;
  audience: string;
  description?: string;
}

export interface Reference {
  id: string;
  type: string;
  title: string;
  author?: { family?: string; given?: string; literal?: string }[];
  issued?: { 'date-parts': number[][] };
  'container-title'?: string;
  volume?: string | number;
  issue?: string | number;
  page?: string;
  publisher?: string;
  'publisher-place'?: string;
  DOI?: string;
  URL?: string;
  PMID?: string;
  PMCID?: string;
  note?: string;
  [key: string]: unknown;
}

/** How `compare` judges respondents to the same change whose views diverge. */
export interface PerceptionGapRule {
  id: string;
  principle: string;
  title: string;
  severity: Severity;
  /** The role that designs or commissions a change, and the role that lives with it. */
  designer: string;
  frontline: string;
  minScoreGap: number;
  minAnswerGap: number;
  explanation: string;
  evidence: string[];
  advice: Record<string, string>;
  actions?: string[];
}

export interface Rulebook {
  id: string;
  version: string;
  title: string;
  description?: string;
  basedOn: string[];
  /** Band thresholds; below `minCoverage` (share of questions answered) a band is only provisional. */
  bands: { strong: number; developing: number; minCoverage?: number };
  verdict: {
    rethink: { minHighRisks: number; minWeakPrinciples: number };
    ready: { maxHighRisks: number; maxMediumRisks: number; minBand: Band };
  };
  roles: Role[];
  scopes: (Labelled & { id: string })[];
  lists: ListDefinition[];
  skills: SkillsDefinition;
  perceptionGap?: PerceptionGapRule;
  principles: Principle[];
  references: Reference[];
  /** The rulebooks this one was built from, outermost last: builtin first, then each local rulebook. */
  chain?: { id: string; version: string; file?: string }[];
  /** Each reference formatted in the one citation style reports use (src/render/bibliography.ts), by id. */
  citations?: Record<string, string>;
  /** Risks a local rulebook switched off, with its reason where given. */
  disabledRisks?: { id: string; by: string; why?: string }[];
}
