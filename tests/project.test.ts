/** The project root and the paths a draft or rulebook may name inside it (src/load/project.ts). */
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { confinedPath, projectRoot } from '../src/load/project.js';

const base = realpathSync(mkdtempSync(join(tmpdir(), 'gp-project-')));

describe('projectRoot', () => {
  it('is the nearest folder up holding .gp-change.yaml or .git, else the folder itself', () => {
    mkdirSync(join(base, 'repo', '.git'), { recursive: true });
    mkdirSync(join(base, 'repo', 'sub', 'deeper'), { recursive: true });
    writeFileSync(join(base, 'repo', 'sub', '.gp-change.yaml'), '');
    expect(projectRoot(join(base, 'repo', 'sub', 'deeper'))).toBe(join(base, 'repo', 'sub'));
    mkdirSync(join(base, 'repo', 'other'));
    expect(projectRoot(join(base, 'repo', 'other'))).toBe(join(base, 'repo'));
    mkdirSync(join(base, 'loose'));
    expect(projectRoot(join(base, 'loose'))).toBe(join(base, 'loose'));
  });
});

describe('confinedPath', () => {
  const root = join(base, 'p');
  mkdirSync(join(root, 'drafts'), { recursive: true });
  writeFileSync(join(root, 'rb.yaml'), 'x: 1\n');
  writeFileSync(join(root, 'notes.txt'), 'x\n');
  writeFileSync(join(base, 'outside.yaml'), 'x: 1\n');
  symlinkSync(join(base, 'outside.yaml'), join(root, 'drafts', 'out.yaml'));
  symlinkSync(join(root, 'rb.yaml'), join(root, 'drafts', 'in.yaml'));
  symlinkSync(join(root, 'notes.txt'), join(root, 'drafts', 'notes.yaml'));
  const at = (named: string) => confinedPath(named, join(root, 'drafts'), root);

  it('gives the real path of a .yaml file inside the root, through links that stay inside', () => {
    expect(at('../rb.yaml')).toBe(join(root, 'rb.yaml'));
    expect(at('in.yaml')).toBe(join(root, 'rb.yaml'));
    expect(at('missing.yaml')).toBe(join(root, 'drafts', 'missing.yaml'));
  });

  it.each([
    ['/etc/passwd.yaml', 'it is an absolute path'],
    ['C:/x.yaml', 'it is an absolute path'],
    ['../notes.txt', 'it is not a .yaml or .yml file'],
    ['../../outside.yaml', 'it is outside the project folder'],
    ['../../nowhere.yaml', 'it is outside the project folder'],
    ['out.yaml', 'it is a link that leads outside the project folder'],
    ['notes.yaml', 'it is a link to a file that is not .yaml or .yml'],
  ])('refuses %s: %s', (named, reason) => {
    expect(() => at(named)).toThrow(reason);
  });
});
