/**
 * GP_CHANGE_MEMO=off (no risk outcome remembered between drafts) changes nothing a user sees: every draft
 * fixture and example gives the same report and exit code either way. tests/memo-differential.test.ts
 * checks the memo against fresh outcomes over random conditions; this checks the switch end to end.
 */
import { describe, expect, it } from 'vitest';
import { run } from './helpers/cli.js';

const DRAFTS = ['examples', 'tests/fixtures/cli', 'tests/fixtures/ci', 'tests/fixtures/risks', 'tests/fixtures/hostile/drafts'];

describe('GP_CHANGE_MEMO=off', () => {
  it.each(['json', 'sarif'])('gives the same %s output over every draft fixture', (format) => {
    const args = ['assess', ...DRAFTS, '--format', format, '--fail-on', 'low'];
    const remembered = run(args, { env: { GP_CHANGE_MEMO: undefined } });
    const fresh = run(args, { env: { GP_CHANGE_MEMO: 'off' } });
    expect(remembered.stdout.length).toBeGreaterThan(1000);
    expect(fresh).toEqual(remembered);
  });
});
