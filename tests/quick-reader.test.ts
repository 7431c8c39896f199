/**
 * The quick reader of common YAML (src/load/quick/) against the `yaml` package: wherever the quick
 * reader accepts a file, `yaml` must accept it too and read the same value, the same position for every
 * value and the same position for every key. Where it gives up, `yaml` decides alone, so nothing else
 * about it matters here except that it gives up rather than guess.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { InputError } from '../src/load/errors.js';
import { LineIndex } from '../src/load/positions.js';
import { readCommonYaml } from '../src/load/quick/reader.js';
import { parseYaml } from '../src/load/yaml-source.js';
import { initDraft } from './helpers/init-draft.js';
import { draft, edit, mutate, REAL, write } from './helpers/yaml-arbitraries.js';

const SEED = Number(process.env.FC_SEED ?? 20261123);
const RUNS = Number(process.env.FC_RUNS ?? 1);
const TIMEOUT = 30_000 * RUNS;

/** 'quick' when the quick reader took the file and agreed with `yaml`; 'yaml' when it left the file to `yaml`. */
function compare(text: string): 'quick' | 'yaml' {
  const quick = readCommonYaml(text, new LineIndex(text));
  if (!quick) return 'yaml';
  let full;
  try {
    full = parseYaml(text, 'x.yaml', { quick: false });
  } catch (error) {
    const problems = error instanceof InputError ? error.problems.map((p) => `${p.line}:${p.col} ${p.message}`) : [String(error)];
    expect.fail(`the quick reader accepted a file yaml refuses (${problems.join('; ')}):\n${text}`);
  }
  expect(quick.value, text).toStrictEqual(full.value);
  expect(new Map(quick.spans.entries()), `value positions of:\n${text}`).toEqual(new Map(full.spans.entries()));
  expect(new Map(quick.keys.entries()), `key positions of:\n${text}`).toEqual(new Map(full.keys.entries()));
  return 'quick';
}

function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFilesUnder(path);
    return name.endsWith('.yaml') ? [path] : [];
  });
}

/** Edits to a draft's layout that stay (mostly) valid YAML: where comments, blank lines and spaces go. */
const layoutEdit = fc.record({
  line: fc.nat(),
  op: fc.constantFrom(
    'comment-line',
    'blank-line',
    'trailing-comment',
    'trailing-spaces',
    'indent',
    'outdent',
    'empty-value',
    'quote',
    'flow',
  ),
  indent: fc.integer({ min: 0, max: 8 }),
  text: fc.constantFrom('# note', '#', '# a: b', '#- x', '   ', ''),
});

