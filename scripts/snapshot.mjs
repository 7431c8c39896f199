// Snapshot of everything the built binary prints and writes, for refactors that must not change output.
//
//   npm run snapshot -- OUTDIR            build, then run every command and format into OUTDIR (emptied first)
//   npm run snapshot -- --diff BASE NEW   compare two snapshots: lists every run whose output differs, exit 1 if any
//   npm run snapshot -- OUTDIR --only sarif   only the runs whose name contains "sarif" (repeatable)
//   npm run snapshot -- OUTDIR --env GP_CHANGE_YAML_READER=library   every run with that variable set
//     (repeatable): a switch that must not change output is checked by diffing against a plain snapshot
//
// SNAPSHOT_JOBS=N runs N processes at once (default: the number of cores); SNAPSHOT_TIMES=1 lists the
// slowest runs at the end.
//
// The usual loop: take a baseline before touching anything, then after every step take another and diff:
//
//   npm run snapshot -- /tmp/snap-base
//   ... change the code ...
//   npm run snapshot -- /tmp/snap-new && npm run snapshot -- --diff /tmp/snap-base /tmp/snap-new
//
// What it runs (about 440 processes; two minutes on a busy 2-core machine, most of it the 2,000-draft runs): assess in every format over the examples
// (each alone and all together), the test fixtures (every format as a batch, and in text one by one),
// 2,000 generated drafts in every format as --role ics and as --role practice (and JSON as each draft's own
// role: a few runs a format, not 2,000 processes), with the flags that change output (--fail-on, --min-score,
// --strict-acknowledgements, --quiet, --output, --rulebook, GITHUB_STEP_SUMMARY, FORCE_COLOR, COLUMNS);
// compare and diff in every format; explain for every risk; principles; evidence with every export
// format; rulebook show and validate over every example and fixture rulebook; schema; init; --help of
// every command; and the usage errors. GP_CHANGE_TODAY is fixed, COLUMNS and colour variables cleared.
//
// Layout of OUTDIR: input/ holds copies of examples/ and tests/fixtures/ and the generated drafts (the
// runs read them from there with relative paths, so snapshots taken in different checkouts compare);
// runs/NAME/ holds stdout, stderr, code (the exit code, or the signal) and files/ (what the run wrote).
// The checkout's own path is written as <ROOT> and OUTDIR/input as <INPUT>.
//
// The generated drafts come from the built rulebook (src/generated/builtin-rulebook.json), so a
// baseline taken before a rulebook change does not compare with one taken after it: take the baseline
// again after merging rulebook changes.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'gp-change.cjs');
const TODAY = '2026-11-23';

// ---------------------------------------------------------------------------------------------------
// Comparing two snapshots

function filesUnder(dir, base = dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name), base) : [relative(base, join(dir, e.name))],
  );
}

/** Where two texts first differ: the line, and the text around the first differing character of it. */
function firstDifference(a, b) {
  const la = a.split('\n');
  const lb = b.split('\n');
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] === lb[i]) continue;
    const [x, y] = [la[i] ?? '(end of file)', lb[i] ?? '(end of file)'];
    let c = 0;
    while (c < x.length && x[c] === y[c]) c++;
    const around = (t) => JSON.stringify(t.slice(Math.max(0, c - 80), c + 120));
    return `line ${i + 1}, column ${c + 1}:\n    - ${around(x)}\n    + ${around(y)}`;
  }
  return 'same lines, different bytes';
}

function diffSnapshots(base, next) {
  const a = new Set(filesUnder(base));
  const b = new Set(filesUnder(next));
  let differences = 0;
  for (const f of [...new Set([...a, ...b])].sort()) {
    if (!a.has(f) || !b.has(f)) {
      console.log(`${f}: only in ${a.has(f) ? base : next}`);
      differences++;
      continue;
    }
    const x = readFileSync(join(base, f));
    const y = readFileSync(join(next, f));
    if (x.equals(y)) continue;
    differences++;
    console.log(`${f}: differs at ${firstDifference(x.toString('utf8'), y.toString('utf8'))}`);
  }
  console.log(differences ? `${differences} file(s) differ` : `identical: ${a.size} files`);
  return differences ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------------
// Generated drafts

function rng(seed) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s ^ (s >>> 15), 1 | s) + 0x6d2b79f5) >>> 0) / 2 ** 32;
}

