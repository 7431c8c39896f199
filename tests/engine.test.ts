import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Rulebook } from '../src/rulebook/types.js';
import { scorePrinciple, bandOf, principlePlan } from '../src/engine/score.js';
import { decideVerdict } from '../src/engine/assess.js';
import { fireRisks, riskPlan } from '../src/engine/risks.js';
import type { PrincipleResult } from '../src/engine/assessment.js';
import { assessFile, assessText, rb, allQuestions } from './helpers/rulebook.js';

/** A two-question rulebook small enough to check the arithmetic by hand. */
function tinyRulebook(): Rulebook {
  return {
    ...rb,
    principles: [
      {
        id: 'p',
        number: 1,
        title: 'P',
        shortTitle: 'P',
        summary: '',
        whyItMatters: '',
        evidence: [],
        actions: {},
        risks: [],
        questions: [
          {
            id: 'a',
            principle: 'p',
            prompt: 'A?',
            weight: 1,
            options: [
              { id: 'good', label: 'g', score: 100 },
              { id: 'bad', label: 'b', score: 0 },
            ],
          },
          {
            id: 'b',
            principle: 'p',
            prompt: 'B?',
            weight: 3,
            options: [
              { id: 'good', label: 'g', score: 100 },
              { id: 'bad', label: 'b', score: 0 },
              { id: 'na', label: 'n/a', score: null },
            ],
          },
          {
            id: 'c',
            principle: 'p',
            prompt: 'C?',
            weight: 1,
            relevantWhen: { '==': [{ var: 'answers.a' }, 'bad'] },
            options: [
              { id: 'good', label: 'g', score: 100 },
              { id: 'bad', label: 'b', score: 0 },
            ],
          },
        ],
      },
    ],
    lists: [],
    skills: { ...rb.skills, principle: 'elsewhere' },
  };
}

const view = (answers: Record<string, string>) => ({ role: 'ics', scope: 'unknown', answers, skills: {} });

describe('scoring', () => {
  const tiny = tinyRulebook();
  const p = tiny.principles[0]!;

  it('is the weighted mean of answered questions', () => {
    expect(scorePrinciple(principlePlan(tiny, p), view({ a: 'good', b: 'bad', c: 'unknown' })).score).toBe(25);
    expect(scorePrinciple(principlePlan(tiny, p), view({ a: 'bad', b: 'good', c: 'good' })).score).toBe(80);
  });

  it('leaves unknowns out of the score and counts them against coverage', () => {
    const s = scorePrinciple(principlePlan(tiny, p), view({ a: 'good', b: 'unknown', c: 'unknown' }));
    expect(s.score).toBe(100);
    expect(s).toMatchObject({ answered: 1, asked: 2, unknown: ['b'] });
  });

  it('skips questions made irrelevant by earlier answers', () => {
    expect(scorePrinciple(principlePlan(tiny, p), view({ a: 'good', b: 'good', c: 'unknown' })).asked).toBe(2);
    expect(scorePrinciple(principlePlan(tiny, p), view({ a: 'bad', b: 'good', c: 'unknown' })).asked).toBe(3);
  });

  it('counts a null-scored option as answered but not scored', () => {
    const s = scorePrinciple(principlePlan(tiny, p), view({ a: 'bad', b: 'na', c: 'bad' }));
    expect(s).toMatchObject({ score: 0, answered: 3 });
  });

  it('has no score when nothing scores the principle', () => {
    expect(scorePrinciple(principlePlan(tiny, p), view({ a: 'unknown', b: 'unknown', c: 'unknown' })).score).toBeNull();
    expect(bandOf(tiny, null)).toBe('unscored');
  });

  it('bands follow the rulebook thresholds', () => {
    expect(bandOf(rb, rb.bands.strong)).toBe('strong');
    expect(bandOf(rb, rb.bands.strong - 1)).toBe('developing');
    expect(bandOf(rb, rb.bands.developing)).toBe('developing');
    expect(bandOf(rb, rb.bands.developing - 1)).toBe('weak');
  });
});

