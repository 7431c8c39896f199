/**
 * The interview as a pure step function: (rulebook, state) -> the next thing to ask. Rendering it is
 * the adapter's job (src/interview/adapter.ts); nothing here does I/O.
 *
 * The walk is a fixed order of slots, each with a key: role, title, summary, scope, then for each
 * principle its opening screen, its lists (targets, incentives: "add one?" and each field), its
 * questions and, for the principle they belong to, the skills. The next step is the first slot that is
 * still pending: not yet answered ("settled") and, for a question, relevant to the answers so far.
 * Everything comes from the rulebook; no question id is named here.
 */
import type { EvidenceClaim, Labelled, ListDefinition, ListField, Principle, Rulebook, Strength } from '../rulebook/types.js';
import type { Acknowledgement, Draft } from '../draft/types.js';
import { DRAFT_FORMAT_VERSION, UNKNOWN } from '../draft/schema.js';
import { draftView } from '../draft/view.js';
import { isRelevant } from '../engine/score.js';
import { shortCitation } from '../engine/citations.js';

/** The draft being built: a draft's fields, any of them still missing. */
export interface WorkingDraft {
  id?: string;
  title?: string;
  summary?: string;
  rulebook?: string;
  assessor?: { role: string; name?: string };
  scope?: string;
  answers: Record<string, string>;
  skills: Record<string, string>;
  lists: Record<string, Record<string, unknown>[]>;
  acknowledged?: Acknowledgement[];
  notes?: string;
}

interface Snapshot {
  key: string;
  role?: string;
  draft: WorkingDraft;
  settled: string[];
}

export interface InterviewState {
  role?: string;
  draft: WorkingDraft;
  /** Keys of the slots already answered (in this walk, or taken from a pre-filled draft). */
  settled: string[];
  /** One snapshot per answer, oldest first: `back` restores the last one. */
  history: Snapshot[];
  /** --review: a pre-filled draft's answers are offered as defaults but everything is asked again. */
  review: boolean;
  /** Answers given before going back, offered as defaults when the slot comes round again. */
  recall: Record<string, unknown>;
}

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

export const PLACEHOLDER_TITLE = 'Untitled change';

const STRENGTH_ORDER: Strength[] = ['strong', 'moderate', 'limited', 'mixed'];

// ---------------------------------------------------------------------------------------------
// Keys

export const KEY = {
  role: 'role',
  title: 'title',
  summary: 'summary',
  scope: 'scope',
  intro: (principle: string) => `intro:${principle}`,
  question: (id: string) => `answers.${id}`,
  skill: (area: string) => `skills.${area}`,
  listClosed: (list: string) => `list:${list}`,
  listAdd: (list: string, index: number) => `list:${list}:add:${index}`,
  field: (list: string, index: number, field: string) => `${list}[${index}].${field}`,
} as const;

// ---------------------------------------------------------------------------------------------
// Starting

export interface StartOptions {
  /** --role: fixes the role (never asked). */
  role?: string;
  /** --from: a draft to pre-fill from. */
  from?: Draft;
  /** --review: ask everything again, with the pre-filled answers as defaults. */
  review?: boolean;
  /** Slots a recovery file recorded as answered (its own unknowns included); without it, only known values count as answered. */
  answered?: string[];
  /** A local rulebook the saved draft should name. */
  rulebook?: string;
}

function known(value: unknown): value is string | boolean {
  return (typeof value === 'string' && value.trim() !== '' && value !== UNKNOWN) || typeof value === 'boolean';
}

function answerString(value: unknown): string | undefined {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (value === null || value === undefined) return undefined;
  return typeof value === 'string' ? value : undefined;
}

