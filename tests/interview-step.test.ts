import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Principle, Question, Rulebook, Strength } from '../src/rulebook/types.js';
import type { Draft } from '../src/draft/types.js';
import { UNKNOWN } from '../src/draft/schema.js';
import { loadDraft } from '../src/draft/load.js';
import { compileProposalValidator } from '../src/draft/compile-validator.js';
import { assess } from '../src/engine/assess.js';
import { KEY, startState, toDraft, type InterviewState, type StartOptions } from '../src/interview/state.js';
import { PLACEHOLDER_TITLE } from '../src/draft/placeholders.js';
import { NOT_SURE, type AnswerValue, type Step } from '../src/interview/steps.js';
import { claimCitation, nextStep, strongestClaim } from '../src/interview/step.js';
import { apply, back } from '../src/interview/answer.js';
import { answeredIn, answeredLine, draftYaml, newRecoveryFile, recoveryDir, slugFile } from '../src/interview/draft-file.js';
import { shellWord } from '../src/io/shell.js';
import { TODAY, allQuestions, plan, rb, validate } from './helpers/rulebook.js';
import { compilePlan } from '../src/engine/plan.js';
import { initDraft } from './helpers/init-draft.js';

type Asked = Exclude<Step, { kind: 'done' }>;

/** The questions whose relevance depends on something (in the built-in rulebook: on the targets). */
const conditional = allQuestions.filter((q) => q.relevantWhen !== undefined);
const unconditional = (p: Principle) => p.questions.filter((q) => q.relevantWhen === undefined);

/** A plain answer for any step: the first option, a title, no list entries. */
function firstAnswer(step: Asked): AnswerValue {
  switch (step.kind) {
    case 'choose-role':
    case 'choose-scope':
    case 'question':
    case 'skill':
      return step.options[0]!.value;
    case 'text':
      return step.field === 'title' ? 'Same-day access hub' : '';
    case 'principle-intro':
      return true;
    case 'list-add':
      return false;
    case 'list-field':
      // The last real option: for a target, set nationally and paid, so every follow-up question applies.
      return step.type === 'choice'
        ? step.options!.filter((o) => o.value !== 'unknown').at(-1)!.value
        : step.type === 'text-list'
          ? []
          : `${step.item} ${step.index + 1}`;
  }
}

/** Walks to the end, answering with `pick`; returns every step asked and the final state. */
function walk(book: Rulebook, state: InterviewState, pick: (step: Asked, state: InterviewState) => AnswerValue = firstAnswer) {
  const steps: Asked[] = [];
  for (let i = 0; i < 500; i++) {
    const step = nextStep(book, state);
    if (step.kind === 'done') return { steps, state, draft: step.draft };
    steps.push(step);
    state = apply(book, state, pick(step, state));
  }
  throw new Error('the walk did not end');
}

/** Answers steps with `pick` until `stop` says so; returns the state and the step it stopped at. */
function walkUntil(
  book: Rulebook,
  state: InterviewState,
  stop: (step: Step) => boolean,
  pick: (step: Asked, state: InterviewState) => AnswerValue = firstAnswer,
) {
  for (let i = 0; i < 500; i++) {
    const step = nextStep(book, state);
    if (stop(step) || step.kind === 'done') return { state, step };
    state = apply(book, state, pick(step, state));
  }
  throw new Error('never stopped');
}

const keys = (steps: Asked[]) => steps.map((s) => s.key);

function draftAssessment(book: Rulebook, draft: Draft, validator = validate) {
  const text = draftYaml(draft);
  return assess(compilePlan(book), loadDraft(text, 'walk.yaml', validator), { today: TODAY });
}

