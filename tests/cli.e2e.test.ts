import { existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { run, ROOT } from './helpers/cli.js';
import { allQuestions, allRisks, rb } from './helpers/rulebook.js';

const fx = (name: string) => `tests/fixtures/cli/${name}.yaml`;
const tmp = () => mkdtempSync(join(tmpdir(), 'gp-change-'));

describe('the binary', () => {
  it('--version prints the package version', () => {
    const r = run(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  });

  it('--help starts with "Start here", wraps by word at 80 columns, and its example runs in any folder', () => {
    const help = run(['--help']).stdout;
    expect(help.startsWith('Start here: ')).toBe(true);
    expect(help.indexOf('Start here')).toBeLessThan(help.indexOf('Usage:'));
    for (const line of help.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    // a sentence is never broken inside a word: every line ends on a whole word
    expect(help).not.toMatch(/\w-\n/);
    const example = help.slice(help.indexOf('Example (works in any folder):')).split('\n\n')[0]!.split('\n').slice(1);
    expect(example.length).toBe(2);
    const dir = tmp();
    for (const line of example) {
      const args = line.trim().split(/\s+/).slice(1);
      const r = run(args, { cwd: dir });
      expect(r.code, line).toBe(0);
    }
  });

  it('with no arguments and no terminal prints help and exits 2', () => {
    const r = run([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Usage: gp-change/);
  });

  it('an unknown command or option exits 2 without a stack trace', () => {
    for (const args of [
      ['asess', 'x.yaml'],
      ['assess', '--frmat', 'json', fx('ready')],
      ['assess', fx('ready'), '--format', 'pdf'],
    ]) {
      const r = run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('every command has --help with an example', () => {
    for (const cmd of [
      'assess',
      'interview',
      'diff',
      'compare',
      'principles',
      'evidence',
      'explain',
      'init',
      'schema',
      'rulebook validate',
      'rulebook show',
    ]) {
      const r = run([...cmd.split(' '), '--help']);
      expect(r.code, cmd).toBe(0);
      expect(r.stdout, cmd).toMatch(/Example:\n {2}gp-change /);
    }
  });
});

describe('assess exit codes', () => {
  it('0 when nothing reaches --fail-on', () => {
    expect(run(['assess', fx('ready')]).code).toBe(0);
    expect(run(['assess', fx('medium-only')]).code).toBe(0);
  });

  it('1 when a high risk is found (default --fail-on high)', () => {
    const r = run(['assess', fx('imposed')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Verdict: RETHINK/);
  });

  it('--fail-on moves the bar', () => {
    expect(run(['assess', fx('medium-only'), '--fail-on', 'medium']).code).toBe(1);
    expect(run(['assess', fx('imposed'), '--fail-on', 'none']).code).toBe(0);
  });

  it('a draft named twice, however the path is written, is assessed once', () => {
    const r = run([
      'assess',
      'examples/access-target.yaml',
      './examples/access-target.yaml',
      'examples/../examples/access-target.yaml',
      '--format',
      'json',
    ]);
    expect(JSON.parse(r.stdout).assessments).toHaveLength(1);
  });

  it('--min-score takes digits only: an empty value (an unset CI variable) is an error, not 0', () => {
    for (const v of ['', ' ', '0x50', '8e1']) expect(run(['assess', fx('ready'), '--min-score', v]).code, v).toBe(2);
  });

  it('--min-score fails a draft with a principle below it', () => {
    expect(run(['assess', fx('ready'), '--min-score', '90']).code).toBe(0);
    expect(run(['assess', fx('medium-only'), '--min-score', '10']).code).toBe(1);
    expect(run(['assess', fx('ready'), '--min-score', '101']).code).toBe(2);
  });

  it('says which principle fell below --min-score, in every format a person or CI reads', () => {
    const args = ['assess', fx('medium-only'), '--min-score', '10'];
    expect(run(args).stdout).toMatch(/Below the bar: .*could not be scored/);
    expect(run([...args, '--format', 'github']).stdout).toMatch(
      /^::error file=tests\/fixtures\/cli\/medium-only.yaml,line=1,title=below the bar \(gp-change\)::.*--min-score 10/m,
    );
    const sarif = JSON.parse(run([...args, '--format', 'sarif']).stdout);
    expect(sarif.runs[0].invocations[0].toolExecutionNotifications).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          level: 'error',
          descriptor: { id: 'below-the-bar' },
          message: { text: expect.stringMatching(/--min-score 10/) },
        }),
      ]),
    );
    const json = JSON.parse(run([...args, '--format', 'json']).stdout);
    expect(json.summary.belowTheBar[0]).toMatchObject({
      file: fx('medium-only'),
      reasons: expect.arrayContaining([expect.stringMatching(/below --min-score 10|cannot reach --min-score 10/)]),
    });
  });

  it('--strict-acknowledgements fails a run whose acknowledgement has lapsed', () => {
    const args = ['assess', 'examples/ics-vetting.yaml', '--fail-on', 'none'];
    const later = { GP_CHANGE_TODAY: '2027-04-01' };
    expect(run(args, { env: later }).code).toBe(0);
    expect(run([...args, '--strict-acknowledgements'], { env: later }).code).toBe(1);
    expect(run([...args, '--strict-acknowledgements']).code).toBe(0);
    const junit = run([...args, '--strict-acknowledgements', '--format', 'junit'], { env: later }).stdout;
    expect(junit).toMatch(/<failure[^>]*>[^<]*expired/);
  });

  it('2 for an invalid draft, naming file:line:col, with no stack trace', () => {
    const r = run(['assess', fx('invalid-option')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('tests/fixtures/cli/invalid-option.yaml:5:11: error: `answers.origin` must be one of');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('one bad file never stops the others', () => {
    const r = run(['assess', fx('not-yaml'), fx('ready'), 'no-such-file.yaml', fx('imposed')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('Care navigation led by the reception team');
    expect(r.stdout).toContain('National access target');
    expect(r.stderr).toContain('not-yaml.yaml:');
    expect(r.stderr).toContain('no-such-file.yaml: error: no such file');
    expect(r.stdout).toMatch(/2 drafts checked \(1 ready, 1 rethink\).*2 invalid/);
  });

  it('expands quoted globs itself, in a stable order', () => {
    const r = run(['assess', 'tests/fixtures/cli/[rm]*.yaml', '--format', 'json']);
    const files = JSON.parse(r.stdout).assessments.map((a: { file: string }) => a.file);
    expect(files).toEqual([fx('medium-only'), fx('ready')]);
  });
});

describe('assess output', () => {
  it('json validates against the published assessment schema', () => {
    const r = run(['assess', fx('ready'), fx('imposed'), fx('invalid-option'), '--format', 'json']);
    const doc = JSON.parse(r.stdout);
    const schema = JSON.parse(readFileSync(join(ROOT, 'schemas/assessment.schema.json'), 'utf8'));
    const validate = new Ajv({ strict: false }).compile(schema);
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(doc.assessments).toHaveLength(2);
    expect(doc.errors[0]).toMatchObject({ file: fx('invalid-option'), line: 5, col: 11 });
  });

  it("every risk in the report cites evidence and gives the role's advice", () => {
    const r = run(['assess', fx('imposed'), '--detail']);
    const blocks = r.stdout
      .split('\nDetails\n')[1]!
      .split('\nFrom the guide')[0]!
      .split(/\n {2}(?=HIGH|MEDIUM|LOW)/)
      .slice(1);
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    for (const b of blocks) {
      expect(b).toMatch(/Evidence: .+\d{4}/);
      expect(b).toMatch(/For the ICB: /);
    }
  });

  it('markdown has the verdict, a principle table and references', () => {
    const r = run(['assess', fx('imposed'), '--format', 'markdown']);
    expect(r.stdout).toMatch(/^# National access target/);
    expect(r.stdout).toContain('**Verdict: RETHINK**');
    expect(r.stdout).toContain('| # | Principle | Score | Band | Answered |');
    expect(r.stdout).toContain('## References');
  });

  it('--output writes the file atomically and leaves no temporary file', () => {
    const dir = tmp();
    const out = join(dir, 'report.md');
    writeFileSync(out, 'old');
    const r = run(['assess', join(ROOT, fx('ready')), '--format', 'markdown', '--output', out, '--force']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toMatch(/^# Care navigation/);
    expect(readdirSync(dir)).toEqual(['report.md']);
  });

  it('refuses an --output that is one of the drafts, leaving it untouched', () => {
    const dir = tmp();
    const f = join(dir, 'draft.yaml');
    const text = readFileSync(join(ROOT, fx('ready')), 'utf8');
    writeFileSync(f, text);
    // With --force the clash is found as each draft is opened (also through a link, and inside a folder).
    symlinkSync(f, join(dir, 'link.md'));
    const forced = [
      ['assess', f, '--output', f, '--force'],
      ['assess', dir, '--format', 'json', '--output', join(dir, 'link.md'), '--force'],
    ];
    for (const args of [
      ['assess', f, '--format', 'markdown', '--output', f],
      ['compare', f, '--output', f],
      ['diff', f, f, '--output', f],
      ...forced,
    ]) {
      const r = run(args, { cwd: dir });
      expect(r.code, args[0]).toBe(2);
      expect(r.stderr).toContain('is one of the files being read');
      expect(readFileSync(f, 'utf8')).toBe(text);
      expect(r.stderr, args.join(' ')).not.toMatch(/internal error|at .*\.cjs/);
    }
    expect(readdirSync(dir).sort()).toEqual(['draft.yaml', 'link.md']);
  });

  it('strips terminal escapes from user text', () => {
    const dir = tmp();
    const f = join(dir, 'evil.yaml');
    writeFileSync(f, 'gpChange: 1\ntitle: "Evil \\e]0;pwned\\a\\e[31mred\\e[0m title"\nassessor: { role: ics }\nsummary: "line\\rover"\n');
    for (const env of [{}, { FORCE_COLOR: '1' }]) {
      const r = run(['assess', f], { env });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Evil red title');
      expect(r.stdout).not.toContain('pwned');
      expect(r.stdout).not.toMatch(/\r/);
      // with colour forced, the only escapes are our own SGR colour codes
      expect(r.stdout.replace(/\u001b\[[0-9;]*m/g, '')).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    }
  });

  it('colour: plain into a pipe, coloured with FORCE_COLOR, plain again with NO_COLOR or --no-color', () => {
    expect(run(['assess', fx('imposed')]).stdout).not.toContain('\u001b[');
    expect(run(['assess', fx('imposed')], { env: { FORCE_COLOR: '1' } }).stdout).toContain('\u001b[');
    expect(run(['assess', fx('imposed')], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } }).stdout).not.toContain('\u001b[');
    expect(run(['--no-color', 'assess', fx('imposed')], { env: { FORCE_COLOR: '1' } }).stdout).not.toContain('\u001b[');
  });
});

describe('reading the rulebook', () => {
  it('explain works for every risk id and shows its evidence and advice', () => {
    for (const risk of allRisks) {
      const r = run(['explain', risk.id]);
      expect(r.code, risk.id).toBe(0);
      expect(r.stdout).toContain(`\`${risk.id}\``);
      expect(r.stdout).toContain('## Evidence');
      expect(r.stdout).toContain('For the ICB:');
      expect(r.stdout).toContain('For the practice:');
    }
  }, 60_000); // one process per risk (31 now), on a shared 2-core machine

  it('explain of an unknown risk suggests the nearest id and exits 2', () => {
    const r = run(['explain', 'top-down-impositon']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('did you mean "top-down-imposition"');
  });

  it('explain with no id lists every risk by title; a word from an id or title suggests the risks that hold it', () => {
    const list = run(['explain']);
    expect(list.code).toBe(0);
    for (const risk of allRisks) expect(list.stdout).toContain(`\`${risk.id}\`: ${risk.title}`);
    const word = run(['explain', 'unfunded']);
    expect(word.code).toBe(2);
    const holding = allRisks.filter((r) => r.id.includes('unfunded'));
    expect(holding.length).toBeGreaterThan(0);
    for (const r of holding) expect(word.stderr).toContain(r.id);
    expect(word.stderr).not.toContain(allRisks.find((r) => !r.id.includes('unfunded') && !/unfunded/i.test(r.title))!.id);
  });

  it('explain of a question id shows the question, why it matters and the risks that read its answer', () => {
    const q = allQuestions.find((x) => x.help)!;
    const r = run(['explain', q.id]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(q.prompt);
    expect(r.stdout).toContain('## Why it matters');
    expect(r.stdout).toContain('## Risks it feeds');
    for (const o of q.options) expect(r.stdout).toContain(o.label);
  });

  it('principles shows each principle with its actions for the chosen role', () => {
    const r = run(['principles', 'bottom-up', '--role', 'ics']);
    expect(r.code).toBe(0);
    const p = rb.principles.find((x) => x.id === 'bottom-up')!;
    for (const a of p.actions.ics!) expect(r.stdout).toContain(a.text);
    for (const a of p.actions.practice!) expect(r.stdout).not.toContain(a.text);
    expect(run(['principles']).stdout.match(/^# \d\. /gm)).toHaveLength(rb.principles.length);
  });

  it('evidence lists every reference and shows what cites one', () => {
    const all = run(['evidence']);
    for (const ref of rb.references) expect(all.stdout).toContain(`\`${ref.id}\``);
    const one = run(['evidence', 'doran-2011']);
    expect(one.stdout).toContain('target-displacement');
  });

  it('schema proposal lists every question and option', () => {
    const schema = JSON.parse(run(['schema', 'proposal']).stdout);
    for (const q of allQuestions) {
      const prop = schema.properties.answers.properties[q.id];
      expect(prop, q.id).toBeDefined();
      const ids = (prop.enum ?? prop.anyOf.find((x: { enum?: string[] }) => x.enum).enum) as string[];
      expect(ids).toEqual([...q.options.map((o) => o.id), 'unknown']);
    }
  });

  it('rulebook validate checks the sources and reports the counts', () => {
    const r = run(['rulebook', 'validate']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/is valid: 4 principles, \d+ evidence claims, 29 actions/);
  });
});

describe('init', () => {
  it('writes a commented draft that assess accepts, and never overwrites without --force', () => {
    const dir = tmp();
    const f = join(dir, 'my-change.yaml');
    expect(run(['init', f, '--role', 'practice']).code).toBe(0);
    const text = readFileSync(f, 'utf8');
    expect(text).toMatch(/^# yaml-language-server: \$schema=.*schemas\/proposal\.schema\.json/);
    for (const q of allQuestions) expect(text).toContain(`  ${q.id}: unknown`);
    const r = run(['assess', f]);
    expect(r.code).toBe(0);
    // An untouched draft is still assessed (the report shows what to find out), with a reminder.
    expect(r.stderr).toContain('still has the placeholder title ("Name of the change")');
    writeFileSync(f, text.replace(/^title: .*$/m, 'title: Our change'));
    expect(run(['assess', f]).stderr).not.toContain('placeholder title');
    writeFileSync(f, 'mine');
    const again = run(['init', f]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
    expect(readFileSync(f, 'utf8')).toBe('mine');
    expect(run(['init', f, '--force']).code).toBe(0);
    expect(existsSync(f)).toBe(true);
  });

  it('says which role it wrote the draft for, and how to choose the other when it was the default', () => {
    const dir = tmp();
    const [first, ...others] = rb.roles;
    const given = run(['init', join(dir, 'a.yaml'), '--role', others[0]!.id]);
    expect(given.stdout).toContain(`for the ${others[0]!.label} (role: ${others[0]!.id})`);
    expect(readFileSync(join(dir, 'a.yaml'), 'utf8')).toMatch(new RegExp(`^assessor: { role: ${others[0]!.id} }`, 'm'));
    const defaulted = run(['init', join(dir, 'b.yaml')]);
    expect(defaulted.stdout).toContain(`for the ${first!.label} (role: ${first!.id}, the default;`);
    for (const r of others) expect(defaulted.stdout).toContain(`--role ${r.id} for the ${r.label}`);
  });

  it('names the change after the file, so respondents\' drafts can share an id, and "-" prints the draft', () => {
    const dir = tmp();
    const f = join(dir, 'Same Day Hub.yaml');
    expect(run(['init', f]).code).toBe(0);
    expect(readFileSync(f, 'utf8')).toMatch(/^id: same-day-hub\s+#/m);
    const out = run(['init', '-', '--role', 'practice']);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^gpChange: 1$/m);
    expect(out.stdout).toMatch(/^assessor: \{ role: practice \}/m);
    expect(existsSync(join(process.cwd(), '-'))).toBe(false);
  });
});
