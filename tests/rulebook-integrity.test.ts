/**
 * Referential integrity of the rulebook (src/rulebook/resolve.ts) and the condition allow-list
 * (src/engine/conditions.ts). Each case copies the real rulebook sources into a temporary folder,
 * breaks one thing by a text edit, and checks that loading names the file, line and column of the
 * break and says what is wrong. Expected positions are computed from the edited text itself (where the
 * edit's marker sits), so the cases keep working as the rulebook's wording changes.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import jsonLogic from 'json-logic-js';
import { loadRulebookFromSources } from '../src/rulebook/load-builtin-sources.js';
import { checkIntegrity } from '../src/rulebook/integrity.js';
import { resolveRulebook, type Origins } from '../src/rulebook/resolve.js';
import { evaluate } from '../src/engine/conditions.js';
import { ALLOWED_OPERATORS, inspectCondition } from '../src/rulebook/conditions.js';
import { InputError, type Problem } from '../src/load/errors.js';
import { readYamlFile } from '../src/load/yaml-source.js';

const REPO = join(import.meta.dirname, '..');
const P1 = 'rules/principles/1-bottom-up.yaml';
const P2 = 'rules/principles/2-incentives-targets.yaml';
const P3 = 'rules/principles/3-soft-stuff.yaml';
const P4 = 'rules/principles/4-capacity-capability.yaml';
const META = 'rules/rulebook.yaml';
const REFS = 'evidence/references.yaml';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A fresh copy of the real rulebook sources (rules/, evidence/) in a temporary folder. */
function sandbox(): string {
  const root = mkdtempSync(join(tmpdir(), 'gp-change-integrity-'));
  made.push(root);
  cpSync(join(REPO, 'rules'), join(root, 'rules'), { recursive: true });
  cpSync(join(REPO, 'evidence'), join(root, 'evidence'), { recursive: true });
  return root;
}

/** Replaces `from` (which must occur exactly once) by `to` in one source file; returns the new text. */
function edit(root: string, rel: string, from: string, to: string): string {
  const file = join(root, rel);
  const text = readFileSync(file, 'utf8');
  const count = text.split(from).length - 1;
  if (count !== 1) throw new Error(`fixture drift: expected exactly one ${JSON.stringify(from)} in ${rel}, found ${count}`);
  const next = text.replace(from, () => to);
  writeFileSync(file, next);
  return next;
}

/** 1-based line and column of a character offset in `text`. */
function positionAt(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, col: offset - before.lastIndexOf('\n') };
}

/** 1-based line and column of `needle`, which must occur exactly once in `text`. */
function positionOf(text: string, needle: string): { line: number; col: number } {
  const i = text.indexOf(needle);
  if (i < 0 || text.indexOf(needle, i + 1) >= 0) throw new Error(`marker ${JSON.stringify(needle)} must occur exactly once`);
  return positionAt(text, i);
}

/** The condition of risk unintelligible-design (principle 1), the one most cases break. */
const UNINTELLIGIBLE_Q = '{ "==": [{ var: answers.staff-understanding }, "no"] }';
const UNINTELLIGIBLE = `when: ${UNINTELLIGIBLE_Q}`;
const shift = (pos: { line: number; col: number }, by: number) => ({ line: pos.line, col: pos.col + by });

/** Loads the sandbox, which must fail; returns the problems. */
function problemsOf(root: string): Problem[] {
  let caught: unknown;
  try {
    loadRulebookFromSources(root);
  } catch (error) {
    caught = error;
  }
  if (caught === undefined) throw new Error('the broken rulebook loaded without complaint');
  expect(caught).toBeInstanceOf(InputError);
  return (caught as InputError).problems;
}

/** The one problem whose message matches, checked to be in `rel` at the given position. */
function expectProblem(problems: Problem[], rel: string, root: string, where: { line: number; col: number }, message: RegExp): Problem {
  const matching = problems.filter((p) => message.test(p.message));
  expect(
    matching,
    `no problem matching ${message} among:\n${problems.map((p) => `${p.file}:${p.line}:${p.col}: ${p.message}`).join('\n')}`,
  ).toHaveLength(1);
  const p = matching[0]!;
  expect(resolve(process.cwd(), p.file)).toBe(join(root, rel));
  expect({ line: p.line, col: p.col }).toEqual(where);
  // A plain sentence, not validator jargon.
  expect(p.message).not.toMatch(/must NOT|additionalProperties|instancePath|undefined/);
  return p;
}