function relayout(source: string, edits: { line: number; op: string; indent: number; text: string }[]): string {
  const lines = source.split('\n');
  for (const e of edits) {
    const i = e.line % lines.length;
    const line = lines[i]!;
    switch (e.op) {
      case 'comment-line':
        lines.splice(i, 0, `${' '.repeat(e.indent)}${e.text.startsWith('#') ? e.text : `# ${e.text}`}`);
        break;
      case 'blank-line':
        lines.splice(i, 0, ' '.repeat(e.indent % 3));
        break;
      case 'trailing-comment':
        lines[i] = `${line}${' '.repeat(1 + (e.indent % 3))}# why`;
        break;
      case 'trailing-spaces':
        lines[i] = `${line}${' '.repeat(1 + e.indent)}`;
        break;
      case 'indent':
        lines[i] = `${' '.repeat(1 + (e.indent % 4))}${line}`;
        break;
      case 'outdent':
        lines[i] = line.replace(/^ {1,4}/, '');
        break;
      case 'empty-value':
        lines[i] = line.replace(/^(\s*(?:- )?[\w-]+:).*$/, '$1');
        break;
      case 'quote':
        lines[i] = line.replace(/^(\s*(?:- )?[\w-]+: )(.+)$/, e.indent % 2 ? `$1"$2"` : `$1'$2'`);
        break;
      case 'flow':
        lines[i] = line.replace(/^(\s*(?:- )?[\w-]+: )(.+)$/, e.indent % 2 ? '$1[$2]' : '$1{ k: $2 }');
        break;
    }
  }
  return lines.join('\n');
}

describe('the quick reader of common YAML', () => {
  it('reads every example and fixture as yaml does, and takes the examples and init drafts itself', () => {
    const files = [
      ...yamlFilesUnder('examples'),
      ...yamlFilesUnder('tests/fixtures'),
      ...yamlFilesUnder('rules'),
      ...yamlFilesUnder('evidence'),
    ];
    const taken = files.map((f) => [f, compare(readFileSync(f, 'utf8').replace(/^\ufeff/, ''))] as const);
    expect(taken.length).toBeGreaterThan(100);
    // The examples are what drafts look like; if the quick reader stopped taking them it would be dead weight.
    for (const [file, how] of taken) if (file.startsWith('examples/') && !file.includes('rulebooks')) expect(how, file).toBe('quick');
    expect(compare(initDraft())).toBe('quick');
  });

  it(
    'agrees with yaml on generated drafts in every style',
    () => {
      fc.assert(
        fc.property(
          draft,
          fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE'),
          fc.constantFrom('block', 'any', 'flow'),
          fc.constantFrom(2, 4),
          (d, stringType, collectionStyle, indent) => {
            const text = write(d, {
              yaml: { defaultStringType: stringType as never, collectionStyle: collectionStyle as never, indent, lineWidth: 0 },
              bom: false,
              crlf: false,
            }).toString('utf8');
            compare(text);
          },
        ),
        { seed: SEED, numRuns: 300 * RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    'agrees with yaml after comments, blank lines, spaces and indentation are moved about',
    () => {
      const taken: string[] = [];
      fc.assert(
        fc.property(fc.constantFrom(...REAL, initDraft()), fc.array(layoutEdit, { minLength: 1, maxLength: 5 }), (source, edits) => {
          const text = relayout(source, edits);
          if (compare(text) === 'quick') taken.push(text);
        }),
        { seed: SEED, numRuns: 2000 * RUNS },
      );
      // The comparison only means something where the quick reader took the file.
      expect(taken.length).toBeGreaterThan(500 * RUNS);
    },
    TIMEOUT,
  );

  it(
    'agrees with yaml, or gives up, on damaged drafts',
    () => {
      fc.assert(
        fc.property(fc.constantFrom(...REAL), fc.array(edit, { minLength: 1, maxLength: 4 }), (source, edits) => {
          const text = new TextDecoder().decode(mutate(source, edits)).replace(/^\ufeff/, '');
          // Control characters are refused before either reader runs.
          fc.pre(!/[\x00-\x08\x0B\x0C\x0E-\x1F]/.test(text));
          compare(text);
        }),
        { seed: SEED, numRuns: 2000 * RUNS },
      );
    },
    TIMEOUT,
  );
});

describe('GP_CHANGE_YAML_READER', () => {
  /** parseYaml as a fresh process would load it with the variable set so; and whether it asked the quick reader. */
  async function readWith(value: string | undefined, text: string) {
    const saved = process.env.GP_CHANGE_YAML_READER;
    if (value === undefined) delete process.env.GP_CHANGE_YAML_READER;
    else process.env.GP_CHANGE_YAML_READER = value;
    vi.resetModules();
    const asked: string[] = [];
    vi.doMock('../src/load/quick/reader.js', async (load) => {
      const real = await load<typeof import('../src/load/quick/reader.js')>();
      return { readCommonYaml: (t: string, l: LineIndex) => (asked.push(t), real.readCommonYaml(t, l)) };
    });
    try {
      const { parseYaml: parse } = await import('../src/load/yaml-source.js');
      return { source: parse(text, 'x.yaml'), asked: asked.length };
    } finally {
      vi.doUnmock('../src/load/quick/reader.js');
      vi.resetModules();
      if (saved === undefined) delete process.env.GP_CHANGE_YAML_READER;
      else process.env.GP_CHANGE_YAML_READER = saved;
    }
  }

  it('=library reads every file with yaml, and gives the same value and positions', async () => {
    const text = initDraft();
    const quick = await readWith(undefined, text);
    const library = await readWith('library', text);
    expect(quick.asked).toBe(1);
    expect(library.asked).toBe(0);
    expect(library.source.value).toStrictEqual(quick.source.value);
    expect(new Map(library.source.spans.entries())).toEqual(new Map(quick.source.spans.entries()));
    expect(new Map(library.source.keys.entries())).toEqual(new Map(quick.source.keys.entries()));
  });
});
