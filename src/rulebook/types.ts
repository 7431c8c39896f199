/**
 * The shape of a resolved rulebook. Ids are plain strings: which ids exist is the rulebook's business,
 * never the code's (see docs/rulebook-format.md).
 */
export type Severity = 'high' | 'medium' | 'low';
export type Strength = 'strong' | 'moderate' | 'limited' | 'very-limited' | 'mixed';
/** A study's design, which sets where a claim resting on it starts (docs/method.md). */
export type Design =
  'systematic-review' | 'longitudinal-or-controlled' | 'observational' | 'qualitative-or-survey' | 'policy-or-expert' | 'guide-assertion';
/** A reason to rate a claim down one level (docs/method.md). */
export type Downgrade = 'indirect-country' | 'indirect-question' | 'inconsistent' | 'imprecise' | 'risk-of-bias';
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
  /** How the guide words the strength, where that differs from the grade. */
  strengthNote?: string;
  /** How the grade follows from the method: the source it rests on, the reasons to rate down, in one line. */
  grade: { basis: string; down?: Downgrade[]; reason: string };
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
  /** A short phrase naming the risk in the verdict line ("a skill nobody has"); its title otherwise. */
  cause?: string;
  /** Why the risk may be high although no claim it rests on is graded moderate or better. */
  severityReason?: string;
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
  /** The study's design, and how we know it (its abstract, or only its title or the guide). */
  design?: Design;
  designSource?: 'full-text' | 'abstract' | 'title' | 'guide';
  /** Fields we could not confirm (an address, a date): reports say so beside the reference. */
  unchecked?: string[];
  /** For a reference outside the guide's own list: why the rulebook cites it. */
  addedBecause?: string;
  [key: string]: unknown;
}

/** How `compare` judges respondents to the same change whose views diverge. */
export interface PerceptionGapRule {
  id: string;
  principle: string;
  title: string;
  /** The role that designs or commissions a change, and the role that lives with it. */
  designer: string;
  frontline: string;
  /** The questions whose answers bear on imposition and understanding: only these make an answer gap. */
  questions: string[];
  /** Severity by the size of the gap, gravest first: the first level a gap reaches sets its severity. */
  levels: { severity: Severity; minScoreGap: number; minAnswerGap: number }[];
  /** Claims of its principle it rests on, and why it may be high without a moderate one (docs/method.md). */
  claims?: string[];
  severityReason?: string;
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
    ready: {
      maxHighRisks: number;
      maxMediumRisks: number;
      minBand: Band;
      /** Risks that keep a change from ready whatever their severity (principle 1's core risk among them). */
      notWith?: string[];
      /** The largest share of the questions asked that may be unknown for a change to be ready. */
      maxUnknownShare?: number;
    };
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