/**
 * `n` drafts in the styles people write: every answer kind (an option, unknown, missing, empty, true or
 * false for yes/no), lists of 0 to 20 entries, acknowledgements (live, expired, duplicated), respondents
 * of one change sharing an id, a few naming a local rulebook, some written by `yaml` in flow style, with
 * comments, CRLF or a byte-order mark; and one draft in a hundred invalid.
 */
function generateDrafts(rb, n, dir, seed) {
  const r = rng(seed);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const chance = (p) => r() < p;
  const risks = rb.principles.flatMap((p) => p.risks.map((x) => x.id));
  const yesNo = (options) => options.some((o) => o.id === 'yes') && options.some((o) => o.id === 'no');
  const answer = (options) => {
    const x = r();
    if (x < 0.1) return 'unknown';
    if (x < 0.13) return undefined;
    if (x < 0.15) return null;
    const id = pick(options).id;
    return yesNo(options) && chance(0.3) ? id === 'yes' : id;
  };
  const names = ['Same-day hub', 'Access target "95%"', 'Café staff & huddles', 'Über-triage: phase 2', 'Long-term conditions # recall'];
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < n; i++) {
    const d = { gpChange: 1 };
    // Pairs of respondents of one change: the ICS and a practice, for compare's groups and perception gaps.
    if (i < 400) d.id = `change-${Math.floor(i / 2)}`;
    else if (chance(0.3)) d.id = `draft-${i}`;
    d.title = `${pick(names)} ${i}`;
    if (chance(0.4))
      d.summary = chance(0.5)
        ? `What changes for draft ${i}, and why.`
        : `A longer summary for draft ${i}, written over\nseveral lines: it says what changes.`;
    if (i < 400) d.assessor = { role: i % 2 ? 'practice' : 'ics' };
    else d.assessor = { role: pick(rb.roles).id, ...(chance(0.2) ? { name: `Assessor ${i}` } : {}) };
    if (chance(0.9)) d.scope = chance(0.1) ? 'unknown' : pick(rb.scopes).id;
    if (i >= 1800 && i % 10 === 0) d.rulebook = '../examples/rulebooks/pcn-local-measures.yaml';
    d.answers = {};
    for (const p of rb.principles)
      for (const q of p.questions) {
        const a = answer(q.options);
        if (a !== undefined) d.answers[q.id] = a;
      }
    for (const list of rb.lists) {
      if (chance(0.05)) continue;
      const count = list.id === 'targets' ? pick([0, 0, 1, 2, 3, 3, 8, 20]) : Math.floor(r() * 4);
      d[list.id] = [];
      for (let k = 0; k < count; k++) {
        const entry = {};
        for (const f of list.fields) {
          if (f.type === 'choice') {
            const a = answer(f.options);
            if (a !== undefined || f.required) entry[f.id] = a ?? 'unknown';
          } else if (f.type === 'text-list') {
            if (chance(0.5)) entry[f.id] = chance(0.5) ? [] : ['routine reviews', 'continuity of care'].slice(0, 1 + Math.floor(r() * 2));
          } else entry[f.id] = `${list.item} ${k + 1} of draft ${i}`;
        }
        d[list.id].push(entry);
      }
    }
    if (chance(0.9)) {
      d.skills = {};
      for (const a of rb.skills.areas) {
        const v = answer(rb.skills.levels);
        if (v !== undefined) d.skills[a.id] = v;
      }
    }
    if (chance(0.15)) {
      d.acknowledged = [];
      for (let k = 0, m = 1 + Math.floor(r() * 3); k < m; k++) {
        const risk = chance(0.2) && d.acknowledged.length ? d.acknowledged[0].risk : pick(risks);
        d.acknowledged.push({
          risk,
          reason: `accepted for draft ${i}`,
          ...(chance(0.5) ? { by: 'the board' } : {}),
          ...(chance(0.6) ? { until: chance(0.5) ? '2026-01-31' : '2027-03-31' } : {}),
        });
      }
    }
    if (chance(0.1)) d.notes = `Notes for draft ${i}.`;
    if (i % 100 === 99) d.answers.origin = 'regional'; // not an option: the draft is invalid
    const style = r();
    let text =
      style < 0.1
        ? stringify(d, { collectionStyle: 'flow', version: '1.2' })
        : style < 0.2
          ? stringify(d, { defaultStringType: 'QUOTE_DOUBLE', version: '1.2' })
          : stringify(d, { version: '1.2' });
    if (style > 0.95) text = `# draft ${i}\n${text.replace(/\n(answers:)/, '\n# the answers\n$1')}`;
    if (style > 0.97) text = text.replace(/\n/g, '\r\n');
    if (style > 0.99) text = `\ufeff${text}`;
    writeFileSync(join(dir, `draft-${String(i).padStart(4, '0')}.yaml`), text);
  }
}

