/**
 * The hostile-draft corpus: its manifest (tests/fixtures/hostile/drafts/expected.yaml) and the cases
 * written at run time (binary bytes, large files, file-system oddities), so none of them is committed.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from './cli.js';

export const DRAFTS = 'tests/fixtures/hostile/drafts';
export const MANIFEST = `${DRAFTS}/expected.yaml`;

export interface Refused {
  file?: string;
  generate?: string;
  message: string;
  line?: number;
  col?: number;
}

export interface Accepted {
  file?: string;
  generate?: string;
}

export interface Manifest {
  refused: Refused[];
  accepted: Accepted[];
}

export function readManifest(): Manifest {
  return parse(readFileSync(join(ROOT, MANIFEST), 'utf8')) as Manifest;
}

/** The first four lines of every fixture: a minimal valid draft. */
const HEAD = 'gpChange: 1\ntitle: Same-day access hub\nassessor:\n  role: ics\n';
const fixture = (name: string) => readFileSync(join(ROOT, DRAFTS, name), 'utf8');
const example = () => readFileSync(join(ROOT, 'examples', 'access-target.yaml'), 'utf8');
const crlf = (text: string) => text.replace(/\n/g, '\r\n');

/** Bytes (or text) of each generated file case. */
const CONTENTS: Record<string, () => string | Uint8Array> = {
  'over-1-mib': () => `${HEAD}notes: ${'x'.repeat(1024 * 1024)}\n`,
  // The PNG signature and the start of its IHDR chunk: 0x89 is not UTF-8.
  'png-header': () =>
    Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 0x10, 0, 0, 0, 0x10, 8, 6, 0, 0, 0,
    ]),
  'latin1-e-acute': () =>
    Buffer.concat([Buffer.from('gpChange: 1\ntitle: caf'), Buffer.from([0xe9]), Buffer.from(' hub\nassessor:\n  role: ics\n')]),
  'nul-bytes': () => `${HEAD}notes: ab\0cd\n`,
  // An OSC sequence that would retitle the terminal, written raw into the title.
  'terminal-escape': () => 'gpChange: 1\ntitle: Same-day \x1b]0;owned\x07 hub\nassessor:\n  role: ics\n',
  'deep-brackets': () => `${HEAD}notes: ${'['.repeat(10000)}${']'.repeat(10000)}\n`,
  'deep-block-lists': () => `${HEAD}notes:\n  ${'- '.repeat(5000)}x\n`,
  'many-unknown-keys': () => `${HEAD}answers:\n${Array.from({ length: 1000 }, (_, i) => `  k${i}: x\n`).join('')}`,
  'crlf-error': () => crlf(fixture('unknown-option.yaml')),
  'bom-crlf-error': () => `\ufeff${crlf(fixture('unknown-option.yaml'))}`,
  'unreadable-file': () => 'gpChange: 1\n',
  bom: () => `\ufeff${example()}`,
  crlf: () => crlf(example()),
  'bom-crlf': () => `\ufeff${crlf(example())}`,
};

/**
 * Makes a generated case in `dir` and returns the path to give `assess`, or undefined where the case
 * cannot be made here (no /dev/zero). The unreadable file is made unreadable with chmod 000; root reads
 * it anyway, which the caller handles (see tests/hostile-drafts.e2e.test.ts).
 */
export function generate(name: string, dir: string): string | undefined {
  const path = join(dir, `${name}.yaml`);
  switch (name) {
    case 'endless-device':
      return existsSync('/dev/zero') ? '/dev/zero' : undefined;
    case 'folder': {
      const folder = join(dir, 'draft.yaml');
      mkdirSync(folder, { recursive: true });
      return folder;
    }
    case 'missing-file':
      return join(dir, 'missing.yaml');
    case 'unreadable-file':
      writeFileSync(path, CONTENTS[name]!());
      chmodSync(path, 0o000);
      return path;
    default: {
      const make = CONTENTS[name];
      if (!make) throw new Error(`no generator for "${name}" (see tests/helpers/hostile.ts)`);
      writeFileSync(path, make());
      return path;
    }
  }
}
