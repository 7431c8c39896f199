import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { renderText } from '../src/render/text.js';
import { renderMarkdown } from '../src/render/markdown.js';
import { assessFile } from './helpers/rulebook.js';

// Golden reports: a change to wording or layout shows up as a diff to review (`vitest -u` accepts it).
const cases = ['ready', 'imposed', 'medium-only'];

describe.each(cases)('golden reports for %s', (name) => {
  const a = assessFile(`tests/fixtures/cli/${name}.yaml`);

  it('text', async () => {
    await expect(renderText(a, { chalk: new Chalk({ level: 0 }), width: 100 })).toMatchFileSnapshot(`golden/${name}.txt`);
  });

  it('markdown', async () => {
    await expect(renderMarkdown(a)).toMatchFileSnapshot(`golden/${name}.md`);
  });

  it('json', async () => {
    await expect(`${JSON.stringify(a, null, 2)}\n`).toMatchFileSnapshot(`golden/${name}.json`);
  });
});