// ---------------------------------------------------------------------------------------------------
// The runs

const ASSESS_FORMATS = ['text', 'markdown', 'json', 'sarif', 'junit', 'github', 'html'];
const yamlIn = (dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => join(dir, f).split('\\').join('/'));

function plan(input, rb) {
  const runs = [];
  const add = (name, args, opts = {}) => runs.push({ name, args, ...opts });
  const examples = yamlIn(join(input, 'examples')).map((f) => relative(input, f));
  const exampleRulebooks = yamlIn(join(input, 'examples', 'rulebooks')).map((f) => relative(input, f));
  const fixtureDirs = ['cli', 'ci', 'loader', 'interview', 'risks', 'hostile/drafts'].map((d) => `fixtures/${d}`);
  const fixtures = fixtureDirs.flatMap((d) => yamlIn(join(input, d)).map((f) => relative(input, f)));
  const fixtureRulebooks = ['fixtures/rulebooks', 'fixtures/hostile/rulebooks'].flatMap((d) =>
    yamlIn(join(input, d)).map((f) => relative(input, f)),
  );
  const drafts = 'drafts';
  const stem = (f) => f.replace(/\.yaml$/, '').replace(/[^\w-]+/g, '_');
  const risks = rb.principles.flatMap((p) => p.risks.map((r) => r.id));

  // assess: every format over the examples, the fixtures and the generated drafts
  for (const format of ASSESS_FORMATS) {
    const f = ['--format', format];
    add(`assess-${format}-examples`, ['assess', ...examples, ...f]);
    for (const e of examples) add(`assess-${format}-example-${stem(e)}`, ['assess', e, ...f]);
    add(`assess-${format}-fixtures`, ['assess', ...fixtureDirs, ...f]);
    add(`assess-${format}-fixtures-fail-on-low-min-score-strict`, [
      'assess',
      ...fixtureDirs,
      ...f,
      '--fail-on',
      'low',
      '--min-score',
      '60',
      '--strict-acknowledgements',
    ]);
    add(`assess-${format}-drafts-role-ics`, ['assess', drafts, ...f, '--role', 'ics'], { big: true });
    add(`assess-${format}-drafts-role-practice`, ['assess', drafts, ...f, '--role', 'practice'], { big: true });
    add(`assess-${format}-examples-quiet-fail-on-medium`, ['assess', ...examples, ...f, '--quiet', '--fail-on', 'medium']);
    add(`assess-${format}-examples-fail-on-none-min-score`, ['assess', ...examples, ...f, '--fail-on', 'none', '--min-score', '55']);
    add(`assess-${format}-examples-rulebook`, ['assess', ...examples, ...f, '--rulebook', exampleRulebooks[1]]);
    add(`assess-${format}-output`, ['assess', ...examples, ...f, '--output', `report-${format}.out`], { files: [`report-${format}.out`] });
  }
  add('assess-json-drafts', ['assess', drafts, '--format', 'json'], { big: true });
  add(
    'assess-text-drafts-quiet-strict',
    ['assess', drafts, '--quiet', '--fail-on', 'medium', '--min-score', '40', '--strict-acknowledgements'],
    {
      big: true,
    },
  );
  add(
    'assess-json-drafts-bar',
    ['assess', drafts, '--format', 'json', '--fail-on', 'low', '--min-score', '50', '--strict-acknowledgements'],
    {
      big: true,
    },
  );
  add('assess-github-drafts-step-summary', ['assess', drafts, '--format', 'github', '--quiet', '--fail-on', 'medium'], {
    big: true,
    summary: true,
  });
  add('assess-github-examples-step-summary', ['assess', ...examples, ...fixtureDirs.slice(0, 2), '--format', 'github'], { summary: true });
  // One by one, where each file's own errors and exit code matter (the risk fixtures are valid drafts, in the batches).
  for (const f of fixtures.filter((x) => !x.startsWith('fixtures/risks/'))) add(`assess-text-fixture-${stem(f)}`, ['assess', f]);
  add('assess-text-colour', ['assess', ...examples], { env: { FORCE_COLOR: '1' } });
  add('assess-text-no-color-flag', ['assess', ...examples, '--no-color'], { env: { FORCE_COLOR: '1' } });
  add('assess-text-columns-60', ['assess', ...examples], { env: { COLUMNS: '60' } });
  add('assess-text-missing-and-glob', ['assess', 'nothing-here.yaml', 'examples/*.yaml', 'fixtures/cli/']);
  add('assess-text-bad-role', ['assess', examples[0], '--role', 'nobody']);
  add('assess-text-bad-min-score', ['assess', examples[0], '--min-score', '0x50']);
  add('assess-text-output-exists', ['assess', examples[0], '--output', examples[1]]);
  add('assess-text-output-is-input', ['assess', examples[0], '--output', examples[0], '--force'], { alone: true });

  // compare and diff
  for (const format of ['text', 'markdown', 'json', 'csv', 'html']) {
    const f = ['--format', format];
    add(`compare-${format}-examples`, ['compare', ...examples, ...f]);
    add(`compare-${format}-hub`, [
      'compare',
      'examples/same-day-hub-ics.yaml',
      'examples/same-day-hub-practice.yaml',
      ...f,
      '--title',
      'Hub <board> & "paper"',
    ]);
    add(`compare-${format}-pairs`, [
      'compare',
      ...Array.from({ length: 60 }, (_, i) => `${drafts}/draft-${String(i).padStart(4, '0')}.yaml`),
      ...f,
    ]);
    add(`compare-${format}-role-practice-fail-on-low`, ['compare', ...examples, ...f, '--role', 'practice', '--fail-on', 'low']);
    add(`compare-${format}-rulebook`, ['compare', ...examples.slice(0, 3), ...f, '--rulebook', exampleRulebooks[1]]);
  }
  add('compare-json-drafts', ['compare', drafts, '--format', 'json'], { big: true });
  add('compare-text-fixtures', ['compare', 'fixtures/cli', 'fixtures/ci']);
  add('compare-text-output', ['compare', ...examples, '--output', 'compare.out'], { files: ['compare.out'] });
  for (const format of ['text', 'markdown', 'json']) {
    const f = ['--format', format];
    add(`diff-${format}-hub`, ['diff', 'examples/same-day-hub-ics.yaml', 'examples/same-day-hub-practice.yaml', ...f]);
    add(`diff-${format}-examples`, ['diff', examples[0], examples[2], ...f, '--role', 'ics']);
    for (let k = 0; k < 8; k++)
      add(`diff-${format}-drafts-${k}`, [
        'diff',
        `${drafts}/draft-${String(2 * k).padStart(4, '0')}.yaml`,
        `${drafts}/draft-${String(2 * k + 1).padStart(4, '0')}.yaml`,
        ...f,
      ]);
    add(`diff-${format}-local-rulebook`, ['diff', examples[0], examples[1], ...f, '--rulebook', exampleRulebooks[0]]);
  }
  add('diff-text-two-rulebooks', ['diff', examples[0], `${drafts}/draft-1800.yaml`]);
  add('diff-text-invalid', ['diff', examples[0], 'fixtures/cli/invalid-option.yaml']);
  add('diff-text-output', ['diff', examples[0], examples[1], '--output', 'diff.out'], { files: ['diff.out'] });

  // reading the rulebook
  for (const id of [...risks, 'perception-gap', 'no-such-risk', 'top-down-imposiion']) add(`explain-${id}`, ['explain', id]);
  add('explain-local-risk', ['explain', 'no-huddle-time', '--rulebook', exampleRulebooks[1]]);
  add('explain-disabled-risk', ['explain', 'rushed-timeline', '--rulebook', 'fixtures/rulebooks/base.yaml']);
  add('principles-all', ['principles']);
  for (const p of rb.principles) {
    add(`principles-${p.id}`, ['principles', p.id]);
    add(`principles-${p.number}-practice`, ['principles', String(p.number), '--role', 'practice']);
  }
  add('principles-ics', ['principles', '--role', 'ics']);
  add('principles-unknown', ['principles', 'botom-up']);
  add('principles-rulebook', ['principles', '--rulebook', exampleRulebooks[1]]);
  add('principles-colour', ['principles', 'bottom-up'], { env: { FORCE_COLOR: '1' } });
  add('evidence-list', ['evidence']);
  for (const ref of rb.references) add(`evidence-${ref.id}`, ['evidence', ref.id]);
  add('evidence-unknown', ['evidence', 'doran-2012']);
  for (const format of ['csl-json', 'csl-yaml', 'bibtex', 'ris']) {
    add(`evidence-export-${format}`, ['evidence', '--format', format]);
    add(`evidence-export-${format}-one`, ['evidence', rb.references[0].id, '--format', format]);
    add(
      `evidence-export-${format}-rulebook-output`,
      ['evidence', '--format', format, '--rulebook', exampleRulebooks[1], '--output', `refs-${format}.out`],
      {
        files: [`refs-${format}.out`],
      },
    );
  }
  add('evidence-output-markdown', ['evidence', '--output', 'evidence.md'], { files: ['evidence.md'] });
  add('rulebook-validate-builtin', ['rulebook', 'validate'], { cwd: 'root' });
  add('rulebook-show-builtin', ['rulebook', 'show']);
  for (const f of [...exampleRulebooks, ...fixtureRulebooks]) add(`rulebook-validate-${stem(f)}`, ['rulebook', 'validate', f]);
  for (const f of [...exampleRulebooks, 'fixtures/rulebooks/base.yaml', 'fixtures/rulebooks/child.yaml', 'fixtures/rulebooks/broken.yaml'])
    add(`rulebook-show-${stem(f)}`, ['rulebook', 'show', f]);
  add('schema-proposal', ['schema', 'proposal']);
  add('schema-rulebook', ['schema', 'rulebook']);
  add('schema-proposal-local', ['schema', 'proposal', '--rulebook', exampleRulebooks[1]]);
  add('schema-unknown', ['schema', 'assessment']);
  for (const role of ['ics', 'practice']) add(`init-stdout-${role}`, ['init', '-', '--role', role]);
  add('init-stdout-rulebook', ['init', '-', '--rulebook', exampleRulebooks[1]]);
  add('init-file', ['init', 'new-draft.yaml'], { files: ['new-draft.yaml'] });
  add('init-file-odd-name', ['init', '--role', 'practice', '--', "-my draft's.yaml"], { files: ["-my draft's.yaml"] });
  add('init-file-rulebook', ['init', 'local-draft.yaml', '--rulebook', exampleRulebooks[1]], { files: ['local-draft.yaml'] });
  add('init-file-exists', ['init', examples[0]]);
  add('init-file-force', ['init', 'forced.yaml', '--force'], { files: ['forced.yaml'], before: { 'forced.yaml': 'old\n' } });

  // the program itself
  add('no-arguments', []);
  add('version', ['--version']);
  add('version-with-command', ['assess', '--version']);
  add('help', ['--help']);
  for (const cmd of [
    'assess',
    'diff',
    'compare',
    'principles',
    'evidence',
    'explain',
    'interview',
    'init',
    'schema',
    'rulebook',
    'rulebook validate',
    'rulebook show',
  ])
    add(`help-${cmd.replace(' ', '-')}`, [...cmd.split(' '), '--help']);
  add('unknown-command', ['asess', 'x.yaml']);
  add('unknown-option', ['assess', '--frmat', 'json', examples[0]]);
  add('unknown-format', ['assess', examples[0], '--format', 'pdf']);
  add('interview-no-terminal', ['interview']);
  add('interview-review-without-from', ['interview', '--review']);
  return runs;
}

