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
import type { EvidenceClaim, Labelled, ListDefinition, Principle, Question, Rulebook } from '../rulebook/types.js';
import { draftView } from '../draft/view.js';
import { isPlaceholderTitle } from '../draft/placeholders.js';
import { isRelevant } from '../engine/score.js';
import { shortCitation } from '../engine/citations.js';
import { strengthRank, strengthWords } from '../rulebook/evidence-strength.js';
import { KEY, entriesOf, nameField, toDraft, type InterviewState } from './state.js';
import { NOT_SURE, type Choice, type PrincipleInfo, type Progress, type Step } from './steps.js';

function choices(options: (Labelled & { id: string })[], notSure = true): Choice[] {
  const list = options.map((o) => ({ value: o.id, label: o.label, ...(o.help ? { help: o.help } : {}) }));
  return notSure ? [...list, NOT_SURE] : list;
}

function info(p: Principle): PrincipleInfo {
  return { id: p.id, number: p.number, title: p.title, shortTitle: p.shortTitle };
}

/** A principle's strongest evidence claim by its grade (docs/method.md), the first winning a tie. */
export function strongestClaim(p: Principle): EvidenceClaim | undefined {
  let best: EvidenceClaim | undefined;
  for (const c of p.evidence) {
    if (!best || strengthRank(c.strength) < strengthRank(best.strength)) best = c;
  }
  return best;
}

/** "(Gosling et al 2019; Pettigrew et al 2018; moderate evidence)" without the brackets. */
export function claimCitation(rb: Rulebook, claim: EvidenceClaim): string {
  const refs = claim.references.map((id) => rb.references.find((r) => r.id === id)).filter((r) => r !== undefined);
  return [...refs.map((r) => shortCitation(r)), `${strengthWords(claim.strength)} evidence`].join('; ');
}

function recalled(state: InterviewState, key: string, value: unknown): unknown {
  return key in state.recall ? state.recall[key] : value;
}

function asString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
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

/** One principle's part of the walk: the walk's context, the principle, and the progress line for its steps. */
interface PrincipleCtx extends Ctx {
  p: Principle;
  info: PrincipleInfo;
  progress(item: number, items: number): Progress;
}

/** A list's pending steps: each entry's unanswered fields, then "add one?" until the list is closed. */
function listSteps(c: PrincipleCtx, list: ListDefinition): Step[] {
  const { state, settled } = c;
  const steps: Step[] = [];
  const entries = entriesOf(state.draft, list.id);
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
        principle: c.info,
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
        progress: c.progress(fi + 1, list.fields.length),
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
      principle: c.info,
      prompt: entries.length === 0 ? list.prompt : `Add another ${list.item}?`,
      count: entries.length,
      names: entries.map((e) => (name && typeof e[name.id] === 'string' ? (e[name.id] as string) : '')).filter(Boolean),
      known: state.draft.lists[list.id] !== undefined,
      progress: c.progress(entries.length + 1, entries.length + 1),
    });
  }
  return steps;
}

/** The principle's questions still to answer, among those relevant to the answers so far. */
function questionSteps(c: PrincipleCtx, relevant: Question[]): Step[] {
  const { state } = c;
  return relevant.flatMap((q, qi): Step[] => {
    const key = KEY.question(q.id);
    if (c.settled.has(key)) return [];
    return [
      {
        kind: 'question',
        key,
        canGoBack: c.canGoBack,
        id: q.id,
        principle: c.info,
        prompt: (state.role && q.prompts?.[state.role]) || q.prompt,
        ...(q.help ? { help: q.help } : {}),
        options: choices(q.options),
        current: asString(recalled(state, key, state.draft.answers[q.id])),
        progress: c.progress(qi + 1, relevant.length),
      },
    ];
  });
}

/** The skill areas still to answer, for the principle the skills belong to. */
function skillSteps(c: PrincipleCtx): Step[] {
  const { rb, state } = c;
  if (rb.skills.principle !== c.p.id) return [];
  return rb.skills.areas.flatMap((a, ai): Step[] => {
    const key = KEY.skill(a.id);
    if (c.settled.has(key)) return [];
    return [
      {
        kind: 'skill',
        key,
        canGoBack: c.canGoBack,
        area: a.id,
        principle: c.info,
        prompt: rb.skills.prompt,
        label: a.label,
        ...(a.help ? { help: a.help } : {}),
        options: choices(rb.skills.levels),
        current: asString(recalled(state, key, state.draft.skills[a.id])),
        progress: c.progress(ai + 1, rb.skills.areas.length),
      },
    ];
  });
}

/** The principle's opening screen: why it matters, with its strongest evidence claim. */
function introStep(c: PrincipleCtx, relevant: Question[]): Step {
  const { p } = c;
  const claim = strongestClaim(p);
  return {
    kind: 'principle-intro',
    key: KEY.intro(p.id),
    canGoBack: c.canGoBack,
    principle: { ...c.info, summary: p.summary, whyItMatters: p.whyItMatters },
    ...(claim ? { evidence: { claim: claim.claim, strength: claim.strength, citation: claimCitation(c.rb, claim) } } : {}),
    progress: c.progress(0, relevant.length),
  };
}

/** The pending steps of one principle, in order (lists first, so questions that depend on them follow). */
function principleSteps(walk: Ctx, p: Principle, pIndex: number): Step[] {
  const { rb, state } = walk;
  const principles = rb.principles.length;
  const c: PrincipleCtx = { ...walk, p, info: info(p), progress: (item, items) => ({ principle: pIndex + 1, principles, item, items }) };
  const steps = rb.lists.filter((l) => l.principle === p.id).flatMap((l) => listSteps(c, l));
  const view = draftView(rb, toDraft(rb, state), state.role ?? rb.roles[0]!.id);
  const relevant = p.questions.filter((q) => isRelevant(q, view));
  steps.push(...questionSteps(c, relevant), ...skillSteps(c));
  if (steps.length && !c.settled.has(KEY.intro(p.id))) steps.unshift(introStep(c, relevant));
  return steps;
}

/** The next step for this state: the first slot still to be answered, or `done`. */
export function nextStep(rb: Rulebook, state: InterviewState): Step {
  const settled = new Set(state.settled);
  const c: Ctx = { rb, state, settled, canGoBack: state.history.length > 0 };
  if (!state.role || !settled.has(KEY.role)) return roleStep(c);
  if (!settled.has(KEY.title)) {
    const title = asString(recalled(state, KEY.title, state.draft.title));
    const current = isPlaceholderTitle(title) ? undefined : title;
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
