// The GitHub Action's check step (action.yml): runs gp-change on the given drafts, sets the step's
// outputs and exits with gp-change's exit code, which is the gate. The `github` format prints the
// annotations and appends the reports to the job summary; a JSON run beside it gives the counts for
// the outputs, and a SARIF run writes the file `sarif` names, for a later upload step. The action
// uploads nothing itself. Inputs come in as INPUT_* environment variables (action.yml maps them), never
// pasted into a script, so no draft name or input can run as a command.
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const NODE_MIN = [20, 19];
const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'gp-change.cjs');

function error(message) {
  // A workflow command: shown as an error on the run's summary page.
  process.stdout.write(`::error title=gp-change::${message.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}\n`);
  process.exit(2);
}

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < NODE_MIN[0] || (major === NODE_MIN[0] && minor < NODE_MIN[1])) {
  error(
    `gp-change needs Node.js ${NODE_MIN.join('.')} or later (22 or 24 recommended), found ${process.versions.node}: add actions/setup-node before this step`,
  );
}
if (process.argv[2] === '--check-node') process.exit(0);

const input = (name, fallback = '') => (process.env[`INPUT_${name.toUpperCase().replace(/-/g, '_')}`] ?? fallback).trim();
const words = (text) => text.split(/\s+/).filter(Boolean);
const yes = (name) => {
  const v = input(name, 'false').toLowerCase();
  if (v !== 'true' && v !== 'false') error(`input ${name} must be true or false, not "${v}"`);
  return v === 'true';
};

const drafts = words(input('drafts'));
if (!drafts.length) error('input drafts is empty: give files, folders or globs, e.g. drafts/**/*.{yaml,yml}');
const extra = words(input('args'));
const owned = extra.find((a) => /^(-f|--format|-o|--output)(=|$)/.test(a));
if (owned) error(`input args must not set ${owned}: the action chooses the formats (use the sarif input for a SARIF file)`);

const options = [...drafts, '--fail-on', input('fail-on', 'high'), '--min-score', input('min-score', '0')];
if (input('rulebook')) options.push('--rulebook', input('rulebook'));
if (yes('strict-acknowledgements')) options.push('--strict-acknowledgements');
options.push(...extra);

const gp = (args, stdio) => spawnSync(process.execPath, [bin, 'assess', ...options, ...args], { stdio, env: process.env });

const work = mkdtempSync(join(process.env.RUNNER_TEMP || tmpdir(), 'gp-change-'));
let summary;
try {
  const jsonFile = join(work, 'assessment.json');
  // Problems are printed once, by the `github` run below.
  gp(['--format', 'json', '--output', jsonFile], ['ignore', 'ignore', 'ignore']);
  try {
    summary = JSON.parse(readFileSync(jsonFile, 'utf8'));
  } catch {
    summary = undefined; // a usage error: the github run says what it was
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const sarif = input('sarif');
if (sarif) {
  const r = gp(['--format', 'sarif', '--output', sarif, '--force'], ['ignore', 'ignore', 'inherit']);
  if (r.status === 2 && !summary) error(`could not write ${sarif}`);
}

const gate = gp([...(yes('quiet') ? ['--quiet'] : []), '--format', 'github'], 'inherit');
const code = gate.status ?? 2;

const outputs = { 'exit-code': String(code) };
if (summary) {
  const s = summary.summary;
  const failing = [...new Set([...s.belowTheBar.map((b) => b.file), ...summary.errors.map((e) => e.file)])];
  Object.assign(outputs, {
    checked: s.drafts,
    ready: s.verdicts.ready,
    revise: s.verdicts.revise,
    rethink: s.verdicts.rethink,
    invalid: s.invalid,
    high: s.risks.high,
    medium: s.risks.medium,
    low: s.risks.low,
    accepted: s.risks.accepted,
    failing: failing.length,
    'failing-drafts': JSON.stringify(failing),
  });
}
const lines = Object.entries(outputs).map(([k, v]) => `${k}=${v}\n`);
if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, lines.join(''));
else process.stdout.write(lines.join(''));
process.exit(code);
