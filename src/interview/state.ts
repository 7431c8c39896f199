/**
 * The interview's state: the draft being built, which slots are answered, and the history `back` undoes;
 * how a state starts from a draft (or from nothing), and the draft a state stands for.
 */
import type { ListDefinition, ListField, Rulebook } from '../rulebook/types.js';
import type { Acknowledgement, Draft } from '../draft/types.js';
import { DRAFT_FORMAT_VERSION, UNKNOWN } from '../draft/schema.js';
import { PLACEHOLDER_TITLE, isPlaceholderSummary, isPlaceholderTitle } from '../draft/placeholders.js';

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
    // Text the tool wrote in place of an answer (init's template, a recovery file's title) is asked again.
    if (typeof from.title === 'string' && from.title.trim() && !isPlaceholderTitle(from.title)) d.title = from.title;
    if (typeof from.summary === 'string' && !isPlaceholderSummary(from.summary)) d.summary = from.summary;
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

export function entriesOf(d: WorkingDraft, list: string): Record<string, unknown>[] {
  return d.lists[list] ?? [];
}

/** The first text field of a list: the entry's name. */
export function nameField(list: ListDefinition): ListField | undefined {
  return list.fields.find((f) => f.type === 'text' && f.required) ?? list.fields.find((f) => f.type === 'text');
}

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
