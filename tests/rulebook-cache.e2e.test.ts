/**
 * Compiled local rulebooks kept on disk (src/io/rulebook-cache.ts): the same reports with the cache
 * cold, warm and off; an edit anywhere in the `extends:` chain is seen at once; a damaged entry is
 * rebuilt; an entry in a folder others may write is never used; nothing is written into the project.
 */
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from './helpers/cli.js';

let project: string;
let cache: string;

const DRAFT = `gpChange: 1
title: Cached rulebook check
assessor: { role: practice }
rulebook: child.yaml
answers:
  origin: practice
  staff-involvement: informed
  local-measure: "no"
`;

beforeEach(() => {
  project = mkdtempSync(join(tmpdir(), 'gp-cache-project-'));
  cache = join(mkdtempSync(join(tmpdir(), 'gp-cache-')), 'gp-change');
  for (const f of ['base.yaml', 'child.yaml']) cpSync(join('tests/fixtures/rulebooks', f), join(project, f));
  writeFileSync(join(project, 'draft.yaml'), DRAFT);
});
afterEach(() => {
  rmSync(project, { recursive: true, force: true });
  rmSync(join(cache, '..'), { recursive: true, force: true });
});

const assess = (env: Record<string, string> = {}) =>
  run(['assess', 'draft.yaml', '--format', 'json'], { cwd: project, env: { GP_CHANGE_CACHE_DIR: cache, ...env } });
const entries = () => readdirSync(cache).filter((f) => f.endsWith('.json'));
const entry = () => join(cache, entries()[0]!);

describe('the compiled local rulebook cache', () => {
  it('gives the same report cold, warm and switched off, and writes one private entry outside the project', () => {
    const off = assess({ GP_CHANGE_CACHE: 'off' });
    expect(off.stdout).toContain('child-local');
    const cold = assess();
    expect(entries()).toHaveLength(1);
    const warm = assess();
    expect(cold).toEqual(off);
    expect(warm).toEqual(off);
    expect(readdirSync(project).sort()).toEqual(['base.yaml', 'child.yaml', 'draft.yaml']);
  });

  it('is used when sound: an entry planted with a changed id (and its checksum) is what the report shows', () => {
    // Proves the warm run reads the entry rather than rebuilding; the next test shows when it must not.
    assess();
    plantTitle('Planted title');
    const planted = assess().stdout;
    expect(planted).toContain('"planted"');
  });

  it('is never read from a folder that others may write', () => {
    assess();
    plantTitle('Planted title');
    chmodSync(cache, 0o777);
    expect(assess().stdout).not.toContain('"planted"');
    chmodSync(cache, 0o700);
  });

  it('sees an edit to a rulebook the named one extends', () => {
    assess();
    const before = assess().stdout;
    const base = join(project, 'base.yaml');
    writeFileSync(base, readFileSync(base, 'utf8').replace('version: 0.1.0', 'version: 0.1.1'));
    const after = assess();
    expect(after.stdout).not.toEqual(before);
    expect(after.stdout).toContain('0.1.1');
    expect(after).toEqual(assess({ GP_CHANGE_CACHE: 'off' }));
  });

  it('rebuilds a damaged entry', () => {
    const good = assess();
    const file = entry();
    writeFileSync(file, readFileSync(file, 'utf8').slice(0, 5000));
    expect(assess()).toEqual(good);
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('"payload":"{', '"payload":"{\\"x\\":1,'));
    expect(assess()).toEqual(good);
    expect(JSON.parse(readFileSync(file, 'utf8')).payload.startsWith('{"x"')).toBe(false);
  });
});

/** Rewrites the entry's rulebook title and its checksum, as only someone who can write the folder could. */
function plantTitle(title: string) {
  const file = entry();
  const e = JSON.parse(readFileSync(file, 'utf8'));
  const payload = JSON.parse(e.payload);
  payload.rulebook.title = title;
  payload.rulebook.id = 'planted';
  e.payload = JSON.stringify(payload);
  e.sha256 = createHash('sha256').update(e.payload).digest('hex');
  writeFileSync(file, JSON.stringify(e), { mode: 0o600 });
}
