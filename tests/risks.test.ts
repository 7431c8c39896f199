import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { allRisks, assessFile, assessText, rb } from './helpers/rulebook.js';

const dir = 'tests/fixtures/risks';

/** `# expect: risk-id [severity]` comments mark the line a finding must point at. */
function expectations(file: string) {
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .flatMap((line, i) => {
      const m = /#\s*expect:\s*([a-z0-9-]+)(?:\s+(high|medium|low))?/.exec(line);
      return m ? [{ risk: m[1]!, severity: m[2], line: i + 1 }] : [];
    });
}

/**
 * Besides each risk's own pair (`ID.fires.yaml`, `ID.near-miss.yaml`), a recalibration adds a named pair
 * (`ID.CASE.fires.yaml`, `ID.CASE.near-miss.yaml`): the case that judged wrongly before, and the nearest
 * draft that must not fire.
 */
const casePairs = readdirSync(dir)
  .map((f) => /^([a-z0-9-]+)\.([a-z0-9-]+)\.fires\.yaml$/.exec(f))
  .filter((m) => m !== null)
  .map((m) => ({ id: m[1]!, name: m[2]! }));

describe.each(casePairs.map((c) => [`${c.id} (${c.name})`, c] as const))('recalibrated risk %s', (_label, { id, name }) => {
  const risk = allRisks.find((r) => r.id === id);
  const fires = `${dir}/${id}.${name}.fires.yaml`;
  const nearMiss = `${dir}/${id}.${name}.near-miss.yaml`;

  it('names a risk of the rulebook and has its near miss', () => {
    expect(risk, `${fires} names no risk`).toBeDefined();
    expect(existsSync(nearMiss), nearMiss).toBe(true);
  });

  it('fires on the marked lines at the marked severity, and every other mark holds too', () => {
    const a = assessFile(fires);
    const marks = expectations(fires);
    expect(
      marks.some((m) => m.risk === id),
      `${fires} needs a "# expect: ${id}" comment`,
    ).toBe(true);
    for (const m of marks) {
      const f = a.findings.find((x) => x.id === m.risk && x.location.line === m.line);
      expect(f, `${m.risk} at line ${m.line}`).toBeDefined();
      expect(f!.severity, `${m.risk} at line ${m.line}`).toBe(m.severity ?? allRisks.find((r) => r.id === m.risk)!.severity);
    }
  });

  it('does not fire on the near miss', () => {
    expect(assessFile(nearMiss).findings.map((f) => f.id)).not.toContain(id);
  });
});

describe.each(allRisks.map((r) => [r.id, r] as const))('risk %s', (id, risk) => {
  const fires = `${dir}/${id}.fires.yaml`;
  const nearMiss = `${dir}/${id}.near-miss.yaml`;

  it('has a fixture where it fires and a near miss where it does not', () => {
    expect(existsSync(fires), fires).toBe(true);
    expect(existsSync(nearMiss), nearMiss).toBe(true);
  });

  it('fires on the line its fixture marks, at the marked severity', () => {
    const a = assessFile(fires);
    const marks = expectations(fires).filter((e) => e.risk === id);
    expect(marks.length, `${fires} needs a "# expect: ${id}" comment`).toBeGreaterThan(0);
    const found = a.findings.filter((f) => f.id === id);
    expect(found.map((f) => f.location.line).sort()).toEqual(marks.map((m) => m.line).sort());
    for (const m of marks) {
      const f = found.find((x) => x.location.line === m.line)!;
      expect(f.severity).toBe(m.severity ?? risk.severity);
      expect(f.evidence.length).toBeGreaterThan(0);
      expect(f.advice.length).toBeGreaterThan(0);
    }
  });

  it('does not fire on the near miss', () => {
    const a = assessFile(nearMiss);
    expect(a.findings.map((f) => f.id)).not.toContain(id);
  });
});

describe('unknown answers never fire a risk by themselves', () => {
  it('a draft with every question unknown and no lists fires nothing', () => {
    const a = assessText('gpChange: 1\ntitle: All unknown\nassessor: { role: ics }\n');
    expect(a.findings).toEqual([]);
    expect(a.verdict.level).toBe('revise');
  });

  it('every risk fixture fires nothing once its answers, skills and list choices are unknown', () => {
    for (const r of allRisks) {
      const draft = parse(readFileSync(`${dir}/${r.id}.fires.yaml`, 'utf8'));
      for (const k of Object.keys(draft.answers ?? {})) draft.answers[k] = 'unknown';
      for (const k of Object.keys(draft.skills ?? {})) draft.skills[k] = 'unknown';
      for (const list of rb.lists) {
        for (const entry of draft[list.id] ?? []) {
          for (const f of list.fields) {
            if (f.type === 'choice') entry[f.id] = 'unknown';
            if (f.type === 'text-list') delete entry[f.id];
          }
        }
      }
      draft.scope = 'unknown';
      const a = assessText(stringify(draft), `${r.id}.blanked.yaml`);
      expect(
        a.findings.map((f) => f.id),
        r.id,
      ).toEqual([]);
    }
  });
});

describe('one design flaw is one finding', () => {
  it('a paid national activity target nobody watches gives two findings in principle 2, one per flaw', () => {
    const a = assessFile(`${dir}/target-displacement.one-flaw.fires.yaml`);
    const p2 = a.findings.filter((f) => f.principle === 'incentives-targets').map((f) => f.id);
    expect(p2.sort()).toEqual(['activity-not-outcome', 'target-displacement']);
  });

  it("a paid national target whose priorities match the team's adds no finding of its own", () => {
    const a = assessFile(`${dir}/national-incentive-distortion.near-miss.yaml`);
    expect(a.findings.filter((f) => f.principle === 'incentives-targets')).toEqual([]);
  });
});