describe('the order of the walk', () => {
  it('asks role, title, summary and scope, then each principle: intro, lists, questions, skills', () => {
    const { steps } = walk(rb, startState(rb));
    const expected: string[] = [KEY.role, KEY.title, KEY.summary, KEY.scope];
    for (const p of rb.principles) {
      expected.push(KEY.intro(p.id));
      for (const l of rb.lists.filter((x) => x.principle === p.id)) expected.push(KEY.listAdd(l.id, 0));
      for (const q of unconditional(p)) expected.push(KEY.question(q.id));
      if (rb.skills.principle === p.id) for (const a of rb.skills.areas) expected.push(KEY.skill(a.id));
    }
    expect(keys(steps)).toEqual(expected);
    expect(steps.map((s) => s.kind).slice(0, 5)).toEqual(['choose-role', 'text', 'text', 'choose-scope', 'principle-intro']);
  });

  it('every question of the rulebook is asked once in a walk with a target', () => {
    const { steps } = walk(rb, startState(rb), (step, state) => {
      if (step.kind === 'list-add') return step.list === rb.lists[0]!.id && (state.draft.lists[step.list]?.length ?? 0) === 0;
      return firstAnswer(step);
    });
    const asked = steps.filter((s) => s.kind === 'question').map((s) => (s as Extract<Asked, { kind: 'question' }>).id);
    expect(asked).toEqual(allQuestions.map((q) => q.id));
  });

  it("asks a principle's lists right after its intro and before its questions", () => {
    const { steps } = walk(rb, startState(rb), (step, state) => {
      if (step.kind === 'list-add') return (state.draft.lists[step.list]?.length ?? 0) === 0;
      return firstAnswer(step);
    });
    for (const list of rb.lists) {
      const i = steps.findIndex((s) => s.key === KEY.listAdd(list.id, 0));
      const intro = steps.findIndex((s) => s.key === KEY.intro(list.principle));
      const firstQuestion = steps.findIndex((s) => s.kind === 'question' && s.principle.id === list.principle);
      expect(i).toBeGreaterThan(intro);
      expect(i).toBeLessThan(firstQuestion);
    }
  });

  it('opens each principle with why it matters and its strongest evidence claim, cited', () => {
    const { steps } = walk(rb, startState(rb));
    const intros = steps.filter((s): s is Extract<Asked, { kind: 'principle-intro' }> => s.kind === 'principle-intro');
    expect(intros.map((s) => s.principle.id)).toEqual(rb.principles.map((p) => p.id));
    for (const intro of intros) {
      const p = rb.principles.find((x) => x.id === intro.principle.id)!;
      expect(intro.principle.whyItMatters).toBe(p.whyItMatters);
      const best = strongestClaim(p)!;
      expect(intro.evidence).toEqual({ claim: best.claim, strength: best.strength, citation: claimCitation(rb, best) });
      expect(intro.evidence!.citation).toMatch(new RegExp(`; ${best.strength.replace('-', ' ')} evidence$`));
      expect(intro.progress).toMatchObject({ principle: p.number, principles: rb.principles.length });
    }
  });

  it('the strongest claim is strong > moderate > limited (or mixed) > very limited, the first of equals winning', () => {
    const grade = { basis: 'x', reason: 'x' };
    const claim = (id: string, strength: Strength) => ({ id, claim: id, strength, grade, references: [] });
    const p = {
      ...rb.principles[0]!,
      evidence: [claim('a', 'very-limited'), claim('b', 'limited'), claim('c', 'moderate'), claim('d', 'strong'), claim('e', 'strong')],
    };
    expect(strongestClaim(p)!.id).toBe('d');
    expect(strongestClaim({ ...p, evidence: [claim('a', 'limited'), claim('b', 'mixed'), claim('c', 'limited')] })!.id).toBe('a');
    expect(strongestClaim({ ...p, evidence: [claim('a', 'very-limited'), claim('b', 'limited')] })!.id).toBe('b');
    expect(strongestClaim({ ...p, evidence: [] })).toBeUndefined();
    const withRefs = { id: 'x', claim: 'x', strength: 'very-limited' as const, grade, references: ['gosling-2019', 'pettigrew-2018'] };
    expect(claimCitation(rb, withRefs)).toBe('Gosling et al 2019; Pettigrew et al 2018; very limited evidence');
  });

  it('every choice offers "Not sure" (saved as unknown), except the role', () => {
    const { steps } = walk(rb, startState(rb), (step, state) => {
      if (step.kind === 'list-add') return (state.draft.lists[step.list]?.length ?? 0) === 0;
      return firstAnswer(step);
    });
    for (const s of steps) {
      if (s.kind === 'choose-role') expect(s.options.some((o) => o.value === UNKNOWN)).toBe(false);
      if (s.kind === 'choose-scope' || s.kind === 'question' || s.kind === 'skill' || (s.kind === 'list-field' && s.type === 'choice')) {
        expect(s.options!.at(-1)).toEqual(NOT_SURE);
      }
    }
    expect(NOT_SURE).toMatchObject({ value: UNKNOWN, label: 'Not sure' });
  });

  it('a question shows its option help', () => {
    const { step } = walkUntil(rb, startState(rb, { role: 'practice' }), (s) => s.kind === 'question');
    const q = rb.principles[0]!.questions[0]!;
    expect(step).toMatchObject({ kind: 'question', id: q.id, help: q.help });
    if (step.kind !== 'question') throw new Error();
    expect(step.options.slice(0, -1)).toEqual(q.options.map((o) => ({ value: o.id, label: o.label, ...(o.help ? { help: o.help } : {}) })));
  });
});

