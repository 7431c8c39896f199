/**
 * The rulebook's `changeable` (who can act on an answer, for whatif): every question, list choice field
 * and the skills say who can change them, and a wrong role, option or condition is refused at its line.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRulebookFromSources } from '../src/rulebook/load-builtin-sources.js';
import { InputError, type Problem } from '../src/load/errors.js';
import { rb } from './helpers/rulebook.js';

const REPO = join(import.meta.dirname, '..');
const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A copy of the rulebook sources with one text replaced; the problems loading it reports. */
function problemsAfter(rel: string, from: string, to: string): { problems: Problem[]; line: number } {
  const root = mkdtempSync(join(tmpdir(), 'gp-change-changeable-'));
  made.push(root);
  cpSync(join(REPO, 'rules'), join(root, 'rules'), { recursive: true });
  cpSync(join(REPO, 'evidence'), join(root, 'evidence'), { recursive: true });
  const text = readFileSync(join(root, rel), 'utf8');
  expect(text.split(from)).toHaveLength(2);
  writeFileSync(join(root, rel), text.replace(from, to));
  const line = text.slice(0, text.indexOf(from)).split('\n').length;
  try {
    loadRulebookFromSources(root);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return { problems: (error as InputError).problems, line };
  }
  throw new Error('the broken rulebook loaded');
}

describe('changeable in the built-in rulebook', () => {
  it('every question, list choice field and the skills say who can change them', () => {
    for (const q of rb.principles.flatMap((p) => p.questions)) expect(q.changeable, q.id).toBeDefined();
    for (const l of rb.lists)
      for (const f of l.fields.filter((x) => x.type !== 'text')) expect(f.changeable, `${l.id}.${f.id}`).toBeDefined();
    expect(rb.skills.changeable).toBeDefined();
  });

  it('nobody can change where the idea came from or who set a target, and each says why', () => {
    const origin = rb.principles.flatMap((p) => p.questions).find((q) => q.id === 'origin')!;
    expect(origin.changeable).toMatchObject({ by: [] });
    expect(origin.changeable!.why).toBeTruthy();
    const setBy = rb.lists.find((l) => l.id === 'targets')!.fields.find((f) => f.id === 'setBy')!;
    expect(setBy.changeable).toMatchObject({ by: [] });
  });
});

describe('a wrong changeable is refused at its line', () => {
  const P1 = 'rules/principles/1-bottom-up.yaml';
  const LOCAL = 'changeable: { by: [ics, practice], step: Let local knowledge shape the design }';
  it.each([
    ['a role that does not exist', LOCAL.replace('[ics, practice]', '[ics, board]'), /"board" is not a role/],
    ['an option to move to that the question does not have', LOCAL.replace(' }', ', to: [always] }'), /"always" is not an option here/],
    [
      'a condition reading a question that does not exist',
      LOCAL.replace(' }', ', when: { ics: { "==": [{ var: answers.no-such }, "x"] } } }'),
      /answers\.no-such/,
    ],
  ])('%s', (_what, to, message) => {
    const { problems, line } = problemsAfter(P1, LOCAL, to);
    expect(problems.find((x) => message.test(x.message))?.line).toBe(line);
  });
});
