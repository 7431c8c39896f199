/**
 * Folder arguments are listed by draftsUnder (src/io/inputs.ts) rather than by tinyglobby, for speed;
 * it must find what `**\/*.{yaml,yml}` finds with tinyglobby's defaults, on a folder with every awkward case.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { glob } from 'tinyglobby';
import { describe, expect, it } from 'vitest';
import { LEADS_OUT, draftsUnder, expandInputs } from '../src/io/inputs.js';

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
    const found = draftsUnder(root).sort();
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

  it('a linked folder is not entered (loops included); a link that leads out of the folder is reported, not read', async () => {
    const root = tree(true);
    const found = draftsUnder(root).sort();
    const globbed = await tinyglobby(root);
    expect(found).toEqual(globbed.filter((f) => !f.startsWith('linked-dir/') && !f.startsWith('sub/up/')));
    expect(globbed).toContain('linked-dir/x.yaml'); // what following it would have found
    // The tree is outside the project, so it is its own bound: /dev/null is outside it.
    const { files, missing } = await expandInputs([root]);
    expect(missing).toEqual([{ arg: `${root}/device.yaml`, message: LEADS_OUT }]);
    expect(files).toContain(`${root}/linked-file.yaml`);
    expect(files).not.toContain(`${root}/linked-dir/x.yaml`);
  });

  it('a link in the project that leads out of it is reported, whether named, in a folder, or the start of a glob', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'gp-change-outside-'));
    writeFileSync(join(outside, 'secret.yaml'), 'x: 1\n');
    const project = mkdtempSync(join(tmpdir(), 'gp-change-project-'));
    writeFileSync(join(project, '.gp-change.yaml'), '');
    mkdirSync(join(project, 'drafts'));
    writeFileSync(join(project, 'drafts', 'ok.yaml'), 'x: 1\n');
    symlinkSync(join(outside, 'secret.yaml'), join(project, 'drafts', 'out.yaml'));
    symlinkSync(outside, join(project, 'drafts', 'shared'));
    symlinkSync('/', join(project, 'everything'));
    const cwd = process.cwd();
    process.chdir(project);
    try {
      const named = await expandInputs(['drafts/out.yaml', 'drafts/ok.yaml']);
      expect(named).toEqual({ files: ['drafts/ok.yaml'], missing: [{ arg: 'drafts/out.yaml', message: LEADS_OUT }] });
      const folder = await expandInputs(['drafts']);
      expect(folder).toEqual({ files: ['drafts/ok.yaml'], missing: [{ arg: 'drafts/out.yaml', message: LEADS_OUT }] });
      const globbed = await expandInputs(['drafts/**/*.yaml', 'everything/**/*.yaml', 'everything']);
      expect(globbed.files).toEqual(['drafts/ok.yaml']);
      expect(globbed.missing).toEqual([
        { arg: 'everything/**/*.yaml', message: LEADS_OUT },
        { arg: 'everything', message: LEADS_OUT },
      ]);
      // The runner may name a file outside the project itself.
      expect((await expandInputs([join(outside, 'secret.yaml')])).files).toEqual([join(outside, 'secret.yaml')]);
    } finally {
      process.chdir(cwd);
    }
  });

  it('expandInputs lists a folder sorted, joined to the argument as given', async () => {
    const root = tree(false);
    const { files, missing } = await expandInputs([`${root}/sub/`]);
    expect(missing).toEqual([]);
    expect(files).toEqual(
      draftsUnder(join(root, 'sub'))
        .sort()
        .map((f) => `${root}/sub/${f}`),
    );
    expect(files.length).toBeGreaterThan(1);
  });
});
