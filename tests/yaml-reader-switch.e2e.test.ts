/**
 * The quick YAML reader changes nothing a user sees: every draft fixture and example, in every format,
 * gives the same report, messages and exit code with GP_CHANGE_YAML_READER=library (every file read by
 * the `yaml` package) as without it. tests/quick-reader.test.ts checks that the switch is honoured.
 */
import { describe, expect, it } from 'vitest';
import { run } from './helpers/cli.js';

const DRAFTS = [
  'examples',
  'tests/fixtures/cli',
  'tests/fixtures/ci',
  'tests/fixtures/loader',
  'tests/fixtures/interview',
  'tests/fixtures/risks',
  'tests/fixtures/hostile/drafts',
];
const FORMATS = ['text', 'markdown', 'json', 'sarif', 'junit', 'github', 'html'];

describe('GP_CHANGE_YAML_READER=library', () => {
  it.each(FORMATS)('gives the same %s output over every draft fixture', (format) => {
    const args = ['assess', ...DRAFTS, '--format', format, '--fail-on', 'low'];
    const quick = run(args, { env: { GP_CHANGE_YAML_READER: undefined } });
    const library = run(args, { env: { GP_CHANGE_YAML_READER: 'library' } });
    expect(quick.stdout.length).toBeGreaterThan(1000);
    expect(library).toEqual(quick);
  });

  it('gives the same comparison of the examples', () => {
    const quick = run(['compare', 'examples', '--format', 'json'], { env: { GP_CHANGE_YAML_READER: undefined } });
    expect(run(['compare', 'examples', '--format', 'json'], { env: { GP_CHANGE_YAML_READER: 'library' } })).toEqual(quick);
  });
});
