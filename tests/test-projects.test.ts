/**
 * The unit project runs in this process and the e2e project starts processes (vitest.config.ts): a unit
 * test file that reached for a process, directly or through a helper, would make `npm run test:unit`
 * slow and in need of a build; an e2e file that starts none belongs with the unit tests.
 */
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf } from './helpers/imports.js';

const TESTS = import.meta.dirname;
/** Modules that start a process: child_process itself, the binary's runner, and the browser driver. */
const STARTS_PROCESSES = ['node:child_process', 'child_process', 'playwright-core', resolve(TESTS, 'helpers/cli.ts')];

/** Everything a test file imports, following our own helpers (not src/, which never starts a test process). */
function reach(file: string, seen = new Set<string>()): Set<string> {
  for (const name of importsOf(file)) {
    const target = name.startsWith('.') ? resolve(dirname(file), name).replace(/\.js$/, '.ts') : name;
    if (seen.has(target)) continue;
    seen.add(target);
    if (target.startsWith(join(TESTS, 'helpers'))) reach(target, seen);
  }
  return seen;
}

const testFiles = readdirSync(TESTS).filter((f) => f.endsWith('.test.ts'));
const startsProcesses = (f: string) => [...reach(join(TESTS, f))].filter((m) => STARTS_PROCESSES.includes(m));

describe('the test projects', () => {
  it('unit test files start no process', () => {
    const unit = testFiles.filter((f) => !f.endsWith('.e2e.test.ts'));
    expect(unit.length).toBeGreaterThan(10);
    expect(Object.fromEntries(unit.map((f) => [f, startsProcesses(f)]).filter(([, m]) => m!.length))).toEqual({});
  });

  it('e2e test files start processes', () => {
    const e2e = testFiles.filter((f) => f.endsWith('.e2e.test.ts'));
    expect(e2e.length).toBeGreaterThan(5);
    expect(e2e.filter((f) => !startsProcesses(f).length)).toEqual([]);
  });
});
