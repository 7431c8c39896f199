import { existsSync, readFileSync } from 'node:fs';
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