// ---------------------------------------------------------------------------------------------------
// Running

function normalise(text, input) {
  return text.split(input).join('<INPUT>').split(ROOT).join('<ROOT>');
}

const timings = [];
function execute(run, input, runsDir, extraEnv) {
  const dir = join(runsDir, run.name);
  const scratch = join(input, '.scratch', run.name);
  mkdirSync(dir, { recursive: true });
  mkdirSync(scratch, { recursive: true });
  for (const [file, text] of Object.entries(run.before ?? {})) writeFileSync(join(input, file), text);
  const env = { ...process.env, GP_CHANGE_TODAY: TODAY, ...(run.env ?? {}) };
  for (const k of ['NO_COLOR', 'FORCE_COLOR', 'COLUMNS', 'GITHUB_STEP_SUMMARY', 'CI', 'GITHUB_ACTIONS', 'GP_CHANGE_YAML_READER'])
    if (!run.env || !(k in run.env)) delete env[k];
  Object.assign(env, extraEnv);
  const summaryFile = join(scratch, 'step-summary.md');
  if (run.summary) env.GITHUB_STEP_SUMMARY = summaryFile;
  const t0 = Date.now();
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...run.args], {
      cwd: run.cwd === 'root' ? ROOT : input,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = [];
    const err = [];
    child.stdout.on('data', (b) => out.push(b));
    child.stderr.on('data', (b) => err.push(b));
    child.on('close', (code, signal) => {
      writeFileSync(join(dir, 'stdout'), normalise(Buffer.concat(out).toString('utf8'), input));
      writeFileSync(join(dir, 'stderr'), normalise(Buffer.concat(err).toString('utf8'), input));
      writeFileSync(join(dir, 'code'), `${code ?? signal}\n`);
      const written = (run.files ?? []).map((f) => [join(input, f), f.replace(/[/\\]/g, '_')]);
      if (run.summary) written.push([summaryFile, 'step-summary.md']);
      for (const [from, name] of written) {
        if (!existsSync(from)) continue;
        mkdirSync(join(dir, 'files'), { recursive: true });
        writeFileSync(join(dir, 'files', name), normalise(readFileSync(from, 'utf8'), input));
        rmSync(from);
      }
      rmSync(scratch, { recursive: true, force: true });
      timings.push([Date.now() - t0, run.name]);
      done();
    });
  });
}