describe('verdict', () => {
  const principle = (band: PrincipleResult['band']): PrincipleResult => ({
    id: band,
    number: 1,
    title: band,
    shortTitle: band,
    score: 50,
    band,
    provisional: false,
    applicable: true,
    coverage: { answered: 1, asked: 1, ratio: 1 },
    lists: [],
  });
  const all = (band: PrincipleResult['band']) => [principle(band), principle(band), principle(band), principle(band)];
  const v = (counts: Partial<{ high: number; medium: number; low: number; weak: number }>, ps: PrincipleResult[]) =>
    decideVerdict(rb, { high: 0, medium: 0, low: 0, weak: ps.filter((p) => p.band === 'weak').length, ...counts }, ps).level;

  it('is rethink with any high risk', () => expect(v({ high: 1 }, all('strong'))).toBe('rethink'));
  it('is rethink with two weak principles', () =>
    expect(v({}, [principle('weak'), principle('weak'), principle('strong'), principle('strong')])).toBe('rethink'));
  it('is revise with one weak principle', () =>
    expect(v({}, [principle('weak'), principle('strong'), principle('strong'), principle('strong')])).toBe('revise'));
  it('is ready with at most one medium risk and every principle developing', () =>
    expect(v({ medium: 1, low: 5 }, all('developing'))).toBe('ready'));
  it('is revise with two medium risks', () => expect(v({ medium: 2 }, all('strong'))).toBe('revise'));
  it('is revise when a band rests on too few answers', () => {
    const ps = all('strong');
    ps[2] = { ...ps[2]!, provisional: true };
    expect(v({}, ps)).toBe('revise');
    expect(decideVerdict(rb, { high: 0, medium: 0, low: 0, weak: 0 }, ps).reason).toMatch(/too few answers/);
  });
  it('a principle that does not apply (nothing to ask or score) does not hold back ready', () => {
    const ps = all('strong');
    ps[1] = { ...ps[1]!, band: 'unscored', score: null, applicable: false, coverage: { answered: 0, asked: 0, ratio: 1 } };
    expect(v({}, ps)).toBe('ready');
  });
  it('is revise when a principle could not be scored', () =>
    expect(v({}, [principle('unscored'), principle('strong'), principle('strong'), principle('strong')])).toBe('revise'));
});

