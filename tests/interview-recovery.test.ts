/** Which files the interview treats as its own recovery files, and that a link planted in place of one is not followed (issue 14, item 2). */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isRecoveryFile, recoveryFile } from '../src/commands/interview-recovery.js';
import { startState } from '../src/interview/state.js';
import { rb } from './helpers/rulebook.js';

const base = mkdtempSync(join(tmpdir(), 'gp-recovery-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

function folders() {
  const at = mkdtempSync(join(base, 'case-'));
  const dir = join(at, 'state');
  const home = join(at, 'home');
  mkdirSync(dir);
  mkdirSync(home);
  return { dir, home };
}

describe('isRecoveryFile', () => {
  it('is true only for a plain file with a recovery name directly in the recovery folder', () => {
    const { dir, home } = folders();
    const own = join(dir, 'recovery-2026-11-23-101503.yaml');
    writeFileSync(own, 'gpChange: 1\n');
    expect(isRecoveryFile(own, dir)).toBe(true);
    expect(isRecoveryFile(join(dir, 'recovery-2026-11-23-101503-2.yaml'), dir)).toBe(false); // not there
    // the user's draft holding the recovery comment line, anywhere else, is not one
    const draft = join(home, 'recovery-2026-11-23-101503.yaml');
    writeFileSync(draft, '# gp-change-interview-answered: origin\ngpChange: 1\n');
    expect(isRecoveryFile(draft, dir)).toBe(false);
    // nor is a file of another name in the folder, nor a link there to the user's draft
    const other = join(dir, 'my-draft.yaml');
    writeFileSync(other, 'gpChange: 1\n');
    expect(isRecoveryFile(other, dir)).toBe(false);
    const link = join(dir, 'recovery-2026-11-23-111111.yaml');
    symlinkSync(draft, link);
    expect(isRecoveryFile(link, dir)).toBe(false);
  });
});

describe('recoveryFile', () => {
  const textFor = () => 'gpChange: 1\ntitle: recovered\nassessor: { role: ics }\n';
  const state = startState(rb, { role: 'ics' });

  it('a link put in place of the recovery file between two answers is not followed: its target stays as it was', () => {
    const { dir, home } = folders();
    const r = recoveryFile(dir, undefined, undefined, textFor);
    const warnings: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((t: string) => (warnings.push(t), true)) as typeof process.stderr.write;
    try {
      r.keep(state);
      const file = r.file()!;
      expect(readFileSync(file, 'utf8')).toContain('recovered');
      const victim = join(home, 'precious.yaml');
      writeFileSync(victim, 'PRECIOUS\n');
      rmSync(file);
      symlinkSync(victim, file);
      r.keep(state);
      expect(readFileSync(victim, 'utf8')).toBe('PRECIOUS\n');
      expect(warnings.join('')).toMatch(/no longer a plain file/);
      r.remove();
      expect(readFileSync(victim, 'utf8')).toBe('PRECIOUS\n');
    } finally {
      process.stderr.write = write;
    }
  });

  it('a new recovery file never replaces a link planted under its name', () => {
    const { dir, home } = folders();
    const victim = join(home, 'precious.yaml');
    writeFileSync(victim, 'PRECIOUS\n');
    const stamp = new Date();
    const p = (n: number) => String(n).padStart(2, '0');
    // every name the next few seconds could give, planted as links to the victim
    for (let s = 0; s < 5; s++) {
      const t = new Date(stamp.getTime() + s * 1000);
      const name = `recovery-${t.getFullYear()}-${p(t.getMonth() + 1)}-${p(t.getDate())}-${p(t.getHours())}${p(t.getMinutes())}${p(t.getSeconds())}.yaml`;
      symlinkSync(victim, join(dir, name));
    }
    const write = process.stderr.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      recoveryFile(dir, undefined, undefined, textFor).keep(state);
    } finally {
      process.stderr.write = write;
    }
    expect(readFileSync(victim, 'utf8')).toBe('PRECIOUS\n');
    expect(readdirSync(dir).length).toBeGreaterThanOrEqual(5);
  });

  it("remove() deletes only the program's own file", () => {
    const { dir, home } = folders();
    const draft = join(home, 'draft.yaml');
    writeFileSync(draft, '# gp-change-interview-answered: origin\ngpChange: 1\n');
    recoveryFile(dir, draft, undefined, textFor).remove();
    expect(readFileSync(draft, 'utf8')).toContain('gpChange');
  });
});