/** The working draft for a pre-filled draft (or an empty one). */
function workingDraft(rb: Rulebook, from: Draft | undefined, rulebook: string | undefined): WorkingDraft {
  const d: WorkingDraft = { answers: {}, skills: {}, lists: {} };
  if (from) {
    if (from.id) d.id = from.id;
    if (typeof from.title === 'string' && from.title.trim()) d.title = from.title;
    if (typeof from.summary === 'string') d.summary = from.summary;
    if (from.rulebook) d.rulebook = from.rulebook;
    if (from.assessor) d.assessor = { ...from.assessor };
    const scope = answerString(from.scope);
    if (scope) d.scope = scope;
    for (const [k, v] of Object.entries(from.answers ?? {})) {
      const s = answerString(v);
      if (s !== undefined && s !== '') d.answers[k] = s;
    }
    for (const [k, v] of Object.entries(from.skills ?? {})) {
      const s = answerString(v);
      if (s !== undefined && s !== '') d.skills[k] = s;
    }
    for (const list of rb.lists) {
      const entries = from[list.id];
      if (!Array.isArray(entries)) continue;
      d.lists[list.id] = entries.map((e) => {
        const entry: Record<string, unknown> = {};
        for (const f of list.fields) {
          const v = (e as Record<string, unknown>)[f.id];
          if (v === undefined || v === null) continue;
          entry[f.id] = f.type === 'choice' ? answerString(v) : v;
        }
        return entry;
      });
    }
    if (from.acknowledged) d.acknowledged = from.acknowledged.map((a) => ({ ...a }));
    if (typeof from.notes === 'string') d.notes = from.notes;
  }
  if (rulebook) d.rulebook = rulebook;
  return d;
}

/** Which slots of a pre-filled draft count as answered: those with a known value. */
function answeredIn(rb: Rulebook, d: WorkingDraft): string[] {
  const keys: string[] = [];
  if (d.assessor?.role) keys.push(KEY.role);
  if (d.title) keys.push(KEY.title);
  // the summary is optional: a draft with a title has said all it wants to
  if (d.title || d.summary !== undefined) keys.push(KEY.summary);
  if (known(d.scope)) keys.push(KEY.scope);
  for (const [k, v] of Object.entries(d.answers)) if (known(v)) keys.push(KEY.question(k));
  for (const [k, v] of Object.entries(d.skills)) if (known(v)) keys.push(KEY.skill(k));
  for (const list of rb.lists) {
    // a list the draft gives, even empty (`targets: []`), is answered; a missing one is asked
    if (!(list.id in d.lists)) continue;
    const entries = d.lists[list.id]!;
    keys.push(KEY.listClosed(list.id));
    entries.forEach((e, i) => {
      for (const f of list.fields) {
        const v = e[f.id];
        if (f.type === 'text-list' ? Array.isArray(v) : known(v)) keys.push(KEY.field(list.id, i, f.id));
      }
    });
  }
  return keys;
}

export function startState(rb: Rulebook, options: StartOptions = {}): InterviewState {
  const draft = workingDraft(rb, options.from, options.rulebook);
  const role =
    options.role ?? (draft.assessor?.role && rb.roles.some((r) => r.id === draft.assessor!.role) ? draft.assessor.role : undefined);
  if (role) draft.assessor = { ...draft.assessor, role };
  const prefilled = options.review ? [] : (options.answered ?? answeredIn(rb, draft));
  const settled = prefilled.filter((k) => k !== KEY.role);
  // --role fixes the role; a pre-filled draft's role counts as answered unless everything is reviewed
  if (options.role || (role && !options.review)) settled.unshift(KEY.role);
  return { role, draft, settled: [...new Set(settled)], history: [], review: !!options.review, recall: {} };
}

// ---------------------------------------------------------------------------------------------
// Choices and helpers

function choices(options: (Labelled & { id: string })[], notSure = true): Choice[] {
  const list = options.map((o) => ({ value: o.id, label: o.label, ...(o.help ? { help: o.help } : {}) }));
  return notSure ? [...list, NOT_SURE] : list;
}

function info(p: Principle): PrincipleInfo {
  return { id: p.id, number: p.number, title: p.title, shortTitle: p.shortTitle };
}

/** A principle's strongest evidence claim: strong > moderate > limited > mixed, the first wins a tie. */
export function strongestClaim(p: Principle): EvidenceClaim | undefined {
  let best: EvidenceClaim | undefined;
  for (const c of p.evidence) {
    if (!best || STRENGTH_ORDER.indexOf(c.strength) < STRENGTH_ORDER.indexOf(best.strength)) best = c;
  }
  return best;
}

/** "(Gosling et al 2019; Pettigrew et al 2018; moderate evidence)" without the brackets. */
export function claimCitation(rb: Rulebook, claim: EvidenceClaim): string {
  const refs = claim.references.map((id) => rb.references.find((r) => r.id === id)).filter((r) => r !== undefined);
  return [...refs.map((r) => shortCitation(r)), `${claim.strength} evidence`].join('; ');
}

