/** Answering the current step, and going back one answer: each returns a new state and leaves the old one as it was. */
import type { Rulebook } from '../rulebook/types.js';
import { KEY, type InterviewState, type WorkingDraft } from './state.js';
import type { AnswerValue, Choice, Step } from './steps.js';
import { nextStep } from './step.js';

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
