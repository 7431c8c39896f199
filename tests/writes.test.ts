/**
 * Writing files, in the program (tests/writes.e2e.test.ts runs every writing command through the binary):
 * a failed write leaves the old file, a file that appears meanwhile is left alone, and the interview's
 * save replaces a file only after the user said yes.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Chalk } from 'chalk';
import { openOutput, writeFileAtomic } from '../src/io/output.js';
import { UsageError } from '../src/load/errors.js';
import { walk, type PromptKit, type Screen } from '../src/interview/adapter.js';
import { startState } from '../src/interview/state.js';
import { rb } from './helpers/rulebook.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'gp-change-writes-'));
const OLD = 'the old report\n';

describe('a failed write in the program', () => {
  it('in the program: writeFileAtomic throws a one-line UsageError and leaves the old file', () => {
    const dir = tmp();
    const file = join(dir, 'draft.yaml');
    writeFileSync(file, OLD);
    expect(() => writeFileAtomic(file, 'new')).toThrow(/already exists; add --force/);
    process.env.GP_CHANGE_FAIL_WRITE = 'EDQUOT';
    try {
      const error = (() => {
        try {
          writeFileAtomic(file, 'new text', { replace: true });
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toBe(`cannot write ${file} (the disk quota is used up); ${file} is unchanged`);
    } finally {
      delete process.env.GP_CHANGE_FAIL_WRITE;
    }
    expect(readFileSync(file, 'utf8')).toBe(OLD);
    expect(readdirSync(dir)).toEqual(['draft.yaml']);
    writeFileAtomic(file, 'replaced', { replace: true }); // as the interview's recovery file is, after every answer
    expect(readFileSync(file, 'utf8')).toBe('replaced');
  });
});

describe('a file that appears while another is being written', () => {
  it('is left alone: the write fails in one line and leaves no temporary file', () => {
    const dir = tmp();
    const file = join(dir, 'report.md');
    const out = openOutput(file);
    out.write('ours');
    writeFileSync(file, "someone else's"); // another program creates the file meanwhile
    expect(() => out.close()).toThrow(/report\.md appeared while it was being written; it was left as it is/);
    expect(readFileSync(file, 'utf8')).toBe("someone else's");
    expect(readdirSync(dir)).toEqual(['report.md']);
  });
});

describe("the interview's save", { timeout: 120_000 }, () => {
  it('replaces a file only after the user said yes, and tells the writer so', async () => {
    const writes: { file: string; replace: boolean }[] = [];
    const answers = [false, true];
    const kit: PromptKit = {
      select: async (config) =>
        (config.choices.some((c) => c.value === 'save') ? 'save' : (config.default ?? config.choices[0]!.value)) as never,
      input: async (config) =>
        config.message === 'File name:' ? 'second.yaml' : config.message.startsWith('Another?') ? '' : (config.default ?? 'typed'),
      confirm: async () => answers.shift()!,
    };
    const screen: Screen = { write: () => {}, clear: () => {}, width: 100, chalk: new Chalk({ level: 0 }) };
    const from = { gpChange: 1, title: 'Saved twice', assessor: { role: 'practice' } } as never;
    const existing = new Set(['first.yaml', 'second.yaml']);
    const hooks = {
      welcome: [],
      changed: () => {},
      report: () => '',
      save: {
        defaultFile: () => 'first.yaml',
        exists: (f: string) => existing.has(f),
        write: (file: string, _s: unknown, replace: boolean) => void writes.push({ file, replace }),
      },
    };
    // "first.yaml exists: replace?" no; then a typed name, "second.yaml exists: replace?" yes.
    const result = await walk(rb, startState(rb, { from }), kit, screen, hooks);
    expect(result.saved).toBe('second.yaml');
    expect(writes).toEqual([{ file: 'second.yaml', replace: true }]);
  });
});