function entriesOf(d: WorkingDraft, list: string): Record<string, unknown>[] {
  return d.lists[list] ?? [];
}

/** The first text field of a list: the entry's name. */
function nameField(list: ListDefinition): ListField | undefined {
  return list.fields.find((f) => f.type === 'text' && f.required) ?? list.fields.find((f) => f.type === 'text');
}

function recalled(state: InterviewState, key: string, value: unknown): unknown {
  return key in state.recall ? state.recall[key] : value;
}

function asString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

// ---------------------------------------------------------------------------------------------
// The walk

/** The draft as `assess` will see it, for relevance: role, scope, answers, lists, skills. */
export function toDraft(rb: Rulebook, state: InterviewState, options: { placeholderTitle?: boolean } = {}): Draft {
  const d = state.draft;
  // key order as a person would write the file
  const ordered: Draft = {
    gpChange: DRAFT_FORMAT_VERSION,
    ...(d.id ? { id: d.id } : {}),
    title: d.title ?? (options.placeholderTitle ? PLACEHOLDER_TITLE : ''),
  } as Draft;
  if (d.summary) ordered.summary = d.summary;
  if (d.rulebook) ordered.rulebook = d.rulebook;
  ordered.assessor = { ...(d.assessor ?? {}), role: state.role ?? d.assessor?.role ?? rb.roles[0]!.id };
  if (d.scope) ordered.scope = d.scope;
  const answers: Record<string, string> = {};
  const questionIds = rb.principles.flatMap((p) => p.questions.map((q) => q.id));
  for (const id of questionIds) if (d.answers[id] !== undefined) answers[id] = d.answers[id]!;
  ordered.answers = answers;
  for (const list of rb.lists) {
    if (!(list.id in d.lists)) continue;
    const name = nameField(list);
    ordered[list.id] = d.lists[list.id]!.filter(
      (e) => !name || (typeof e[name.id] === 'string' && (e[name.id] as string).trim() !== ''),
    ).map((e) => {
      const entry: Record<string, unknown> = {};
      for (const f of list.fields) if (e[f.id] !== undefined) entry[f.id] = e[f.id];
      return entry;
    });
  }
  const skills: Record<string, string> = {};
  for (const a of rb.skills.areas) if (d.skills[a.id] !== undefined) skills[a.id] = d.skills[a.id]!;
  if (Object.keys(skills).length) ordered.skills = skills;
  if (d.acknowledged?.length) ordered.acknowledged = d.acknowledged;
  if (d.notes) ordered.notes = d.notes;
  return ordered;
}

interface Ctx {
  rb: Rulebook;
  state: InterviewState;
  settled: Set<string>;
  canGoBack: boolean;
}

function roleStep(c: Ctx): Step {
  return {
    kind: 'choose-role',
    key: KEY.role,
    canGoBack: c.canGoBack,
    prompt: 'Whose view are you giving?',
    options: c.rb.roles.map((r) => ({ value: r.id, label: r.label, ...(r.description ? { help: r.description } : {}) })),
    current: asString(recalled(c.state, KEY.role, c.state.role)),
  };
}

