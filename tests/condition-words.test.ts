import { describe, expect, it } from 'vitest';
import { conditionWords } from '../src/render/condition-words.js';
import { allRisks } from './helpers/rulebook.js';

describe('conditions in plain words', () => {
  it('reads the common shapes', () => {
    expect(conditionWords({ in: [{ var: 'answers.origin' }, ['ics', 'national']] })).toBe('origin is ics or national');
    expect(conditionWords({ and: [{ '==': [{ var: 'answers.timeline' }, 'rushed'] }, { '>': [{ count: { var: 'targets' } }, 0] }] })).toBe(
      'timeline is rushed and the number of targets is more than 0',
    );
    expect(conditionWords({ some: [{ var: 'targets' }, { '==': [{ var: 'setBy' }, 'national'] }] })).toBe(
      'any entry of targets where setBy is national',
    );
  });

  it('every built-in risk condition reads without falling back to raw json-logic', () => {
    for (const r of allRisks) {
      for (const c of [r.when, ...(r.escalate ?? []).map((e) => e.when)]) expect(conditionWords(c), r.id).not.toContain('{');
    }
  });
});
