/**
 * `gp-change whatif` and `gp-change plan` as users run them, through the built binary: a path applied by
 * editing the draft moves the verdict as promised; the plan's formats; a `plan:` list in the draft is
 * validated and its progress reported by `assess`.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { run } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'gp-whatif-'));

describe('whatif', () => {
  it('an ICB commissioner applies the first path by editing the draft, and the verdict moves as promised', () => {
    const r = run(['whatif', 'examples/access-target.yaml', '--format', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.verdict.level).toBe('rethink');
    const goal = doc.whatif.goals.find((g: { kind: string }) => g.kind === 'verdict');
    const path = goal.paths[0];
    expect(path.steps.length).toBeLessThanOrEqual(3);
    // Edit the file as a person would: each changed answer written in.
    const draft = parse(readFileSync('examples/access-target.yaml', 'utf8'));
    for (const s of path.steps)
      for (const p of s.paths as string[]) {
        const m = /^(\w+)\[(\d+)\]\.(\w+)$/.exec(p);
        if (m) draft[m[1]!][Number(m[2])][m[3]!] = s.to;
        else draft[p.split('.')[0]!][p.slice(p.indexOf('.') + 1)] = s.to;
      }
    const edited = join(dir, 'access-target-edited.yaml');
    writeFileSync(edited, stringify(draft));
    const after = run(['assess', edited, '--format', 'json']);
    expect(JSON.parse(after.stdout).assessments[0].verdict.level).toBe(path.verdict);
  });

  it('text: words, not ids; the search it made; exit 0', () => {
    const r = run(['whatif', 'examples/pcn-new-service.yaml', '--role', 'practice']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Now: REVISE');
    expect(r.stdout).toMatch(/is not yours to change: ICS can/);
    expect(r.stdout).toContain('Each principle up a band:');
    expect(r.stdout).not.toMatch(/answers\.|new-service-incentive-confusion/);
  });

  it('a bad draft: located error, exit 2, no stack trace', () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'gpChange: 1\ntitle: x\nassessor: { role: ics }\nanswers:\n  origin: nowhere\n');
    const r = run(['whatif', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:5:11/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('assess: the text report says what would move it, after the scores; --no-whatif leaves it out', () => {
    const r = run(['assess', 'examples/access-target.yaml']);
    expect(r.stdout).toMatch(/What would move this to REVISE\n {2}1\. /);
    expect(r.stdout.indexOf('What would move this')).toBeLessThan(r.stdout.indexOf('Risks ('));
    expect(run(['assess', 'examples/access-target.yaml', '--no-whatif']).stdout).not.toContain('What would move this');
  });

  it('markdown and HTML reports carry the section too, escaped', () => {
    const md = run(['assess', 'examples/access-target.yaml', '--format', 'markdown']).stdout;
    expect(md).toMatch(/## What would move this to REVISE\n\n1\. Involve the staff/);
    const file = join(dir, 'hostile-names.yaml');
    const draft = parse(readFileSync('examples/access-target.yaml', 'utf8'));
    draft.incentives[0].name = '<img src=x onerror=alert(1)>';
    writeFileSync(file, stringify(draft));
    const html = run(['assess', file, '--format', 'html']).stdout;
    expect(html).toContain('<h2>What would move this to REVISE</h2>');
    expect(html).not.toContain('<img');
  });

  it('assess --format json --whatif carries the paths; without the flag it does not', () => {
    const withPaths = JSON.parse(run(['assess', 'examples/access-target.yaml', '--format', 'json', '--whatif']).stdout);
    expect(withPaths.assessments[0].whatif.goals[0].paths.length).toBeGreaterThan(0);
    const plain = JSON.parse(run(['assess', 'examples/access-target.yaml', '--format', 'json']).stdout);
    expect(plain.assessments[0].whatif).toBeUndefined();
  });
});

describe('plan', () => {
  it('markdown: a checklist with owner and due columns, each item citing its risk and evidence', () => {
    const r = run(['plan', 'examples/access-target.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('| Done | Kind | Item | Answers the risk | Evidence | Owner | Due |');
    expect(r.stdout).toMatch(/\| \[ \] \| Change \| Involve the staff/);
    expect(r.stdout).toMatch(/Change imposed on staff \| Gosling et al 2019/);
  });

  it('csv opens in a spreadsheet: a header row and one row per item, CRLF', () => {
    const r = run(['plan', 'examples/access-target.yaml', '--format', 'csv']);
    const rows = r.stdout.trimEnd().split('\r\n');
    expect(rows[0]).toBe('done,kind,item,answers the risk,evidence,owner,due');
    expect(rows.length).toBeGreaterThan(3);
  });

  it('html escapes what the user wrote', () => {
    const file = join(dir, 'hostile.yaml');
    const draft = parse(readFileSync('examples/access-target.yaml', 'utf8'));
    draft.title = '<script>alert(1)</script>';
    draft.incentives[0].name = '<img src=x onerror=alert(1)>';
    writeFileSync(file, stringify(draft));
    const r = run(['plan', file, '--format', 'html']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/<script>|<img/);
    expect(r.stdout).toContain('&lt;script&gt;');
  });

  it('the yaml plan pasted into the draft is valid, and assess reports how far it has got', () => {
    const listed = parse(run(['plan', 'examples/access-target.yaml', '--format', 'yaml']).stdout).plan;
    listed[0].done = 'yes';
    listed[1].due = '2020-01-31';
    const draft = { ...parse(readFileSync('examples/access-target.yaml', 'utf8')), plan: listed };
    const file = join(dir, 'with-plan.yaml');
    writeFileSync(file, stringify(draft));
    const text = run(['assess', file]).stdout;
    expect(text).toContain(`Plan: 1 of ${listed.length} done`);
    expect(text).toMatch(/Overdue: [\s\S]*\(due\s+2020-01-31\)/);
    const json = JSON.parse(run(['assess', file, '--format', 'json']).stdout);
    expect(json.assessments[0].plan).toMatchObject({ total: listed.length, done: 1 });
    // The plan command reads the kept list back: the item marked done is ticked.
    expect(run(['plan', file]).stdout).toMatch(/\| \[x\] \| Change \|/);
  });

  it('a plan item with a date that does not exist or an unknown risk is refused at its line', () => {
    const file = join(dir, 'bad-plan.yaml');
    writeFileSync(
      file,
      'gpChange: 1\ntitle: x\nassessor: { role: ics }\nplan:\n  - item: Fund backfill\n    done: no\n    due: 2027-02-30\n  - item: Other\n    done: no\n    risks: [not-a-risk]\n',
    );
    const r = run(['assess', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad-plan\.yaml:10:/);
    writeFileSync(
      file,
      'gpChange: 1\ntitle: x\nassessor: { role: ics }\nplan:\n  - item: Fund backfill\n    done: no\n    due: 2027-02-30\n',
    );
    const date = run(['assess', file]);
    expect(date.code).toBe(2);
    expect(date.stderr).toMatch(/bad-plan\.yaml:7:\d+: error: `plan\[0\]\.due` is not a real date/);
  });
});

describe('diff', () => {
  it('says whether the revision followed a path proposed for the earlier version', () => {
    const old = 'tests/fixtures/whatif/practice-revise.yaml';
    const revised = join(dir, 'practice-revised.yaml');
    writeFileSync(
      revised,
      readFileSync(old, 'utf8')
        .replace(/^ {2}feedback-loops: none$/m, '  feedback-loops: staff')
        .replace(/^ {2}role-clarity: "no"$/m, '  role-clarity: partly'),
    );
    const r = run(['diff', old, revised]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('REVISE -> READY');
    expect(r.stdout).toMatch(/Followed path 1 for the verdict to READY proposed for the earlier version: all 2 steps\./);
    const json = JSON.parse(run(['diff', old, revised, '--format', 'json']).stdout);
    expect(json.followed).toContainEqual({ kind: 'verdict', to: 'ready', path: 1, stepsDone: 2, steps: 2 });
    // A revision that changed nothing proposed follows no path.
    expect(JSON.parse(run(['diff', old, old, '--format', 'json']).stdout).followed).toBeUndefined();
  });
});