describe('progress', () => {
  it('counts principle n of N and question k of m over the relevant questions', () => {
    const { steps } = walk(rb, startState(rb));
    for (const p of rb.principles) {
      const qs = steps.filter((s): s is Extract<Asked, { kind: 'question' }> => s.kind === 'question' && s.principle.id === p.id);
      const m = unconditional(p).length;
      expect(qs.map((s) => s.progress)).toEqual(
        qs.map((_, k) => ({ principle: p.number, principles: rb.principles.length, item: k + 1, items: m })),
      );
    }
    const skills = steps.filter((s) => s.kind === 'skill');
    expect(skills.map((s) => (s as Extract<Asked, { kind: 'skill' }>).progress.item)).toEqual(rb.skills.areas.map((_, i) => i + 1));
  });

  it('a target makes its follow-up questions relevant, and the count grows', () => {
    const principle = rb.principles.find((p) => p.id === conditional[0]!.principle)!;
    const { steps } = walk(rb, startState(rb), (step, state) => {
      if (step.kind === 'list-add') return step.list === rb.lists[0]!.id && (state.draft.lists[step.list]?.length ?? 0) === 0;
      return firstAnswer(step);
    });
    const qs = steps.filter((s): s is Extract<Asked, { kind: 'question' }> => s.kind === 'question' && s.principle.id === principle.id);
    expect(qs.map((s) => s.id)).toEqual(principle.questions.map((q) => q.id));
    expect(qs.every((s) => s.progress.items === principle.questions.length)).toBe(true);
  });

  it('list fields count their place among the fields', () => {
    const list = rb.lists[0]!;
    const { steps } = walk(rb, startState(rb), (step, state) => {
      if (step.kind === 'list-add') return step.list === list.id && (state.draft.lists[step.list]?.length ?? 0) === 0;
      return firstAnswer(step);
    });
    const fields = steps.filter((s): s is Extract<Asked, { kind: 'list-field' }> => s.kind === 'list-field');
    expect(fields.map((f) => f.field)).toEqual(list.fields.map((f) => f.id));
    expect(fields.map((f) => `${f.progress.item}/${f.progress.items}`)).toEqual(
      list.fields.map((_, i) => `${i + 1}/${list.fields.length}`),
    );
    expect(fields[1]!.entryName).toBe(`${list.item} 1`);
  });
});

describe('skipping irrelevant questions', () => {
  it('without targets, questions about them are never asked', () => {
    expect(conditional.length).toBeGreaterThan(0);
    const { steps, draft } = walk(rb, startState(rb));
    for (const q of conditional) {
      expect(keys(steps)).not.toContain(KEY.question(q.id));
      expect(draft.answers).not.toHaveProperty(q.id);
    }
    // and the report does not count them as unknown
    const a = draftAssessment(rb, draft);
    for (const q of conditional) expect(a.toFindOut.map((u) => u.path)).not.toContain(`answers.${q.id}`);
  });

  it('a custom question that depends on the scope is asked only for that scope', () => {
    const book = structuredClone(rb);
    const extra: Question = {
      id: 'pcn-board-sign-off',
      principle: book.principles[2]!.id,
      prompt: 'Has the PCN board signed this off?',
      weight: 1,
      relevantWhen: { '==': [{ var: 'scope' }, 'pcn'] },
      options: [
        { id: 'yes', label: 'Yes', score: 100 },
        { id: 'no', label: 'No', score: 0 },
      ],
    };
    book.principles[2]!.questions.push(extra);
    const scopeIs = (scope: string) => (step: Asked) => (step.kind === 'choose-scope' ? scope : firstAnswer(step));
    expect(keys(walk(book, startState(book), scopeIs('pcn')).steps)).toContain(KEY.question(extra.id));
    expect(keys(walk(book, startState(book), scopeIs('practice')).steps)).not.toContain(KEY.question(extra.id));
    expect(keys(walk(book, startState(book), scopeIs(UNKNOWN)).steps)).not.toContain(KEY.question(extra.id));
  });
});

