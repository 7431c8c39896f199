/**
 * Folder arguments are listed by draftsUnder (src/io/inputs.ts) rather than by tinyglobby, for speed;
 * it must find what `**\/*.{yaml,yml}` finds with tinyglobby's defaults, on a folder with every awkward case.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { glob } from 'tinyglobby';
import { describe, expect, it } from 'vitest';
import { draftsUnder, expandInputs } from '../src/io/inputs.js';

function tree(linkedFolders: boolean): string {
  const root = mkdtempSync(join(tmpdir(), 'gp-change-inputs-'));
  const file = (p: string) => {
    mkdirSync(join(root, p, '..'), { recursive: true });
    writeFileSync(join(root, p), 'x: 1\n');
  };
  for (const p of [
    'a.yaml',
    'b.yml',
    'c.YAML',
    'd.txt',
    'yaml',
    '.hidden.yaml',
    'sub/x.yaml',
    'sub/deeper/y.yml',
    'sub/deeper/z.yaml.bak',
    '.dotdir/z.yaml',
    'node_modules/n.yaml',
    'sub/node_modules/m.yaml',
    'named.yaml/inside.yaml',
    'node_modules.yaml',
    'sp ace/é.yaml',
    'sub/.git/config.yaml',
  ])
    file(p);
  symlinkSync(join(root, 'a.yaml'), join(root, 'linked-file.yaml'));
  symlinkSync(join(root, 'nowhere.yaml'), join(root, 'dangling.yaml'));
  symlinkSync('/dev/null', join(root, 'device.yaml'));
  if (linkedFolders) {
    symlinkSync(join(root, 'sub'), join(root, 'linked-dir'));
    symlinkSync('..', join(root, 'sub', 'up'));
  }
  return root;
}

describe('folder arguments', () => {
  const tinyglobby = async (root: string) => (await glob('**/*.{yaml,yml}', { cwd: root, ignore: ['**/node_modules/**'] })).sort();

  it('draftsUnder finds what tinyglobby finds for **/*.{yaml,yml}', async () => {
    const root = tree(false);
    const found = draftsUnder(root)!.sort();
    expect(found).toEqual(await tinyglobby(root));
    // The case list above is not empty-handed: links, nesting and odd names are all found.
    expect(found).toEqual(
      expect.arrayContaining([
        'a.yaml',
        'b.yml',
        'device.yaml',
        'linked-file.yaml',
        'named.yaml/inside.yaml',
        'node_modules.yaml',
        'sp ace/é.yaml',
        'sub/deeper/y.yml',
      ]),
    );
  });

  it('a linked folder is left to tinyglobby, loops included', async () => {
    const root = tree(true);
    expect(draftsUnder(root)).toBeUndefined();
    const { files, missing } = await expandInputs([root]);
    expect(missing).toEqual([]);
    expect(files).toEqual((await tinyglobby(root)).map((f) => `${root}/${f}`));
    expect(files).toContain(`${root}/linked-dir/x.yaml`);
  });

  it('expandInputs lists a folder sorted, joined to the argument as given', async () => {
    const root = tree(false);
    const { files, missing } = await expandInputs([`${root}/sub/`]);
    expect(missing).toEqual([]);
    expect(files).toEqual(
      draftsUnder(join(root, 'sub'))!
        .sort()
        .map((f) => `${root}/sub/${f}`),
    );
    expect(files.length).toBeGreaterThan(1);
  });
});