describe('assessment', () => {
  const base = `gpChange: 1
title: Test change
assessor: { role: ics }
answers:
  origin: national
  staff-involvement: informed
skills:
  data-analytics: missing
  hr: missing
  digital: in-team
`;

  it('names the role, rulebook and date', () => {
    const a = assessText(base);
    expect(a.role.id).toBe('ics');
    expect(a.rulebook).toMatchObject({ id: rb.id, version: rb.version });
    expect(a.date).toBe('2026-11-23');
    expect(a.caveat).toMatch(/not targets/);
  });

  it("--role overrides the draft and picks that role's advice", () => {
    const ics = assessText(base).findings.find((f) => f.id === 'top-down-imposition')!;
    const practice = assessText(base, 'draft.yaml', 'practice').findings.find((f) => f.id === 'top-down-imposition')!;
    expect(ics.advice).toBe(rb.principles[0]!.risks.find((r) => r.id === 'top-down-imposition')!.advice.ics);
    expect(practice.advice).toBe(rb.principles[0]!.risks.find((r) => r.id === 'top-down-imposition')!.advice.practice);
  });

  it('locates a finding at the answers that caused it, and every cause of an any-of condition', () => {
    const a = assessText(base);
    const imposed = a.findings.find((f) => f.id === 'top-down-imposition')!;
    expect([imposed.location.path, ...imposed.related.map((r) => r.path)]).toEqual(expect.arrayContaining(['answers.staff-involvement']));
    expect(imposed.location.line).toBeGreaterThanOrEqual(5);
    const gap = a.findings.find((f) => f.id === 'skills-gap')!;
    const paths = [gap.location.path, ...gap.related.map((r) => r.path)];
    expect(paths).toEqual(expect.arrayContaining(['skills.data-analytics', 'skills.hr']));
    expect(paths).not.toContain('skills.digital');
  });

  it('lists unknown questions and skills under "to find out"', () => {
    const a = assessText(base);
    const paths = a.toFindOut.map((u) => u.path);
    expect(paths).toContain('answers.local-leadership');
    expect(paths).toContain('skills.leadership');
    expect(paths).not.toContain('answers.origin');
    // target-evaluation only applies once there is a target
    expect(paths).not.toContain('answers.target-evaluation');
  });

  it('every question unanswered means no coverage and no score', () => {
    const a = assessText('gpChange: 1\ntitle: Empty\nassessor: { role: practice }\n');
    for (const p of a.principles) {
      expect(p.coverage.answered).toBe(0);
      expect(p.score).toBeNull();
    }
    expect(a.toFindOut.length).toBe(allQuestions.filter((q) => !q.relevantWhen).length + rb.skills.areas.length);
  });

  it('an acknowledged risk stays in the report, marked, and still counts towards the verdict', () => {
    const risk = 'top-down-imposition';
    const a = assessText(`${base}acknowledged:\n  - risk: ${risk}\n    reason: national contract\n    by: board\n    until: 2027-03-31\n`);
    const f = a.findings.find((x) => x.id === risk)!;
    expect(f.acknowledged).toEqual({ reason: 'national contract', by: 'board', until: '2027-03-31' });
    const plain = assessText(base);
    expect(a.verdict).toEqual(plain.verdict);
    expect(a.staleAcknowledgements).toEqual([]);
  });

  it('an expired acknowledgement no longer applies and is reported as stale', () => {
    const a = assessText(`${base}acknowledged:\n  - risk: top-down-imposition\n    reason: old\n    until: 2026-01-01\n`);
    expect(a.findings.find((x) => x.id === 'top-down-imposition')!.acknowledged).toBeUndefined();
    expect(a.staleAcknowledgements).toMatchObject([{ risk: 'top-down-imposition', reason: 'expired', location: { line: 12 } }]);
  });

  it('a second acknowledgement of the same risk is reported, not silently dropped', () => {
    const a = assessText(
      `${base}acknowledged:\n  - risk: top-down-imposition\n    reason: first\n  - risk: top-down-imposition\n    reason: second\n    until: 2020-01-01\n`,
    );
    expect(a.findings.find((x) => x.id === 'top-down-imposition')!.acknowledged).toEqual({ reason: 'first' });
    expect(a.staleAcknowledgements).toMatchObject([{ risk: 'top-down-imposition', reason: 'duplicate', location: { line: 14 } }]);
    expect(a.staleAcknowledgements[0]!.message).toContain('already acknowledged at line 12');
  });

  it('an acknowledgement of a risk that does not fire is reported as stale', () => {
    const a = assessText(`${base}acknowledged:\n  - risk: rushed-timeline\n    reason: we will go slowly\n`);
    expect(a.staleAcknowledgements).toMatchObject([{ risk: 'rushed-timeline', reason: 'not-firing' }]);
  });

  it('tests a forEach risk once per entry and locates each at its entry', () => {
    const t = (name: string) =>
      `  - name: ${name}\n    setBy: national\n    measures: activity\n    incentive: payment\n    sideEffectsMonitored: "no"\n`;
    const a = assessText(`gpChange: 1\ntitle: Two targets\nassessor: { role: ics }\ntargets:\n${t('first')}${t('second')}`);
    const found = a.findings.filter((f) => f.id === 'target-displacement');
    expect(found.map((f) => [f.entry?.name, f.location.line, f.location.col])).toEqual([
      ['first', 5, 5],
      ['second', 10, 5],
    ]);
  });

  it('fireRisks is pure: the same view gives the same findings', () => {
    const risks = rb.principles.flatMap((p) => p.risks).map(riskPlan);
    const v = {
      role: 'ics',
      scope: 'national',
      answers: { origin: 'national', 'staff-involvement': 'none' },
      skills: {},
      targets: [],
      incentives: [],
    };
    expect(fireRisks(risks, v).map((f) => f.risk.id)).toEqual(fireRisks(risks, v).map((f) => f.risk.id));
  });
});