describe('answers', () => {
  it('"Not sure" is saved as unknown and lands on the "to find out" list', () => {
    const { draft } = walk(rb, startState(rb), (step) =>
      step.kind === 'question' || step.kind === 'skill' || step.kind === 'choose-scope' ? UNKNOWN : firstAnswer(step),
    );
    expect(draft.scope).toBe(UNKNOWN);
    for (const q of allQuestions.filter((x) => !x.relevantWhen)) expect(draft.answers![q.id]).toBe(UNKNOWN);
    for (const a of rb.skills.areas) expect(draft.skills![a.id]).toBe(UNKNOWN);
    const assessment = draftAssessment(rb, draft);
    expect(assessment.toFindOut.map((u) => u.path)).toEqual(
      expect.arrayContaining(unconditional(rb.principles[0]!).map((q) => `answers.${q.id}`)),
    );
    expect(assessment.principles.every((p) => p.coverage.answered === 0)).toBe(true);
  });

  it('refuses answers that do not fit the step', () => {
    const s0 = startState(rb);
    expect(() => apply(rb, s0, 'manager')).toThrow(/not a valid answer/);
    const s1 = apply(rb, s0, 'practice');
    expect(() => apply(rb, s1, '   ')).toThrow(/not a valid answer/);
    const { state } = walkUntil(rb, s1, (s) => s.kind === 'question');
    expect(() => apply(rb, state, 'maybe')).toThrow(/not a valid answer/);
    expect(() => apply(rb, state, true)).toThrow(/not a valid answer/);
  });

  it('text answers are trimmed; an empty summary is left out', () => {
    let s = apply(rb, startState(rb), 'ics');
    s = apply(rb, s, '  Same-day hub  ');
    s = apply(rb, s, '   ');
    expect(s.draft.title).toBe('Same-day hub');
    expect(s.draft).not.toHaveProperty('summary');
    expect(nextStep(rb, s).kind).toBe('choose-scope');
  });

  it('list entries: each field in order; a text list keeps non-empty lines; "add another?" until no', () => {
    const list = rb.lists[0]!;
    const textList = list.fields.find((f) => f.type === 'text-list');
    let added = 0;
    const { draft } = walk(rb, startState(rb), (step) => {
      if (step.kind === 'list-add') return step.list === list.id && added++ < 2;
      if (step.kind === 'list-field' && step.type === 'text-list') return ['  a  ', '', 'b'];
      if (step.kind === 'list-field' && step.type === 'choice') return step.options!.at(-2)!.value;
      return firstAnswer(step);
    });
    const entries = draft[list.id] as Record<string, unknown>[];
    expect(entries).toHaveLength(2);
    expect(entries.map((e) => e[list.fields[0]!.id])).toEqual([`${list.item} 1`, `${list.item} 2`]);
    if (textList) expect(entries[0]![textList.id]).toEqual(['a', 'b']);
    for (const other of rb.lists.slice(1)) expect(draft[other.id]).toEqual([]);
  });

  it("the finished draft is valid, in a file's order, and assesses like any draft", () => {
    const { draft } = walk(rb, startState(rb, { role: 'ics' }));
    expect(Object.keys(draft)).toEqual(['gpChange', 'title', 'assessor', 'scope', 'answers', ...rb.lists.map((l) => l.id), 'skills']);
    const text = draftYaml(draft, { schemaPath: '../schemas/proposal.schema.json' });
    expect(text.startsWith('# yaml-language-server: $schema=../schemas/proposal.schema.json\n')).toBe(true);
    expect(text).toMatch(/: "yes"$/m);
    expect(() => loadDraft(text, 'x.yaml', validate)).not.toThrow();
    expect(draftAssessment(rb, draft).role.id).toBe('ics');
  });
});