describe('the real rulebook', () => {
  it('passes every check and has the four principles in order', () => {
    const rb = loadRulebookFromSources(REPO);
    expect(rb.principles.map((p) => p.id)).toEqual(['bottom-up', 'incentives-targets', 'soft-stuff', 'capacity-capability']);
    expect(rb.principles.map((p) => p.number)).toEqual([1, 2, 3, 4]);
  });

  it('an untouched copy passes too (the sandbox itself breaks nothing)', () => {
    expect(loadRulebookFromSources(sandbox()).principles).toHaveLength(4);
  });

  it('checkIntegrity finds nothing in the resolved sources, and every item has an origin', () => {
    const read = (rel: string) => ({ ...readYamlFile(join(REPO, rel), { allowAliases: true }), file: rel });
    const origins: Origins = new WeakMap();
    const rb = resolveRulebook({ meta: read(META), principles: [P3, P1, P4, P2].map(read), references: read(REFS) }, origins);
    expect(rb.principles.map((p) => p.number)).toEqual([1, 2, 3, 4]); // sorted by number, not file order
    expect(checkIntegrity(rb, origins)).toEqual([]);
    for (const p of rb.principles) {
      for (const item of [p, ...p.evidence, ...p.questions, ...p.risks, ...Object.values(p.actions).flat()]) {
        expect(origins.get(item)?.source.file).toMatch(/^rules\/principles\/\d-[a-z-]+\.yaml$/);
      }
    }
    for (const r of rb.references) expect(origins.get(r)?.source.file).toBe(REFS);
  });
});

describe('references', () => {
  it('a claim citing a reference id that does not exist is refused at that id', () => {
    const root = sandbox();
    const text = edit(root, P1, 'references: [brooke-sumner-2019]', 'references: [brooke-sumner-2091]');
    const problems = problemsOf(root);
    const p = expectProblem(problems, P1, root, positionOf(text, 'brooke-sumner-2091'), /brooke-sumner-2091/);
    expect(p.message).toMatch(/reference "brooke-sumner-2091" is not in .*evidence\/references\.yaml/);
    expect(problems).toHaveLength(1); // brooke-sumner-2019 is still cited by a risk, so nothing else breaks
  });

  it('a reference that no claim or risk cites is refused at its id', () => {
    const root = sandbox();
    const file = join(root, REFS);
    const text = `${readFileSync(file, 'utf8').trimEnd()}\n\n- id: orphan-2020\n  type: report\n  title: A report nobody cites\n`;
    writeFileSync(file, text);
    const problems = problemsOf(root);
    const p = expectProblem(problems, REFS, root, positionOf(text, 'orphan-2020'), /orphan-2020/);
    expect(p.message).toMatch(/not cited by any evidence claim or risk/);
    expect(problems).toHaveLength(1);
  });

  it('a reference cited only by an action (not a claim or risk) still counts as uncited', () => {
    const root = sandbox();
    const refs = join(root, REFS);
    const refsText = `${readFileSync(refs, 'utf8').trimEnd()}\n\n- id: action-only-2021\n  type: report\n  title: Cited only in an action\n`;
    writeFileSync(refs, refsText);
    edit(
      root,
      P1,
      '      text: Choose how you will measure',
      '      references: [action-only-2021]\n      text: Choose how you will measure',
    );
    expectProblem(problemsOf(root), REFS, root, positionOf(refsText, 'action-only-2021'), /"action-only-2021" is not cited/);
  });

  it('every problem is reported at once, each in its own file', () => {
    const root = sandbox();
    const p1 = edit(root, P1, 'references: [brooke-sumner-2019]', 'references: [brooke-sumner-2091]');
    const meta = edit(root, META, 'strong: 70', 'strong: 30');
    const problems = problemsOf(root);
    expectProblem(problems, P1, root, positionOf(p1, 'brooke-sumner-2091'), /brooke-sumner-2091/);
    expectProblem(
      problems,
      META,
      root,
      shift(positionOf(meta, 'strong: 30'), 'strong: '.length),
      /`strong` band must start above `developing`/,
    );
  });
});