/** The pending steps of one principle, in order (lists first, so questions that depend on them follow). */
function principleSteps(c: Ctx, p: Principle, pIndex: number): Step[] {
  const { rb, state, settled } = c;
  const d = state.draft;
  const principles = rb.principles.length;
  const steps: Step[] = [];
  const pi = info(p);

  for (const list of rb.lists.filter((l) => l.principle === p.id)) {
    const entries = entriesOf(d, list.id);
    const name = nameField(list);
    entries.forEach((entry, i) => {
      list.fields.forEach((f, fi) => {
        const key = KEY.field(list.id, i, f.id);
        if (settled.has(key)) return;
        const value = recalled(state, key, entry[f.id]);
        steps.push({
          kind: 'list-field',
          key,
          canGoBack: c.canGoBack,
          list: list.id,
          item: list.item,
          index: i,
          field: f.id,
          type: f.type,
          principle: pi,
          prompt: f.prompt,
          required: !!f.required,
          ...(f.type === 'choice' ? { options: choices(f.options ?? []) } : {}),
          ...(f.type === 'text-list'
            ? Array.isArray(value)
              ? { current: value as string[] }
              : {}
            : typeof value === 'string'
              ? { current: value }
              : {}),
          ...(name && typeof entry[name.id] === 'string' && name.id !== f.id ? { entryName: entry[name.id] as string } : {}),
          progress: { principle: pIndex + 1, principles, item: fi + 1, items: list.fields.length },
        });
      });
    });
    if (!settled.has(KEY.listClosed(list.id))) {
      steps.push({
        kind: 'list-add',
        key: KEY.listAdd(list.id, entries.length),
        canGoBack: c.canGoBack,
        list: list.id,
        item: list.item,
        principle: pi,
        prompt: entries.length === 0 ? list.prompt : `Add another ${list.item}?`,
        count: entries.length,
        names: entries.map((e) => (name && typeof e[name.id] === 'string' ? (e[name.id] as string) : '')).filter(Boolean),
        known: d.lists[list.id] !== undefined,
        progress: { principle: pIndex + 1, principles, item: entries.length + 1, items: entries.length + 1 },
      });
    }
  }

  const view = draftView(rb, toDraft(rb, state), state.role ?? rb.roles[0]!.id);
  const relevant = p.questions.filter((q) => isRelevant(q, view));
  relevant.forEach((q, qi) => {
    const key = KEY.question(q.id);
    if (settled.has(key)) return;
    steps.push({
      kind: 'question',
      key,
      canGoBack: c.canGoBack,
      id: q.id,
      principle: pi,
      prompt: (state.role && q.prompts?.[state.role]) || q.prompt,
      ...(q.help ? { help: q.help } : {}),
      options: choices(q.options),
      current: asString(recalled(state, key, d.answers[q.id])),
      progress: { principle: pIndex + 1, principles, item: qi + 1, items: relevant.length },
    });
  });

  if (rb.skills.principle === p.id) {
    rb.skills.areas.forEach((a, ai) => {
      const key = KEY.skill(a.id);
      if (settled.has(key)) return;
      steps.push({
        kind: 'skill',
        key,
        canGoBack: c.canGoBack,
        area: a.id,
        principle: pi,
        prompt: rb.skills.prompt,
        label: a.label,
        ...(a.help ? { help: a.help } : {}),
        options: choices(rb.skills.levels),
        current: asString(recalled(state, key, d.skills[a.id])),
        progress: { principle: pIndex + 1, principles, item: ai + 1, items: rb.skills.areas.length },
      });
    });
  }

  if (steps.length && !settled.has(KEY.intro(p.id))) {
    const claim = strongestClaim(p);
    steps.unshift({
      kind: 'principle-intro',
      key: KEY.intro(p.id),
      canGoBack: c.canGoBack,
      principle: { ...pi, summary: p.summary, whyItMatters: p.whyItMatters },
      ...(claim ? { evidence: { claim: claim.claim, strength: claim.strength, citation: claimCitation(rb, claim) } } : {}),
      progress: { principle: pIndex + 1, principles, item: 0, items: p.questions.filter((q) => isRelevant(q, view)).length },
    });
  }
  return steps;
}

/** The next step for this state: the first slot still to be answered, or `done`. */
export function nextStep(rb: Rulebook, state: InterviewState): Step {
  const settled = new Set(state.settled);
  const c: Ctx = { rb, state, settled, canGoBack: state.history.length > 0 };
  if (!state.role || !settled.has(KEY.role)) return roleStep(c);
  if (!settled.has(KEY.title)) {
    const title = asString(recalled(state, KEY.title, state.draft.title));
    const current = title === PLACEHOLDER_TITLE ? undefined : title;
    return {
      kind: 'text',
      key: KEY.title,
      canGoBack: c.canGoBack,
      field: 'title',
      prompt: 'What is the change called? (a few words)',
      required: true,
      ...(current ? { current } : {}),
    };
  }
  if (!settled.has(KEY.summary)) {
    const current = asString(recalled(state, KEY.summary, state.draft.summary));
    return {
      kind: 'text',
      key: KEY.summary,
      canGoBack: c.canGoBack,
      field: 'summary',
      prompt: 'In one line: what is changing, for whom, and why? (optional)',
      required: false,
      ...(current ? { current } : {}),
    };
  }
  if (!settled.has(KEY.scope)) {
    return {
      kind: 'choose-scope',
      key: KEY.scope,
      canGoBack: c.canGoBack,
      prompt: 'How far does the change reach?',
      options: choices(rb.scopes),
      current: asString(recalled(state, KEY.scope, state.draft.scope)),
    };
  }
  for (const [i, p] of rb.principles.entries()) {
    const steps = principleSteps(c, p, i);
    if (steps.length) return steps[0]!;
  }
  return { kind: 'done', key: 'done', canGoBack: c.canGoBack, draft: toDraft(rb, state) };
}