describe('going back', () => {
  it('back undoes the last answer and offers it again as the default', () => {
    const { state } = walkUntil(rb, startState(rb, { role: 'practice' }), (s) => s.kind === 'question');
    const first = nextStep(rb, state) as Extract<Asked, { kind: 'question' }>;
    const answered = apply(rb, state, first.options[1]!.value);
    expect(nextStep(rb, answered).key).not.toBe(first.key);
    const again = back(answered);
    const step = nextStep(rb, again);
    expect(step.key).toBe(first.key);
    expect(step).toMatchObject({ current: first.options[1]!.value });
    expect(again.draft.answers).not.toHaveProperty(first.id);
    // answering again clears the remembered value
    const re = apply(rb, again, first.options[0]!.value);
    expect(re.recall).toEqual({});
    expect(re.draft.answers[first.id]).toBe(first.options[0]!.value);
  });

  it("back from a principle's first question returns to its intro, and from there to the previous principle", () => {
    const second = rb.principles[1]!;
    const { state } = walkUntil(
      rb,
      startState(rb),
      (s) => s.kind === 'question' && s.principle.id === second.id,
      (step, st) =>
        step.kind === 'list-add' ? (st.draft.lists[step.list]?.length ?? 0) === 0 && step.list === rb.lists[0]!.id : firstAnswer(step),
    );
    const b1 = back(state);
    expect(nextStep(rb, b1).kind).toBe('list-add');
    let s = b1;
    while (nextStep(rb, s).kind !== 'principle-intro') s = back(s);
    expect(nextStep(rb, s).key).toBe(KEY.intro(second.id));
    const prev = nextStep(rb, back(s));
    expect(prev.kind).toBe('question');
    expect(prev).toMatchObject({ id: unconditional(rb.principles[0]!).at(-1)!.id });
  });

  it("back from a new entry's first field removes the entry", () => {
    const list = rb.lists[0]!;
    const { state } = walkUntil(rb, startState(rb), (s) => s.kind === 'list-add' && s.list === list.id);
    const adding = apply(rb, state, true);
    expect(adding.draft.lists[list.id]).toHaveLength(1);
    expect(nextStep(rb, adding)).toMatchObject({ kind: 'list-field', index: 0, field: list.fields[0]!.id });
    const undone = back(adding);
    expect(undone.draft.lists[list.id]).toBeUndefined();
    expect(nextStep(rb, undone)).toMatchObject({ kind: 'list-add', list: list.id, count: 0 });
  });

  it('back can go all the way to the role; with nothing answered it does nothing', () => {
    const s0 = startState(rb);
    expect(back(s0)).toBe(s0);
    expect(nextStep(rb, s0).canGoBack).toBe(false);
    const { state } = walkUntil(rb, s0, (s) => s.kind === 'principle-intro');
    expect(nextStep(rb, state).canGoBack).toBe(true);
    let s = state;
    while (s.history.length) s = back(s);
    expect(nextStep(rb, s)).toMatchObject({ kind: 'choose-role', current: 'ics' });
    expect(s.draft.title).toBeUndefined();
  });

  it('changing an earlier answer changes which questions follow', () => {
    const list = rb.lists.find((l) => conditional.some((q) => q.principle === l.principle))!;
    const dependent = conditional.find((q) => q.principle === list.principle)!;
    const withTarget = walkUntil(
      rb,
      startState(rb),
      (s) => s.kind === 'question' && s.principle.id === list.principle,
      (step) => (step.kind === 'list-add' ? step.list === list.id && step.count === 0 : firstAnswer(step)),
    );
    const p = rb.principles.find((x) => x.id === list.principle)!;
    expect((nextStep(rb, withTarget.state) as Extract<Asked, { kind: 'question' }>).progress.items).toBe(p.questions.length);
    const rest = walk(rb, withTarget.state);
    expect(keys(rest.steps)).toContain(KEY.question(dependent.id));
  });
});

