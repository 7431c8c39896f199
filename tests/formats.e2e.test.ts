/** The CI formats through the built binary: exit codes, streaming, --output, --quiet and the GitHub job summary. */
import { readdirSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { renderJunit } from '../src/render/junit.js';
import { ROOT, run } from './helpers/cli.js';
import { assessFile, rb } from './helpers/rulebook.js';
import { expectValidSarif, problemsOf, validDrafts } from './helpers/sarif.js';

const junitOpts = (failOn: 'high' | 'medium' | 'low' | 'none' = 'high', minScore = 0) => ({ failOn, minScore, root: ROOT });
const tmp = () => mkdtempSync(join(tmpdir(), 'gp-change-formats-'));

describe('SARIF through the binary', () => {
  it('the built binary writes valid SARIF for a glob, invalid drafts included, with exit 2', () => {
    const r = run(['assess', 'tests/fixtures/cli/*.yaml', 'tests/fixtures/ci/*.yaml', '--format', 'sarif']);
    expect(r.code).toBe(2);
    const log = expectValidSarif(r.stdout, 'binary');
    const inv = log.runs[0]!.invocations[0]!;
    expect(inv.executionSuccessful).toBe(false);
    const errors = inv.toolExecutionNotifications!.filter((n) => n.level === 'error');
    expect(errors.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(errors)).toContain('tests/fixtures/cli/not-yaml.yaml');
    expect(JSON.stringify(errors)).toMatch(/"startLine":\d+/);
  });
});

describe("GitHub's job summary through the binary", () => {
  it('appends a markdown job summary to $GITHUB_STEP_SUMMARY (reports and the summary line)', () => {
    const dir = tmp();
    const summary = join(dir, 'summary.md');
    writeFileSync(summary, '# earlier step\n');
    const r = run(['assess', 'tests/fixtures/ci/*.yaml', '--format', 'github'], { env: { GITHUB_STEP_SUMMARY: summary } });
    expect(r.code).toBe(1);
    const md = readFileSync(summary, 'utf8');
    expect(md.startsWith('# earlier step\n')).toBe(true);
    expect(md).toContain('## PCN access programme 2026/27');
    expect(md).toContain('## Extended hours under the national contract');
    // The summary line and the overview table open it; each report is folded; references come once.
    expect(md).toMatch(/^## gp-change\n\n\*\*2 drafts checked/m);
    expect(md.indexOf('| Draft | Verdict |')).toBeLessThan(md.indexOf('<details>'));
    expect(md.match(/<details>/g)).toHaveLength(2);
    expect(md.match(/^## References/gm)).toHaveLength(1);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toMatch(/^2 drafts checked/);
    // Without the variable nothing is written anywhere else.
    const plain = run(['assess', 'tests/fixtures/ci/acknowledged.yaml', '--format', 'github'], { env: { GITHUB_STEP_SUMMARY: undefined } });
    expect(plain.code).toBe(0); // its only high risk is accepted
    expect(plain.stdout).toMatch(/^::notice .*title=accepted%3A /m);
  });

  it('the job summary lists the drafts that could not be checked, with file:line:column', () => {
    const summary = join(tmp(), 'summary.md');
    const r = run(
      ['assess', 'tests/fixtures/cli/invalid-option.yaml', 'tests/fixtures/cli/ready.yaml', 'drafts/none/*.yaml', '--format', 'github'],
      { env: { GITHUB_STEP_SUMMARY: summary } },
    );
    expect(r.code).toBe(2);
    const md = readFileSync(summary, 'utf8');
    expect(md).toContain('## Drafts that could not be checked');
    expect(md).toMatch(/^- \*\*tests\/fixtures\/cli\/invalid-option\.yaml:5:11\*\*: \\`answers\.origin\\` must be one of/m);
    expect(md).toMatch(/^- \*\*drafts\/none\/\\\*\.yaml\*\*: /m);
    expect(md.indexOf('## Drafts that could not be checked')).toBeLessThan(md.indexOf('<details>'));
    // A run with no problems has no such section.
    const clean = join(tmp(), 'clean.md');
    run(['assess', 'tests/fixtures/cli/ready.yaml', '--format', 'github'], { env: { GITHUB_STEP_SUMMARY: clean } });
    expect(readFileSync(clean, 'utf8')).not.toContain('could not be checked');
  });

  it('--quiet: machine formats ignore it; the job summary and text reports keep only drafts that fall short', () => {
    const files = ['tests/fixtures/cli/ready.yaml', 'tests/fixtures/ci/multi-target.yaml'];
    for (const format of ['sarif', 'junit', 'github', 'json']) {
      expect(run(['assess', ...files, '--format', format, '--quiet']).stdout, format).toBe(
        run(['assess', ...files, '--format', format]).stdout,
      );
    }
    const summary = join(tmp(), 'summary.md');
    run(['assess', ...files, '--format', 'github', '--quiet'], { env: { GITHUB_STEP_SUMMARY: summary } });
    const md = readFileSync(summary, 'utf8');
    expect(md).toContain('## PCN access programme 2026/27');
    expect(md).not.toContain('## Care navigation led by the reception team');
    expect(md.match(/<details>/gm)).toHaveLength(1);
    // The first report printed opens the output: no separator before it, though a draft was skipped.
    const text = run(['assess', ...files, '--quiet']).stdout;
    expect(text.split('\n')[0]).toMatch(/PCN access programme 2026\/27/);
    expect(text.match(/^-{20,}$/gm)).toBeNull();
    // A markdown batch opens with its overview (every draft), then only the reports that fall short.
    const md2 = run(['assess', ...files, '--format', 'markdown', '--quiet']).stdout;
    expect(md2).toContain('## PCN access programme 2026/27');
    expect(md2).not.toContain('## Care navigation led by the reception team');
    expect(md2).toMatch(/^\| Care navigation led by the reception team/m);
  });
});

// ---------------------------------------------------------------------------------------------------

describe('exit codes through the built binary', () => {
  // multi-target: 3 high, 4 medium, 1 low; scores below 60 in some principles. ready: no high or medium risks.
  const multi = 'tests/fixtures/ci/multi-target.yaml';
  const acknowledged = 'tests/fixtures/ci/acknowledged.yaml';
  const ready = 'tests/fixtures/cli/ready.yaml';
  const minOf = (f: string) =>
    Math.min(
      ...assessFile(f)
        .principles.filter((p) => p.applicable)
        .map((p) => p.score ?? 0),
    );

  it.each([
    [[ready], [], 0],
    [[ready], ['--fail-on', 'low'], 0],
    [[ready], ['--min-score', String(minOf(ready))], 0],
    [[ready], ['--min-score', String(minOf(ready) + 1)], 1],
    [[multi], [], 1],
    [[multi], ['--fail-on', 'none'], 0],
    [[multi], ['--fail-on', 'none', '--min-score', '100'], 1],
    [[acknowledged], ['--fail-on', 'high'], 0], // no unaccepted high risk
    [[acknowledged], ['--fail-on', 'medium'], 1], // the expired acknowledgement counts again
    [[acknowledged], ['--fail-on', 'low'], 1],
    [[ready, multi], ['--fail-on', 'none'], 0],
    [[ready, 'tests/fixtures/cli/not-yaml.yaml'], ['--fail-on', 'none'], 2],
    [[multi, 'tests/fixtures/cli/not-yaml.yaml'], [], 2],
  ] as [string[], string[], number][])('%j %j exits %i in every CI format', (files, flags, code) => {
    for (const format of ['sarif', 'junit', 'github']) {
      const r = run(['assess', ...files, ...flags, '--format', format]);
      expect(r.code, `${format}: ${r.stderr}`).toBe(code);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      if (format === 'junit') expect(XMLValidator.validate(r.stdout)).toBe(true);
      if (format === 'sarif') expectValidSarif(r.stdout, files.join(' '));
      if (format === 'github')
        for (const line of r.stdout.trimEnd().split('\n').slice(0, -1)) expect(line).toMatch(/^::(error|warning|notice) /);
    }
  });

  it('the binary streams JUnit through a temporary file: the same document as the renderer, and no file left behind', () => {
    const files = [...validDrafts(), 'tests/fixtures/cli/invalid-option.yaml'];
    const before = readdirSync(tmpdir()).filter((f) => f.startsWith('gp-change-') && f.endsWith('.tmp'));
    const r = run(['assess', ...files, '--format', 'junit', '--fail-on', 'medium', '--min-score', '40']);
    expect(r.code).toBe(2);
    const expected = renderJunit(
      rb,
      files.slice(0, -1).map((f) => assessFile(f)),
      problemsOf(files.at(-1)!),
      junitOpts('medium', 40),
    );
    expect(r.stdout).toBe(expected);
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith('gp-change-') && f.endsWith('.tmp'))).toEqual(before);
  });

  it('--output writes the SARIF file and leaves standard output empty', () => {
    const out = join(tmp(), 'gp-change.sarif');
    const r = run(['assess', multi, ready, '--format', 'sarif', '--output', out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const log = expectValidSarif(readFileSync(out, 'utf8'), 'output');
    expect(log.runs[0]!.tool.driver.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(new Set(log.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri))).toEqual(new Set([multi]));
  });
});