describe('conditions: the operator allow-list', () => {
  afterEach(() => vi.restoreAllMocks());

  it('a risk condition using `method` is refused where the operator is written', () => {
    const root = sandbox();
    const value = '[{ var: answers.staff-understanding }, toUpperCase]';
    const text = edit(root, P1, UNINTELLIGIBLE, `when: { method: ${value} }`);
    const problems = problemsOf(root);
    const p = expectProblem(problems, P1, root, positionOf(text, value), /"method"/);
    expect(p.message).toMatch(/operator "method" is not allowed in conditions/);
    expect(p.path).toMatch(/^risks\[\d+\]\.when\.method$/);
  });

  it('`log` is refused, also inside an escalation and nested in and/some', () => {
    const root = sandbox();
    const inner = '{ log: "leak" }';
    const text = edit(
      root,
      P2,
      '        - { "==": [{ count: { var: item.neglectRisksConsidered } }, 0] }',
      `        - { "==": [{ count: { var: item.neglectRisksConsidered } }, 0] }\n            - { some: [{ var: targets }, ${inner}] }`,
    );
    const problems = problemsOf(root);
    const p = expectProblem(problems, P2, root, positionOf(text, '"leak"'), /operator "log" is not allowed/);
    expect(p.path).toMatch(/^risks\[\d+\]\.escalate\[0\]\.when\.and\[3\]\.some\[1\]\.log$/);
  });

  it('a question relevantWhen using `method` is refused', () => {
    const root = sandbox();
    const text = edit(
      root,
      P2,
      'relevantWhen: { ">": [{ count: { var: targets } }, 0] }',
      'relevantWhen: { method: [{ var: targets }, pop] }',
    );
    expectProblem(problemsOf(root), P2, root, positionOf(text, '[{ var: targets }, pop]'), /operator "method" is not allowed/);
  });

  it('json-logic `method` and `log` never run: loading refuses the rulebook before any condition is evaluated', () => {
    // json-logic-js 2 runs `log` (it writes to the console); `method` it no longer knows, so evaluating it
    // would crash with a bare "Unrecognized operation" instead of a located error.
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    expect(jsonLogic.apply({ log: 'leak' } as never)).toBe('leak');
    expect(log).toHaveBeenCalledWith('leak');
    expect(() => evaluate({ method: ['abc', 'toUpperCase'] }, {})).toThrow(/Unrecognized operation method/);
    log.mockClear();

    for (const when of [
      'when: { method: [{ var: answers.staff-understanding }, toUpperCase] }',
      'when: { log: { var: answers.staff-understanding } }',
    ]) {
      const root = sandbox();
      edit(root, P1, UNINTELLIGIBLE, when);
      const apply = vi.spyOn(jsonLogic, 'apply');
      const upper = vi.spyOn(String.prototype, 'toUpperCase');
      expect(() => loadRulebookFromSources(root)).toThrow(/is not allowed in conditions/);
      expect(apply).not.toHaveBeenCalled();
      expect(upper).not.toHaveBeenCalled();
      expect(log).not.toHaveBeenCalled();
      vi.restoreAllMocks();
      vi.spyOn(console, 'log').mockImplementation(() => {});
    }
  });

  it('inspectCondition refuses operators off the list at any depth and hidden beside another key', () => {
    expect(inspectCondition({ method: [{ var: 'answers.origin' }, 'toString'] }).problems).toEqual([
      { at: ['method'], message: expect.stringMatching(/operator "method" is not allowed/) },
    ]);
    const nested = inspectCondition({ and: [true, { or: [false, { some: [{ var: 'targets' }, { log: 1 }] }] }] });
    expect(nested.problems.map((p) => p.at)).toEqual([['and', 1, 'or', 1, 'some', 1, 'log']]);
    const twoKeys = inspectCondition({ '==': [1, 1], method: ['x', 'toString'] });
    expect(twoKeys.problems).toHaveLength(1);
    expect(twoKeys.problems[0]!.message).toMatch(/exactly one operator/);
    expect(inspectCondition({ substr: ['abc', 1] }).problems).toHaveLength(1);
    expect(inspectCondition({ var: { method: ['x', 'toString'] } }).problems[0]!.message).toMatch(/plain path/);
  });

  it('inspectCondition lists the draft fields read, leaving out those local to some/all/filter', () => {
    const { vars, problems } = inspectCondition({
      and: [{ '==': [{ var: 'answers.origin' }, 'ics'] }, { some: [{ var: 'targets' }, { '==': [{ var: 'setBy' }, 'national'] }] }],
    });
    expect(problems).toEqual([]);
    expect(vars.sort()).toEqual(['answers.origin', 'targets']);
  });

  it('the allow-list is the one documented, excludes method and log, and every entry works in json-logic', () => {
    expect(ALLOWED_OPERATORS).not.toContain('method');
    expect(ALLOWED_OPERATORS).not.toContain('log');
    const doc = readFileSync(join(REPO, 'docs', 'rulebook-format.md'), 'utf8');
    const sentence = doc.slice(doc.indexOf('Only these operators are'), doc.indexOf('Nothing is ever'));
    const documented = [...sentence.matchAll(/`([^`\s]+)`/g)].map((m) => m[1]!).filter((op) => !op.startsWith('{'));
    expect([...documented].sort()).toEqual([...ALLOWED_OPERATORS].sort());
    // Each allowed operator is one json-logic-js (or our `count`) actually implements.
    const samples: Record<string, [unknown, unknown]> = {
      var: [{ var: 'a' }, 1],
      missing: [{ missing: ['z'] }, ['z']],
      '==': [{ '==': [1, 1] }, true],
      '!=': [{ '!=': [1, 2] }, true],
      '===': [{ '===': [1, 1] }, true],
      '!==': [{ '!==': [1, '1'] }, true],
      '!': [{ '!': [false] }, true],
      '!!': [{ '!!': [1] }, true],
      and: [{ and: [true, 1] }, 1],
      or: [{ or: [0, 2] }, 2],
      if: [{ if: [false, 1, 2] }, 2],
      in: [{ in: ['b', ['a', 'b']] }, true],
      '<': [{ '<': [1, 2] }, true],
      '<=': [{ '<=': [2, 2] }, true],
      '>': [{ '>': [3, 2] }, true],
      '>=': [{ '>=': [2, 2] }, true],
      '+': [{ '+': [1, 2] }, 3],
      '-': [{ '-': [3, 1] }, 2],
      some: [{ some: [[1, 2], { '>': [{ var: '' }, 1] }] }, true],
      all: [{ all: [[1, 2], { '>': [{ var: '' }, 0] }] }, true],
      none: [{ none: [[1, 2], { '>': [{ var: '' }, 5] }] }, true],
      filter: [{ filter: [[1, 2, 3], { '>': [{ var: '' }, 1] }] }, [2, 3]],
      map: [{ map: [[1, 2], { '+': [{ var: '' }, 1] }] }, [2, 3]],
      reduce: [{ reduce: [[1, 2, 3], { '+': [{ var: 'current' }, { var: 'accumulator' }] }, 0] }, 6],
      cat: [{ cat: ['a', 'b'] }, 'ab'],
      count: [{ count: { var: 'list' } }, 2],
    };
    expect(Object.keys(samples).sort()).toEqual([...ALLOWED_OPERATORS].sort());
    for (const [op, [logic, result]] of Object.entries(samples)) {
      expect(inspectCondition(logic).problems, op).toEqual([]);
      expect(jsonLogic.apply(logic as never, { a: 1, list: [1, 2] }), op).toEqual(result);
    }
    expect(evaluate({ '>': [{ count: { var: 'targets' } }, 1] }, { targets: [{}, {}] })).toBe(true);
  });
});

describe('conditions: the fields they read', () => {
  it('reading answers.no-such-question is refused at the var path, naming the question', () => {
    const root = sandbox();
    const text = edit(root, P1, UNINTELLIGIBLE_Q, '{ "==": [{ var: answers.no-such-question }, "no"] }');
    const p = expectProblem(problemsOf(root), P1, root, positionOf(text, 'answers.no-such-question'), /no-such-question/);
    expect(p.message).toMatch(/no question "no-such-question"/);
  });

  it('a near miss of a question id gets a suggestion', () => {
    const root = sandbox();
    edit(root, P1, UNINTELLIGIBLE_Q, '{ "==": [{ var: answers.staff-understandin }, "no"] }');
    const p = problemsOf(root).find((x) => x.message.includes('staff-understandin"'))!;
    expect(p.message).toMatch(/did you mean [^)]*"staff-understanding"/);
  });

  it('a forEach naming no list is refused at the forEach, listing the lists', () => {
    const root = sandbox();
    // The first forEach in principle 2 (target-displacement).
    const text = edit(
      root,
      P2,
      '    forEach: targets\n    escalate:\n      - to: high',
      '    forEach: target\n    escalate:\n      - to: high',
    );
    const problems = problemsOf(root);
    const p = expectProblem(problems, P2, root, shift(positionOf(text, 'forEach: target\n'), 'forEach: '.length), /forEach names no list/);
    expect(p.message).toMatch(/lists: targets, incentives/);
  });

  it('item.* outside a forEach is refused at the var path', () => {
    const root = sandbox();
    const cond = '{ "==": [{ var: item.setBy }, "no"] }';
    const text = edit(root, P1, UNINTELLIGIBLE_Q, cond);
    const p = expectProblem(problemsOf(root), P1, root, positionOf(text, 'item.setBy }, "no"'), /`item`/);
    expect(p.message).toMatch(/reads "item.setBy", but `item` is only available in a risk with forEach/);
  });

  it('every field message is a grammatical sentence', () => {
    const root = sandbox();
    edit(root, P1, UNINTELLIGIBLE_Q, '{ "==": [{ var: item.setBy }, "no"] }');
    for (const p of problemsOf(root)) expect(p.message).not.toMatch(/condition reads "[^"]+" (is|has|goes)/);
  });

  it('inside a forEach, item fields are checked against the list', () => {
    const root = sandbox();
    const text = edit(
      root,
      P2,
      '    when: { "==": [{ var: item.kind }, new-service] }',
      '    when: { "==": [{ var: item.sort }, new-service] }',
    );
    const p = expectProblem(problemsOf(root), P2, root, positionOf(text, 'item.sort }'), /item|sort/);
    expect(p.message).toMatch(/incentives entries have no field "sort"/);
  });
});

describe('ids', () => {
  it('a question id used in two principle files is refused at the second', () => {
    const root = sandbox();
    const text = edit(
      root,
      P3,
      '\nquestions:\n',
      '\nquestions:\n  - id: origin\n    prompt: Who thought of it?\n    weight: 1\n    options:\n      - { id: us, label: Us, score: 100 }\n      - { id: them, label: Them, score: 0 }\n',
    );
    const problems = problemsOf(root);
    const p = expectProblem(problems, P3, root, shift(positionOf(text, '  - id: origin\n'), '  - id: '.length), /question id "origin"/);
    expect(p.message).toMatch(/used twice in the rulebook/);
    expect(problems).toHaveLength(1);
  });

  it('an action id used twice is refused at the second', () => {
    const root = sandbox();
    const text = edit(
      root,
      P4,
      '\nactions:\n  practice:\n',
      '\nactions:\n  practice:\n    - id: own-the-improvement\n      text: The same id as a principle 1 action.\n',
    );
    const problems = problemsOf(root);
    const p = expectProblem(
      problems,
      P4,
      root,
      shift(positionOf(text, '    - id: own-the-improvement\n'), '    - id: '.length),
      /action id "own-the-improvement"/,
    );
    expect(p.message).toMatch(/used twice/);
    expect(problems).toHaveLength(1);
  });

  it('a risk missing advice for a role is refused at its advice, naming the role', () => {
    const root = sandbox();
    const p1 = readFileSync(join(root, P1), 'utf8');
    // Drop the ics advice of unintelligible-design (the lines from "      ics: >-" up to the blank-free "    actions:").
    const start = p1.indexOf('      ics: >-\n        Test the design with frontline staff');
    expect(start).toBeGreaterThan(0);
    const end = p1.indexOf('    actions:', start);
    const text = p1.slice(0, start) + p1.slice(end);
    writeFileSync(join(root, P1), text);
    // The advice mapping now starts at its one remaining key, `practice:` on the line after `advice:`.
    const riskAt = text.indexOf('  - id: unintelligible-design\n    title:'); // the risk, not the claim of the same id
    expect(riskAt).toBeGreaterThan(text.indexOf('\nrisks:'));
    const practiceAt = text.indexOf('      practice:', text.indexOf('    advice:\n', riskAt)) + '      '.length;
    const p = expectProblem(problemsOf(root), P1, root, positionAt(text, practiceAt), /no advice/);
    expect(p.message).toBe('risk "unintelligible-design" has no advice for the "ics" role');
  });

  it('a risk naming an unknown action id is refused at that id, with a suggestion', () => {
    const root = sandbox();
    const text = edit(
      root,
      P1,
      'actions: [own-the-improvement, work-with-not-to]\n',
      'actions: [own-the-improvement, work-with-not-too]\n',
    );
    const p = expectProblem(problemsOf(root), P1, root, positionOf(text, 'work-with-not-too'), /work-with-not-too/);
    expect(p.message).toMatch(/no action "work-with-not-too"/);
    expect(p.message).toMatch(/did you mean "work-with-not-to"/);
  });

  it('an option id `unknown` is refused as reserved', () => {
    const root = sandbox();
    const text = edit(
      root,
      P1,
      '- { id: partly, label: Partly, help: "Some local input',
      '- { id: unknown, label: Partly, help: "Some local input',
    );
    const p = expectProblem(problemsOf(root), P1, root, positionOf(text, 'unknown, label: Partly, help: "Some local'), /reserved/);
    expect(p.message).toMatch(/"unknown" is reserved/);
  });

  it('an option listed twice in one question is refused at the second', () => {
    const root = sandbox();
    const text = edit(
      root,
      P1,
      '- { id: partly, label: Partly, help: "Some local input',
      '- { id: "yes", label: Partly, help: "Some local input',
    );
    expectProblem(problemsOf(root), P1, root, positionOf(text, '"yes", label: Partly, help: "Some local'), /option "yes" is listed twice/);
  });
});

describe('bands', () => {
  it('strong at or below developing is refused at `strong`', () => {
    for (const strong of ['40', '25']) {
      const root = sandbox();
      const text = edit(root, META, 'strong: 70', `strong: ${strong}`);
      expectProblem(
        problemsOf(root),
        META,
        root,
        shift(positionOf(text, `strong: ${strong}`), 'strong: '.length),
        /`strong` band must start above `developing`/,
      );
    }
  });
});

describe('schema and YAML errors in a rulebook file', () => {
  it('a claim without a strength is refused at the claim, naming the missing field', () => {
    const root = sandbox();
    const text = edit(
      root,
      P1,
      '    strength: very-limited\n    strengthNote: The guide words this as a risk.\n',
      '    strengthNote: The guide words this as a risk.\n',
    );
    // The claim's mapping starts at its first key, `id:` of "  - id: unintelligible-design".
    const p = expectProblem(problemsOf(root), P1, root, positionOf(text, 'id: unintelligible-design\n    claim:'), /needs `strength`/);
    expect(p.path).toMatch(/^evidence\[\d+\]$/);
  });

  it('a duplicate key in rulebook.yaml is refused at its second occurrence', () => {
    const root = sandbox();
    const text = edit(root, META, '  developing: 40\n', '  developing: 40\n  developing: 45\n');
    const problems = problemsOf(root);
    expect(problems).toHaveLength(1);
    expectProblem(problems, META, root, positionOf(text, 'developing: 45'), /appears twice/);
  });

  it('an operator named after an Object.prototype member is refused, not looked up', () => {
    for (const op of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const { problems } = inspectCondition(JSON.parse(`{ "and": [true, { "${op}": [] }] }`));
      expect(problems, op).toEqual([
        { at: ['and', 1, op], message: expect.stringMatching(new RegExp(`^operator "${op}" is not allowed`)) },
      ]);
    }
  });
});

describe('evidence grades and the severity they can carry (docs/method.md)', () => {
  it("a claim's strength must be the grade its basis's design and reasons to rate down give", () => {
    const root = sandbox();
    const text = edit(
      root,
      P2,
      '    strength: moderate\n    strengthNote: The guide calls it a risk',
      '    strength: strong\n    strengthNote: The guide calls it a risk',
    );
    const at = positionOf(text, 'strong\n    strengthNote: The guide calls it a risk');
    const p = expectProblem(problemsOf(root), P2, root, at, /claim "neglect" is graded strong, but its basis/);
    expect(p.message).toMatch(/longitudinal-or-controlled, starting moderate\) gives moderate/);
  });

  it("a grade must rest on one of the claim's own references, which must record its design", () => {
    const root = sandbox();
    const text = edit(
      root,
      P2,
      '      basis: doran-2011\n      reason: >-\n        A longitudinal study of incentivised',
      '      basis: gray-2018\n      reason: >-\n        A longitudinal study of incentivised',
    );
    expectProblem(
      problemsOf(root),
      P2,
      root,
      positionOf(text, 'gray-2018\n      reason: >-\n        A longitudinal study of incentivised'),
      /rests on "gray-2018", which is not one of the claim's references/,
    );
  });

  it("a risk whose evidence leaves out the study setting one of its claims' grades is refused at that claim", () => {
    const root = sandbox();
    const text = edit(
      root,
      P3,
      '    evidence: [crabtree-2020, gosling-2019, kingsfund-2022-guide]\n    claims: [local-leadership]',
      '    evidence: [crabtree-2020, kingsfund-2022-guide]\n    claims: [local-leadership]',
    );
    expectProblem(
      problemsOf(root),
      P3,
      root,
      positionAt(text, text.indexOf('claims: [local-leadership]') + 'claims: ['.length),
      /claim "local-leadership" takes its grade from "gosling-2019", which the risk's evidence does not list/,
    );
  });

  it('a risk raised to high on claims below moderate is refused at its severity', () => {
    const root = sandbox();
    const text = edit(
      root,
      P3,
      'title: People unclear about their part\n    severity: medium',
      'title: People unclear about their part\n    severity: high',
    );
    const at = positionOf(text, 'high\n    when: { "==": [{ var: answers.role-clarity }');
    const p = expectProblem(
      problemsOf(root),
      P3,
      root,
      at,
      /risk "unclear-roles" can be high, but every claim it rests on is graded below moderate/,
    );
    expect(p.message).toMatch(/role-clarity: very limited/);
    expect(p.message).toMatch(/severityReason/);
  });

  it('an escalation to high counts as high, and a risk with no claims at all cannot be high', () => {
    const root = sandbox();
    const text = edit(
      root,
      P4,
      'implementation (docs/method.md).\n    severity: low\n    escalate:\n      - to: medium',
      'implementation (docs/method.md).\n    severity: low\n    escalate:\n      - to: high',
    );
    expectProblem(
      problemsOf(root),
      P4,
      root,
      positionOf(text, 'high\n        when:\n          or:\n            - { "==": [{ var: answers.local-leadership }'),
      /risk "no-readying" can be high/,
    );
    const bare = sandbox();
    const bareText = edit(
      bare,
      P3,
      '    claims: [takes-time]\n    advice:\n      practice: >-\n        Plan the change in stages',
      '    advice:\n      practice: >-\n        Plan the change in stages',
    );
    edit(
      bare,
      P3,
      '      - to: medium\n        when: { "==": [{ var: answers.timeline }, rushed] }',
      '      - to: high\n        when: { "==": [{ var: answers.timeline }, rushed] }',
    );
    expect(bareText).toBeTruthy();
    expect(problemsOf(bare).map((p) => p.message)).toContainEqual(
      expect.stringMatching(/risk "rushed-timeline" can be high, but it rests on no evidence claim/),
    );
  });

  it('a recorded severityReason lets a risk be high on weaker evidence, and the built-in rulebook needs one only once', () => {
    const root = sandbox();
    edit(
      root,
      P3,
      'title: People unclear about their part\n    severity: medium',
      'title: People unclear about their part\n    severity: high\n    severityReason: A test of the rule, not a judgement.',
    );
    expect(
      loadRulebookFromSources(root)
        .principles.flatMap((p) => p.risks)
        .find((r) => r.id === 'unclear-roles')!.severity,
    ).toBe('high');
    const real = loadRulebookFromSources(REPO);
    const canBeHigh = real.principles
      .flatMap((p) => p.risks)
      .filter((r) => r.severity === 'high' || r.escalate?.some((e) => e.to === 'high'));
    for (const r of canBeHigh) {
      const own = real.principles.find((p) => p.id === r.principle)!.evidence.filter((c) => r.claims?.includes(c.id));
      expect(r.severityReason !== undefined || own.some((c) => c.strength === 'strong' || c.strength === 'moderate'), r.id).toBe(true);
    }
    expect(canBeHigh.filter((r) => r.severityReason).map((r) => r.id)).toEqual(['top-down-imposition']);
  });

  it('removing the recorded reason from top-down-imposition makes the build refuse it', () => {
    const root = sandbox();
    const text = readFileSync(join(root, P1), 'utf8');
    const start = text.indexOf('    severityReason: >-\n');
    const end = text.indexOf('    advice:', start);
    edit(root, P1, text.slice(start, end), '');
    expect(problemsOf(root).map((p) => p.message)).toContainEqual(expect.stringMatching(/risk "top-down-imposition" can be high/));
  });
});
