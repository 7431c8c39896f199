import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './helpers/cli.js';
import { rb } from './helpers/rulebook.js';

describe('diff', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gp-diff-'));
  const oldFile = 'examples/pcn-new-service.yaml';
  const newFile = join(dir, 'v2.yaml');
  // v2: staff now co-design it, the timeline is realistic, and a new nationally paid target appears.
  writeFileSync(
    newFile,
    readFileSync(oldFile, 'utf8')
      .replace(/staff-involvement: .*/, 'staff-involvement: co-designed')
      .replace(/timeline: .*/, 'timeline: realistic')
      .replace(
        /^targets:\n/m,
        'targets:\n  - name: New national target\n    setBy: national\n    measures: activity\n    incentive: payment\n    sideEffectsMonitored: "no"\n',
      ),
  );

  it('lists changed answers, moved scores, resolved and new risks, and the verdicts', () => {
    const r = run(['diff', oldFile, newFile, '--format', 'json']);
    // Worse (revise to rethink): exit 1.
    expect(r.code).toBe(1);
    const d = JSON.parse(r.stdout);
    const involvement = rb.principles.flatMap((p) => p.questions).find((q) => q.id === 'staff-involvement')!;
    const words = (id: string) => involvement.options.find((o) => o.id === id)!.label;
    expect(d.answers).toEqual(
      expect.arrayContaining([
        {
          path: 'answers.staff-involvement',
          label: involvement.prompt,
          old: 'consulted',
          new: 'co-designed',
          oldText: words('consulted'),
          newText: words('co-designed'),
        },
      ]),
    );
    // The terminal says it in the rulebook's words.
    expect(run(['diff', oldFile, newFile]).stdout.replace(/\s+/g, ' ')).toContain(
      `${involvement.prompt} ${words('consulted')} -> ${words('co-designed')}`,
    );
    expect(d.answers.map((a: { path: string }) => a.path)).toContain('answers.timeline');
    expect(d.resolved.map((x: { id: string }) => x.id)).toContain('rushed-timeline');
    expect(d.added).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: 'target-displacement', severity: 'high', where: 'target "New national target"' }),
      ]),
    );
    expect(d.scores.find((s: { principle: string }) => s.principle === 'bottom-up').change).toBeGreaterThan(0);
    expect(d.old.verdict).toBe('revise');
    expect(d.new.verdict).toBe('rethink');
    // The risk that moved the verdict is named, by title.
    expect(d.worse).toBe(true);
    expect(d.movedBy).toContain('new high risk: Target pulls attention from other care');
  });

  it('names what moved the verdict, shows risks by title, and exits 0 when the revision is better', () => {
    const text = run(['diff', oldFile, newFile]).stdout;
    expect(text).toMatch(/Moved by: new high risk: Target pulls attention from other care/);
    expect(text).not.toMatch(/target-displacement|answers\./);
    const back = run(['diff', newFile, oldFile]);
    expect(back.stdout).toMatch(/Moved by: resolved high risk: Target pulls attention from other care/);
    // The verdict got better, but a band fell (the soft stuff, strong to developing): still exit 1.
    expect(back.stdout).toMatch(/strong -> developing/);
    expect(back.code).toBe(1);
    expect(run(['diff', oldFile, oldFile, '--fail-on', 'low']).code).toBe(0);
  });

  it('notes when the two drafts name different changes, and not for versions without ids', () => {
    expect(run(['diff', 'examples/same-day-hub-ics.yaml', 'examples/access-target.yaml']).stderr).toMatch(/look like different changes/);
    expect(run(['diff', oldFile, newFile]).stderr).toBe('');
  });

  it('a version compared with itself changes nothing', () => {
    const r = run(['diff', oldFile, oldFile, '--format', 'json']);
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.movedBy).toEqual([]);
    expect(d.answers).toEqual([]);
    expect(d.resolved).toEqual([]);
    expect(d.added).toEqual([]);
  });

  it('text and markdown name the verdict change; a bad version exits 2 with its position', () => {
    expect(run(['diff', oldFile, newFile]).stdout).toContain('Verdict: REVISE -> RETHINK');
    expect(run(['diff', oldFile, newFile, '--format', 'markdown']).stdout).toContain('**Verdict:** REVISE to RETHINK');
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'gpChange: 1\ntitle: x\nassessor: { role: ics }\nanswers:\n  origin: nowhere\n');
    const r = run(['diff', oldFile, bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}:5:11`);
  });

  it('refuses two versions read under different rulebooks, unless --rulebook chooses one', () => {
    const lenient = join(dir, 'lenient.yaml');
    writeFileSync(
      lenient,
      'id: lenient\nversion: 1.0.0\ntitle: Lenient\nextends: builtin\noverride:\n  risks:\n    top-down-imposition: { disabled: true, why: testing }\n',
    );
    const v1 = join(dir, 'r1.yaml');
    const v2 = join(dir, 'r2.yaml');
    writeFileSync(v1, 'gpChange: 1\ntitle: T\nassessor: { role: ics }\nanswers:\n  origin: national\n  staff-involvement: none\n');
    writeFileSync(v2, `${readFileSync(v1, 'utf8')}rulebook: lenient.yaml\n`);
    // Run in the drafts' folder: a draft may name only a rulebook inside the project (here, that folder).
    const r = run(['diff', v1, v2], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('with lenient 1.0.0');
    expect(r.stdout).toBe('');
    expect(run(['diff', v1, v2, '--rulebook', 'builtin'], { cwd: dir }).code).not.toBe(2);
  });
});
