/** `gp-change compare` and `explain perception-gap` through the built binary: exit codes, formats, files. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rb } from './helpers/rulebook.js';
import { run } from './helpers/cli.js';
import { respondentDraft as draft } from './helpers/respondents.js';

describe('compare through the binary', () => {
  it('exits 1 on a perception gap at or above --fail-on, 0 without one, 2 on a bad file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gp-cmp-'));
    const f = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    const ics = f('ics.yaml', draft('ics', 'co-designed', 'yes'));
    const gap = f('gap.yaml', draft('practice', 'informed', 'no'));
    const agree = f('agree.yaml', draft('practice', 'co-designed', 'yes'));
    // A perception gap is medium at most (docs/method.md), so the default --fail-on high lets it pass.
    expect(run(['compare', ics, gap]).code).toBe(0);
    const r = run(['compare', ics, gap, '--fail-on', 'medium']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('perception-gap');
    expect(run(['compare', ics, gap, '--fail-on', 'none']).code).toBe(0);
    expect(run(['compare', ics, agree]).code).toBe(0);
    expect(run(['compare', ics, agree, f('bad.yaml', 'gpChange: 1\n')]).code).toBe(2);
    const json = JSON.parse(run(['compare', ics, gap, '--format', 'json']).stdout);
    expect(json.groups[0].gaps[0].frontline).toBe(gap);
    expect(
      run(['compare', 'examples/same-day-hub-ics.yaml', 'examples/same-day-hub-practice.yaml', '--format', 'markdown']).stdout,
    ).toMatch(/### MEDIUM: .*\(`perception-gap`\)/);
    expect(readFileSync(ics, 'utf8')).toContain('id: hub');
  });
});

describe('explain perception-gap', () => {
  it('explains the comparison rule with its thresholds and evidence', () => {
    const r = run(['explain', 'perception-gap']);
    expect(r.code).toBe(0);
    const [graver] = rb.perceptionGap!.levels;
    expect(r.stdout).toContain(`**${graver!.severity}** from ${graver!.minScoreGap} points on a principle's score`);
    expect(r.stdout).toContain('## Evidence');
  });
});
