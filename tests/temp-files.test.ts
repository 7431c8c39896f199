/**
 * Temporary files and signals (src/io/temp-files.ts): the Ctrl-C handlers are in place before a
 * temporary file exists, and gone once none is left, so a Ctrl-C at any moment of a write exits 130 and
 * leaves no file (tests/writes.e2e.test.ts interrupts a real run).
 */
import { closeSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

/** How many SIGINT listeners there were each time a temporary file was created. */
const atCreation: number[] = [];
vi.mock('node:fs', async (load) => {
  const fs = await load<typeof import('node:fs')>();
  const openSync = (path: Parameters<typeof fs.openSync>[0], ...rest: unknown[]) => {
    if (String(path).endsWith('.tmp')) atCreation.push(process.listenerCount('SIGINT'));
    return (fs.openSync as (...a: unknown[]) => number)(path, ...rest);
  };
  return { ...fs, default: { ...fs, openSync }, openSync };
});

const { openOutput } = await import('../src/io/output.js');
const { openTemp, untrackTemp } = await import('../src/io/temp-files.js');

describe('temporary files and Ctrl-C', () => {
  it('an --output file: the handlers are installed before its temporary file exists, and removed after', () => {
    const before = process.listenerCount('SIGINT');
    const dir = mkdtempSync(join(tmpdir(), 'gp-change-temp-'));
    atCreation.length = 0;
    const out = openOutput(join(dir, 'report.md'));
    expect(atCreation).toEqual([before + 1]);
    out.write('text');
    out.close();
    expect(process.listenerCount('SIGINT')).toBe(before);
    expect(readdirSync(dir)).toEqual(['report.md']);
  });

  it('a name already taken is neither ours to remove nor left guarded', () => {
    const before = process.listenerCount('SIGINT');
    const dir = mkdtempSync(join(tmpdir(), 'gp-change-temp-'));
    const path = join(dir, 'parked.tmp');
    const fd = openTemp(path, 'wx', 0o600);
    expect(() => openTemp(path, 'wx', 0o600)).toThrow(/EEXIST/);
    expect(process.listenerCount('SIGINT')).toBe(before + 1); // the first file still holds them
    untrackTemp(path);
    expect(process.listenerCount('SIGINT')).toBe(before);
    expect(existsSync(path)).toBe(true); // untracking only forgets it; its owner removes it
    closeSync(fd);
  });
});
