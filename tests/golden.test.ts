import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { renderText } from '../src/render/text.js';
import { renderMarkdown } from '../src/render/markdown.js';
import { readFileSync } from 'node:fs';
import { renderHtml } from '../src/render/html.js';
import { renderCompareText } from '../src/render/compare-text.js';
import { renderCompareMarkdown } from '../src/render/compare-markdown.js';
import { renderCompareHtml } from '../src/render/compare-html.js';
import { renderCompareCsv } from '../src/render/compare-csv.js';
import { compare } from '../src/engine/compare.js';
import { loadDraft } from '../src/draft/load.js';
import { assess } from '../src/engine/assess.js';
import { assessFile, plan, rb, TODAY, validate } from './helpers/rulebook.js';

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

describe.each(cases)('golden HTML report for %s', (name) => {
  it('html', async () => {
    await expect(renderHtml([assessFile(`tests/fixtures/cli/${name}.yaml`)])).toMatchFileSnapshot(`golden/${name}.html`);
  });
});

describe('golden comparison of one change seen by the ICS and a practice, beside another proposal', () => {
  const files = ['examples/same-day-hub-ics.yaml', 'examples/same-day-hub-practice.yaml', 'examples/access-target.yaml'];
  const c = compare(
    rb,
    files.map((f) => {
      const draft = loadDraft(readFileSync(f, 'utf8'), f, validate);
      return { assessment: assess(plan, draft, { today: TODAY }), draft };
    }),
    TODAY,
  );

  it('text', async () => {
    await expect(renderCompareText(c, { chalk: new Chalk({ level: 0 }), width: 100 })).toMatchFileSnapshot('golden/compare.txt');
  });
  it('markdown', async () => {
    await expect(renderCompareMarkdown(c)).toMatchFileSnapshot('golden/compare.md');
  });
  it('html', async () => {
    await expect(renderCompareHtml(c)).toMatchFileSnapshot('golden/compare.html');
  });
  it('csv', async () => {
    await expect(renderCompareCsv(c)).toMatchFileSnapshot('golden/compare.csv');
  });
});
