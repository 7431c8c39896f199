import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedFiles } from '../src/build/generated-files.js';
import { loadRulebookFromSources } from '../src/rulebook/load-builtin-sources.js';
import { rb } from './helpers/rulebook.js';
import { formatCitations } from '../src/render/bibliography.js';

const root = join(import.meta.dirname, '..');

describe('files generated from the rulebook', async () => {
  const fresh = loadRulebookFromSources(root);
  fresh.citations = await formatCitations(fresh.references);

  it('the compiled rulebook matches its YAML sources (run `npm run build`)', () => {
    expect(rb).toEqual(fresh);
  });

  it.each([...generatedFiles(fresh).entries()].map(([path, text]) => [path, text]))(
    '%s is up to date (run `npm run generate`)',
    (path, text) => {
      expect(readFileSync(join(root, path), 'utf8')).toBe(text);
    },
  );
});
