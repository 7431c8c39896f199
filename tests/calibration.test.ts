/**
 * The calibration set (tests/calibration/): real initiatives, written as drafts from public facts, with the
 * risks their evaluations found ("expect") and those they did not support ("not"). This test assesses
 * them and checks that docs/method.md reports the counts and every disagreement as they are: a change
 * to a condition that moves the calibration shows up here, and must be explained there.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assessFile } from './helpers/rulebook.js';
import { allRisks } from './helpers/rulebook.js';

const DIR = 'tests/calibration';
const METHOD = readFileSync('docs/method.md', 'utf8');

interface Case {
  file: string;
  id: string;
  expect: string[];
  /** Expected flags whose triggering answer records what the evaluation found, not a fact of the design. */
  hindsight: string[];
  not: string[];
  verdicts?: string[];
  fired: Set<string>;
  verdict: string;
}

const cases: Case[] = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => {
    const file = `${DIR}/${f}`;
    const text = readFileSync(file, 'utf8');
    const marks = (kind: string) => [...text.matchAll(new RegExp(`^# calibration: ${kind} ([a-z0-9-]+)`, 'gm'))].map((m) => m[1]!);
    const verdicts = /^# calibration: verdict ((?:[a-z]+ ?)+)$/m.exec(text)?.[1]!.trim().split(' ');
    const a = assessFile(file);
    return {
      file,
      id: f.replace(/\.yaml$/, ''),
      expect: marks('expect'),
      hindsight: marks('hindsight'),
      not: marks('not'),
      ...(verdicts ? { verdicts } : {}),
      fired: new Set(a.findings.map((x) => x.id)),
      verdict: a.verdict.level,
    };
  });

/** The results block docs/method.md must hold, word for word. */
function resultsBlock(): string {
  const expected = cases.reduce((n, c) => n + c.expect.length, 0);
  const hits = cases.reduce((n, c) => n + c.expect.filter((r) => c.fired.has(r)).length, 0);
  const fromDesign = (c: Case) => c.expect.filter((r) => !c.hindsight.includes(r));
  const designTotal = cases.reduce((n, c) => n + fromDesign(c).length, 0);
  const designHits = cases.reduce((n, c) => n + fromDesign(c).filter((r) => c.fired.has(r)).length, 0);
  const hindsightTotal = cases.reduce((n, c) => n + c.hindsight.length, 0);
  const hindsightHits = cases.reduce((n, c) => n + c.hindsight.filter((r) => c.fired.has(r)).length, 0);
  const unwantedTotal = cases.reduce((n, c) => n + c.not.length, 0);
  const unwanted = cases.reduce((n, c) => n + c.not.filter((r) => c.fired.has(r)).length, 0);
  const rows = cases.map(
    (c) =>
      `| \`${c.id}\` | ${c.expect.filter((r) => c.fired.has(r)).length} of ${c.expect.length} | ${c.not.filter((r) => c.fired.has(r)).length} of ${c.not.length} | ${c.verdict.toUpperCase()} |`,
  );
  return [
    `${cases.length} initiatives. **${hits} of ${expected} expected flags fire; ${unwanted} of ${unwantedTotal} unwanted flags fire.**`,
    `Of the expected flags that follow from facts of the design, ${designHits} of ${designTotal} fire; of those whose answer records what the evaluation itself found (marked \`hindsight\`), ${hindsightHits} of ${hindsightTotal}.`,
    '',
    '| initiative | expected flags that fire | unwanted flags that fire | verdict |',
    '| --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/** Each disagreement, as docs/method.md must list it (a line starting with this). */
function disagreements(): string[] {
  return cases.flatMap((c) => [
    ...c.expect.filter((r) => !c.fired.has(r)).map((r) => `- \`${c.id}\`: \`${r}\` does not fire`),
    ...c.not.filter((r) => c.fired.has(r)).map((r) => `- \`${c.id}\`: \`${r}\` fires`),
  ]);
}

describe('calibration against real initiatives', () => {
  it('has at least eight initiatives, each citing its source and naming only risks of the rulebook', () => {
    expect(cases.length).toBeGreaterThanOrEqual(8);
    const ids = new Set(allRisks.map((r) => r.id));
    for (const c of cases) {
      expect(readFileSync(c.file, 'utf8'), c.file).toMatch(/^#.*\bSources?: /m);
      expect(c.expect.length + c.not.length, c.file).toBeGreaterThan(0);
      for (const r of [...c.expect, ...c.not]) expect(ids.has(r), `${c.file}: ${r}`).toBe(true);
      expect(
        c.expect.filter((r) => c.not.includes(r)),
        c.file,
      ).toEqual([]);
      expect(
        c.hindsight.filter((r) => !c.expect.includes(r)),
        `${c.file}: a hindsight flag must also be expected`,
      ).toEqual([]);
    }
  });

  it('every verdict the set states holds', () => {
    for (const c of cases) if (c.verdicts) expect(c.verdicts, c.file).toContain(c.verdict);
  });

  it('docs/method.md reports the counts as they are', () => {
    if (process.env.PRINT_CALIBRATION) console.log(`${resultsBlock()}\n\n${disagreements().join('\n')}`);
    const start = METHOD.indexOf('<!-- calibration-results: start -->');
    const end = METHOD.indexOf('<!-- calibration-results: end -->');
    expect(start).toBeGreaterThan(0);
    expect(METHOD.slice(start, end)).toContain(resultsBlock());
  });

  it('docs/method.md lists every disagreement, and no other', () => {
    const listed = METHOD.split('\n').filter((l) => /^- `[a-z0-9-]+`: `[a-z0-9-]+` (does not fire|fires)/.test(l));
    const found = disagreements();
    for (const d of found)
      expect(
        listed.some((l) => l.startsWith(d)),
        `docs/method.md should list: ${d}`,
      ).toBe(true);
    expect(listed.length, listed.join('\n')).toBe(found.length);
  });
});