// ---------------------------------------------------------------------------------------------
// Answering and going back

function clone(d: WorkingDraft): WorkingDraft {
  return structuredClone(d);
}

function check(step: Step, value: AnswerValue, valid: boolean): void {
  if (!valid) throw new Error(`not a valid answer to ${step.kind} ${step.key}: ${JSON.stringify(value)}`);
}

/** The state after answering the current step with `value`. Throws if the value does not fit the step. */
export function apply(rb: Rulebook, state: InterviewState, value: AnswerValue): InterviewState {
  const step = nextStep(rb, state);
  if (step.kind === 'done') return state;
  const draft = clone(state.draft);
  let role = state.role;
  const settled = [...state.settled];
  let settle = true;
  const isOption = (options: Choice[]) => typeof value === 'string' && options.some((o) => o.value === value);

  switch (step.kind) {
    case 'choose-role':
      check(step, value, isOption(step.options));
      role = value as string;
      draft.assessor = { ...draft.assessor, role: role };
      break;
    case 'text': {
      check(step, value, typeof value === 'string' && (!step.required || value.trim() !== ''));
      const text = (value as string).trim();
      if (step.field === 'title') draft.title = text;
      else if (text) draft.summary = text;
      else delete draft.summary;
      break;
    }
    case 'choose-scope':
      check(step, value, isOption(step.options));
      draft.scope = value as string;
      break;
    case 'principle-intro':
      break;
    case 'question':
      check(step, value, isOption(step.options));
      draft.answers[step.id] = value as string;
      break;
    case 'skill':
      check(step, value, isOption(step.options));
      draft.skills[step.area] = value as string;
      break;
    case 'list-add':
      check(step, value, typeof value === 'boolean');
      if (value) {
        (draft.lists[step.list] ??= []).push({});
        settle = false;
      } else {
        draft.lists[step.list] ??= [];
        settled.push(KEY.listClosed(step.list));
      }
      break;
    case 'list-field': {
      const entry = draft.lists[step.list]![step.index]!;
      if (step.type === 'choice') {
        check(step, value, isOption(step.options ?? []));
        entry[step.field] = value;
      } else if (step.type === 'text-list') {
        check(step, value, Array.isArray(value));
        entry[step.field] = (value as string[]).map((s) => s.trim()).filter(Boolean);
      } else {
        check(step, value, typeof value === 'string' && (!step.required || value.trim() !== ''));
        const text = (value as string).trim();
        if (text) entry[step.field] = text;
        else delete entry[step.field];
      }
      break;
    }
  }
  if (settle) settled.push(step.key);
  const recall = { ...state.recall };
  delete recall[step.key];
  return {
    ...state,
    role,
    draft,
    settled,
    recall,
    history: [...state.history, { key: step.key, role: state.role, draft: state.draft, settled: state.settled }],
  };
}

/** The value a slot holds in a state (for offering it again after going back). */
function valueAt(state: InterviewState, key: string): unknown {
  const d = state.draft;
  if (key === KEY.role) return state.role;
  if (key === KEY.title) return d.title;
  if (key === KEY.summary) return d.summary;
  if (key === KEY.scope) return d.scope;
  if (key.startsWith('answers.')) return d.answers[key.slice('answers.'.length)];
  if (key.startsWith('skills.')) return d.skills[key.slice('skills.'.length)];
  const m = /^([^[\]]+)\[(\d+)\]\.(.+)$/.exec(key);
  if (m) return d.lists[m[1]!]?.[Number(m[2])]?.[m[3]!];
  return undefined;
}

/** Goes back one answer: the last answer is undone and its slot asked again, with that answer as the default. */
export function back(state: InterviewState): InterviewState {
  const last = state.history[state.history.length - 1];
  if (!last) return state;
  const value = valueAt(state, last.key);
  const recall = { ...state.recall };
  if (value !== undefined) recall[last.key] = value;
  return { ...state, role: last.role, draft: last.draft, settled: last.settled, history: state.history.slice(0, -1), recall };
}

/** How many answers the walk has had (for tests and the recovery note). */
export function answeredCount(state: InterviewState): number {
  return state.history.length;
}