async function snapshot(outdir, only, extraEnv) {
  const rb = JSON.parse(readFileSync(join(ROOT, 'src', 'generated', 'builtin-rulebook.json'), 'utf8'));
  rmSync(outdir, { recursive: true, force: true });
  const input = join(outdir, 'input');
  const runsDir = join(outdir, 'runs');
  mkdirSync(input, { recursive: true });
  cpSync(join(ROOT, 'examples'), join(input, 'examples'), { recursive: true });
  cpSync(join(ROOT, 'tests', 'fixtures'), join(input, 'fixtures'), { recursive: true });
  generateDrafts(rb, 2000, join(input, 'drafts'), 20261123);
  let runs = plan(input, rb);
  if (only.length) runs = runs.filter((r) => only.some((o) => r.name.includes(o)));
  // Runs that write a file in input/ run alone, so no other run lists it as a draft.
  const writers = runs.filter((r) => r.files || r.before || r.alone);
  const rest = runs.filter((r) => !r.files && !r.before && !r.alone).sort((a, b) => Number(!!b.big) - Number(!!a.big));
  const started = Date.now();
  for (const r of writers) await execute(r, input, runsDir, extraEnv);
  const queue = [...rest];
  const jobs = Math.max(1, Number(process.env.SNAPSHOT_JOBS) || availableParallelism());
  await Promise.all(
    Array.from({ length: jobs }, async () => {
      for (let r = queue.shift(); r; r = queue.shift()) await execute(r, input, runsDir, extraEnv);
    }),
  );
  rmSync(join(input, '.scratch'), { recursive: true, force: true });
  if (process.env.SNAPSHOT_TIMES) for (const [ms, name] of timings.sort((a, b) => b[0] - a[0]).slice(0, 40)) console.log(ms, name);
  const bytes = filesUnder(runsDir).reduce((n, f) => n + statSync(join(runsDir, f)).size, 0);
  console.log(
    `snapshot: ${runs.length} runs in ${((Date.now() - started) / 1000).toFixed(1)} s, ${(bytes / 2 ** 20).toFixed(1)} MiB, in ${outdir}`,
  );
}

const args = process.argv.slice(2);
if (args[0] === '--diff') {
  if (args.length !== 3) throw new Error('usage: snapshot.mjs --diff BASE NEW');
  process.exitCode = diffSnapshots(resolve(args[1]), resolve(args[2]));
} else {
  const only = [];
  const env = {};
  const rest = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--only') only.push(args[++i]);
    else if (args[i] === '--env') {
      const [name, ...value] = args[++i].split('=');
      env[name] = value.join('=');
    } else rest.push(args[i]);
  }
  if (rest.length !== 1) throw new Error('usage: snapshot.mjs OUTDIR [--only NAME]... [--env NAME=VALUE]... | --diff BASE NEW');
  await snapshot(resolve(rest[0]), only, env);
}