describe('verdict honesty (issue 15)', () => {
  const ready = readFileSync('tests/fixtures/cli/ready.yaml', 'utf8');
  const withAnswer = (text: string, key: string, value: string) => {
    const next = text.replace(new RegExp(`^  ${key}: .*$`, 'm'), `  ${key}: ${value}`);
    expect(next, key).not.toBe(text);
    return next;
  };

  it('the fixture is ready to begin with', () => expect(assessText(ready).verdict.level).toBe('ready'));

  it('a principle with fewer than half its questions answered shows no score or band, only the count', () => {
    const a = assessFile('examples/half-answered.yaml');
    const capacity = a.principles.find((p) => p.id === 'capacity-capability')!;
    expect(capacity).toMatchObject({ score: null, band: 'unscored', provisional: true, coverage: { answered: 0 } });
    const bottomUp = a.principles.find((p) => p.id === 'bottom-up')!;
    expect(bottomUp).toMatchObject({ score: null, band: 'unscored', provisional: true, coverage: { answered: 1 } });
    expect(a.verdict.level).toBe('revise');
    expect(a.verdict.reason).toMatch(/too few answers to score Bottom-up \(1 of \d+\)/);
  });

  it('staff not involved at all, even by the practice itself, is never ready: the core risk is high', () => {
    const a = assessText(withAnswer(withAnswer(ready, 'origin', 'practice'), 'staff-involvement', 'none'));
    expect(a.findings.find((f) => f.id === 'top-down-imposition')!.severity).toBe('high');
    expect(a.verdict.level).toBe('rethink');
    expect(a.verdict.reason).toMatch(/^high risk: change imposed on staff\. Change the design/);
  });

  it('staff only told of the change keeps it from ready, and the verdict line says why', () => {
    const a = assessText(withAnswer(ready, 'staff-involvement', 'informed'));
    expect(a.findings.map((f) => f.id)).toEqual(['top-down-imposition']);
    expect(a.verdict).toMatchObject({ level: 'revise', reason: 'change imposed on staff' });
  });

  it('a skills gap alone gives revise, naming the skill nobody has', () => {
    const a = assessText(ready.replace('  leadership: in-team', '  leadership: missing'));
    expect(a.findings.map((f) => [f.id, f.severity])).toEqual([['skills-gap', 'medium']]);
    expect(a.verdict).toMatchObject({ level: 'revise', reason: 'a skill nobody has: leadership for change' });
  });

  it('too many unknown answers is not ready: the verdict says what to find out first', () => {
    let text = ready;
    for (const key of [
      'staff-understanding',
      'local-knowledge',
      'role-clarity',
      'goal-alignment',
      'peer-networks',
      'safe-to-test',
      'external-support',
      'celebrate-progress',
    ])
      text = withAnswer(text, key, 'unknown');
    const a = assessText(text);
    expect(a.findings).toEqual([]);
    expect(a.principles.every((p) => !p.provisional)).toBe(true);
    expect(a.verdict.level).toBe('revise');
    expect(a.verdict.reason).toMatch(/^find out first: 8 of \d+ questions unanswered, most on The soft stuff/);
    expect(rb.verdict.ready.maxUnknownShare).toBeGreaterThan(0);
  });

  it('a high risk is named in the verdict line, with the entry it concerns', () => {
    const a = assessFile('tests/fixtures/risks/target-displacement.one-flaw.fires.yaml');
    expect(a.verdict.level).toBe('rethink');
    expect(a.verdict.reason).toContain('target pulls attention from other care ("50 million more appointments")');
  });

  it('a risk firing for several entries is one cause in the verdict line, naming each entry', () => {
    const target = (name: string) =>
      `  - { name: ${name}, setBy: national, measures: activity, incentive: payment, sideEffectsMonitored: "no" }\n`;
    const text = readFileSync('tests/fixtures/risks/target-displacement.one-flaw.fires.yaml', 'utf8').replace(
      /^targets:\n[\s\S]*$/m,
      `targets:\n${target('More appointments')}${target('More health checks')}`,
    );
    const a = assessText(text);
    expect(a.findings.filter((f) => f.id === 'target-displacement')).toHaveLength(2);
    expect(a.verdict.reason.match(/target pulls attention from other care/g)).toHaveLength(1);
    expect(a.verdict.reason).toContain('("More appointments", "More health checks")');
  });

  it('an incentive whose deprivation adjustment is unknown is not described as having none', () => {
    const a = assessText(
      'gpChange: 1\ntitle: Access payment\nassessor: { role: ics }\nanswers:\n  inequality-check: "no"\n' +
        'incentives:\n  - { name: Access payment, kind: pay-for-performance, deprivationAdjusted: unknown }\n',
    );
    const f = a.findings.find((x) => x.id === 'pay-for-performance-inequality')!;
    expect(f.severity).toBe('medium');
    expect(f.explanation).not.toMatch(/no adjustment|not adjusted/i);
    expect(f.explanation).toMatch(/not known to allow for deprivation or nobody has checked/);
  });
});