describe('pre-filled drafts (--from) and --review', () => {
  const readyText = readFileSync('tests/fixtures/interview/complete.yaml', 'utf8');
  const ready = loadDraft(readyText, 'complete.yaml', validate).draft;

  it('a list the draft already settles (even as empty) is marked known, so Enter keeps it', () => {
    const list = rb.lists[0]!;
    const fresh = walkUntil(rb, startState(rb), (st) => st.kind === 'list-add' && st.list === list.id).step;
    expect(fresh).toMatchObject({ kind: 'list-add', known: false });
    const from = structuredClone(ready);
    from[list.id] = [];
    const reviewed = walkUntil(rb, startState(rb, { from, review: true }), (st) => st.kind === 'list-add' && st.list === list.id).step;
    expect(reviewed).toMatchObject({ kind: 'list-add', known: true, count: 0 });
  });

  it('a complete draft asks nothing and round-trips, comments and all', () => {
    const s = startState(rb, { from: ready });
    const step = nextStep(rb, s);
    expect(step.kind).toBe('done');
    if (step.kind !== 'done') return;
    const text = draftYaml(step.draft, { base: readyText });
    const before = assess(plan, loadDraft(readyText, 'complete.yaml', validate), { today: TODAY });
    const after = assess(plan, loadDraft(text, 'complete.yaml', validate), { today: TODAY });
    expect(after.principles).toEqual(before.principles);
    expect(after.findings).toEqual(before.findings);
    expect(text).toMatch(/# the team's own measure/);
    expect(step.draft).toMatchObject({ id: ready.id, notes: ready.notes, assessor: ready.assessor });
  });

  it('a list missing from the draft is asked; an empty one counts as "none"', () => {
    const from = structuredClone(ready);
    delete from[rb.lists[1]!.id];
    const { steps } = walk(rb, startState(rb, { from }));
    expect(keys(steps)).toEqual([KEY.intro(rb.lists[1]!.principle), KEY.listAdd(rb.lists[1]!.id, 0)]);
  });

  it('asks only what is missing or unknown, without the role the draft gives', () => {
    const q = allQuestions.filter((x) => !x.relevantWhen);
    const from = structuredClone(ready);
    delete from.answers![q[0]!.id];
    from.answers![q[5]!.id] = UNKNOWN;
    delete from.skills![rb.skills.areas[1]!.id];
    const { steps } = walk(rb, startState(rb, { from }));
    expect(keys(steps)).toEqual([
      KEY.intro(q[0]!.principle),
      KEY.question(q[0]!.id),
      KEY.question(q[5]!.id),
      ...(q[5]!.principle === rb.skills.principle ? [] : [KEY.intro(rb.skills.principle)]),
      KEY.skill(rb.skills.areas[1]!.id),
    ]);
  });

  it('a draft without a title or role asks for them first', () => {
    const from = { ...structuredClone(ready), title: '' } as Draft;
    delete from.summary;
    const s = startState(rb, { from: { ...from, assessor: undefined } as unknown as Draft });
    expect(nextStep(rb, s).kind).toBe('choose-role');
    const s2 = apply(rb, s, 'practice');
    expect(nextStep(rb, s2)).toMatchObject({ kind: 'text', field: 'title' });
    expect(nextStep(rb, apply(rb, s2, 'A title'))).toMatchObject({ kind: 'text', field: 'summary' });
  });

  it("--role overrides the draft's role and is never asked", () => {
    const s = startState(rb, { from: ready, role: 'ics', review: true });
    expect(nextStep(rb, s).kind).toBe('text');
    expect(toDraft(rb, s).assessor.role).toBe('ics');
  });

  it("--review asks everything again with the draft's answers as defaults", () => {
    const s = startState(rb, { from: ready, review: true });
    const { steps, draft } = walk(rb, s, (step) => {
      if ('current' in step && step.current !== undefined) return step.current as AnswerValue;
      return firstAnswer(step);
    });
    expect(steps[0]).toMatchObject({ kind: 'choose-role', current: ready.assessor.role });
    expect(steps[1]).toMatchObject({ kind: 'text', field: 'title', current: ready.title });
    for (const q of allQuestions.filter((x) => !x.relevantWhen)) {
      expect(steps.find((st) => st.key === KEY.question(q.id))).toMatchObject({ current: ready.answers![q.id] });
    }
    expect(draft.answers).toEqual(ready.answers);
    expect(draft[rb.lists[0]!.id]).toEqual(ready[rb.lists[0]!.id]);
  });

  it('a recovery file\'s record of answered slots keeps its "not sure" answers from being asked again', () => {
    const { state } = walkUntil(
      rb,
      startState(rb),
      (s) => s.kind === 'principle-intro' && s.principle.number === 2,
      (step) => (step.kind === 'question' ? UNKNOWN : firstAnswer(step)),
    );
    const text = draftYaml(toDraft(rb, state, { placeholderTitle: true }), { header: [answeredLine(state.settled)] });
    const recovered = loadDraft(text, 'r.yaml', validate).draft;
    const answered = answeredIn(text);
    expect(answered).toEqual(state.settled);
    const resumed = startState(rb, { from: recovered, answered });
    expect(nextStep(rb, resumed).key).toBe(KEY.intro(rb.principles[1]!.id));
    expect(resumed.draft).toEqual(state.draft);
    // without the record, the unknowns are asked again
    const plain = startState(rb, { from: recovered });
    expect(nextStep(rb, plain).key).toBe(KEY.intro(rb.principles[0]!.id));
    expect(answeredIn('gpChange: 1\n')).toBeUndefined();
  });

  it('a recovery file written before the title has a placeholder, which is asked again and not offered', () => {
    const s = apply(rb, startState(rb), 'practice');
    const text = draftYaml(toDraft(rb, s, { placeholderTitle: true }), { header: [answeredLine(s.settled)] });
    const from = loadDraft(text, 'r.yaml', validate).draft;
    expect(from.title).toBe(PLACEHOLDER_TITLE);
    const resumed = startState(rb, { from, answered: answeredIn(text)! });
    const step = nextStep(rb, resumed);
    expect(step).toMatchObject({ kind: 'text', field: 'title' });
    expect(step).not.toHaveProperty('current');
  });

  it("init's placeholder title and summary are not answers: a walk from init's draft asks for both, offering neither", () => {
    const from = loadDraft(initDraft('practice'), 'change.yaml', validate).draft;
    const s = startState(rb, { from });
    const title = nextStep(rb, s);
    expect(title).toMatchObject({ kind: 'text', field: 'title' });
    expect(title).not.toHaveProperty('current');
    const summary = nextStep(rb, apply(rb, s, 'Same-day hub'));
    expect(summary).toMatchObject({ kind: 'text', field: 'summary' });
    expect(summary).not.toHaveProperty('current');
  });

  it('a recovery file from before the placeholders were one (title "Untitled change") is resumed the same way', () => {
    const s = apply(rb, startState(rb), 'practice');
    const text = draftYaml(toDraft(rb, s, { placeholderTitle: true }), { header: [answeredLine(s.settled)] }).replace(
      PLACEHOLDER_TITLE,
      'Untitled change',
    );
    const resumed = startState(rb, { from: loadDraft(text, 'r.yaml', validate).draft, answered: answeredIn(text)! });
    expect(nextStep(rb, resumed)).not.toHaveProperty('current');
    expect(resumed.draft.title).toBeUndefined();
  });

  it('pre-filled list entries: missing fields are asked, then no "add another?"', () => {
    const list = rb.lists[0]!;
    const from = structuredClone(ready);
    from[list.id] = [{ [list.fields[0]!.id]: 'Named only' }];
    for (const q of conditional) delete from.answers![q.id];
    const { steps } = walk(rb, startState(rb, { from }));
    expect(keys(steps)).toEqual([
      KEY.intro(list.principle),
      ...list.fields.slice(1).map((f) => KEY.field(list.id, 0, f.id)),
      ...conditional.map((q) => KEY.question(q.id)),
    ]);
  });
});

describe('role wording', () => {
  const worded = allQuestions.filter((q) => q.prompts && Object.keys(q.prompts).length);

  it("uses the role's wording where the rulebook has one, else the general prompt", () => {
    expect(worded.length).toBeGreaterThan(0);
    for (const role of rb.roles) {
      const { steps } = walk(rb, startState(rb, { role: role.id }));
      for (const step of steps) {
        if (step.kind !== 'question') continue;
        const q = allQuestions.find((x) => x.id === step.id)!;
        expect(step.prompt).toBe(q.prompts?.[role.id] ?? q.prompt);
      }
    }
  });

  it('the two roles see different words for the same question', () => {
    const q = worded[0]!;
    const promptFor = (role: string) => walk(rb, startState(rb, { role })).steps.find((s) => s.key === KEY.question(q.id))!;
    expect((promptFor('ics') as Extract<Asked, { kind: 'question' }>).prompt).not.toBe(
      (promptFor('practice') as Extract<Asked, { kind: 'question' }>).prompt,
    );
  });
});

describe('a custom rulebook', () => {
  function withExtra(): { book: Rulebook; extra: Question } {
    const book = structuredClone(rb);
    const p = book.principles[0]!;
    const extra: Question = {
      id: 'local-patient-panel',
      principle: p.id,
      prompt: 'Has the practice patient panel seen the design?',
      prompts: { practice: 'Has your patient participation group seen the design?' },
      help: 'A local measure the PCN chose for itself.',
      weight: 2,
      options: [
        { id: 'yes', label: 'Yes', help: 'They have seen it and commented.', score: 100 },
        { id: 'no', label: 'No', score: 0 },
      ],
    };
    p.questions.push(extra);
    return { book, extra };
  }

  it('asks its extra question in its principle, counted in the progress', () => {
    const { book, extra } = withExtra();
    const { steps, draft } = walk(book, startState(book, { role: 'practice' }), (step) =>
      step.kind === 'question' && step.id === extra.id ? 'no' : firstAnswer(step),
    );
    const qs = steps.filter(
      (s): s is Extract<Asked, { kind: 'question' }> => s.kind === 'question' && s.principle.id === book.principles[0]!.id,
    );
    expect(qs.at(-1)).toMatchObject({
      id: extra.id,
      prompt: extra.prompts!.practice,
      help: extra.help,
      progress: { item: qs.length, items: qs.length },
    });
    expect(qs).toHaveLength(rb.principles[0]!.questions.length + 1);
    expect(draft.answers![extra.id]).toBe('no');
    // and the draft is valid for that rulebook, which scores the answer
    const a = draftAssessment(book, draft, compileProposalValidator(book));
    expect(a.principles[0]!.coverage.asked).toBe(qs.length);
  });

  it('asks the fields of a list the custom rulebook adds, and its skill areas', () => {
    const book = structuredClone(rb);
    book.skills.areas.push({ id: 'quality-improvement', label: 'Quality improvement' });
    const { steps } = walk(book, startState(book));
    expect(keys(steps)).toContain(KEY.skill('quality-improvement'));
  });
});

describe('recovery files', () => {
  it('live in $GP_CHANGE_RECOVERY_DIR, else $XDG_STATE_HOME/gp-change, else ~/.local/state/gp-change', () => {
    expect(recoveryDir({ GP_CHANGE_RECOVERY_DIR: '/tmp/r', XDG_STATE_HOME: '/x' })).toBe('/tmp/r');
    expect(recoveryDir({ XDG_STATE_HOME: '/x/state' })).toBe('/x/state/gp-change');
    expect(recoveryDir({ XDG_STATE_HOME: 'relative' })).toBe(join(homedir(), '.local', 'state', 'gp-change'));
    expect(recoveryDir({})).toBe(join(homedir(), '.local', 'state', 'gp-change'));
  });

  it('are named from the time, never clashing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gp-change-rec-'));
    const at = new Date(2026, 10, 23, 10, 15, 3);
    const a = newRecoveryFile(dir, at);
    expect(a).toBe(join(dir, 'recovery-2026-11-23-101503.yaml'));
    writeFileSync(a, '');
    expect(newRecoveryFile(dir, at)).toBe(join(dir, 'recovery-2026-11-23-101503-2.yaml'));
    rmSync(dir, { recursive: true });
  });

  it('paths in the resume command are quoted for the shell when they need it', () => {
    expect(shellWord('/home/a/.local/state/gp-change/recovery-1.yaml')).toBe('/home/a/.local/state/gp-change/recovery-1.yaml');
    expect(shellWord("/tmp/my files/it's.yaml")).toBe(`'/tmp/my files/it'\\''s.yaml'`);
    // A name starting with "-" would be read as an option: it is given a "./" (the same file).
    expect(shellWord('-draft.yaml')).toBe(`'./-draft.yaml'`);
    expect(shellWord('a$b.yaml')).toBe(`'a$b.yaml'`);
  });
});

describe('file names', () => {
  it('slugFile makes a file name from the title', () => {
    expect(slugFile('Same-day access hub for the PCN')).toBe('same-day-access-hub-for-the-pcn.yaml');
    expect(slugFile('  Café: über 50%!  ')).toBe('cafe-uber-50.yaml');
    expect(slugFile('')).toBe('change.yaml');
    expect(slugFile(undefined)).toBe('change.yaml');
    expect(slugFile('x'.repeat(100))).toBe(`${'x'.repeat(60)}.yaml`);
  });
});

describe('start options', () => {
  it('a state is plain data', () => {
    const opts: StartOptions = { role: 'practice' };
    const s = startState(rb, opts);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });
});
