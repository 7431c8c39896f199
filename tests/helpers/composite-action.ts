import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

interface Step {
  name?: string;
  id?: string;
  shell?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
  'working-directory'?: string;
}
interface Action {
  inputs?: Record<string, { default?: string }>;
  outputs?: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

export interface StepResult {
  id?: string;
  name: string;
  code: number;
  stdout: string;
  stderr: string;
}
export interface ActionResult {
  /** The first failing step's exit code, or 0. */
  code: number;
  steps: StepResult[];
  outputs: Record<string, string>;
  /** What the steps appended to the job summary. */
  summary: string;
}

/** Reads `name=value` and `name<<DELIMITER` lines, as the runner reads GITHUB_OUTPUT and GITHUB_ENV. */
export function parseCommandFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line) continue;
    const heredoc = /^([^=]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const value: string[] = [];
      while (++i < lines.length && lines[i] !== heredoc[2]) value.push(lines[i]!);
      out[heredoc[1]!] = value.join('\n');
      continue;
    }
    const eq = line.indexOf('=');
    if (eq < 1) throw new Error(`not a name=value line: ${line}`);
    out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

/**
 * Runs a composite action's steps as the GitHub runner does, for the parts action.yml uses: each `run`
 * step in bash (`bash --noprofile --norc -eo pipefail FILE`) with its `env` and `working-directory`, the
 * runner's files (GITHUB_OUTPUT per step, GITHUB_ENV, GITHUB_STEP_SUMMARY) and variables, then the
 * action's outputs from its steps'. An expression it does not know (anything but inputs.*,
 * github.action_path and steps.*.outputs.*) is an error, so the action cannot come to rely on one that
 * this runner would get wrong. `skip` leaves out steps by id (an install already done in the same folder).
 */
export function runCompositeAction(
  actionPath: string,
  given: Record<string, string>,
  options: { workspace: string; env?: NodeJS.ProcessEnv; skip?: string[] },
): ActionResult {
  const action = parse(readFileSync(join(actionPath, 'action.yml'), 'utf8')) as Action;
  if (action.runs.using !== 'composite') throw new Error(`not a composite action: ${action.runs.using}`);
  for (const name of Object.keys(given)) if (!action.inputs?.[name]) throw new Error(`the action has no input ${name}`);
  const inputs = Object.fromEntries(Object.entries(action.inputs ?? {}).map(([k, v]) => [k, given[k] ?? v.default ?? '']));
  const stepOutputs: Record<string, Record<string, string>> = {};
  const expand = (text: string) =>
    text.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_, expr: string) => {
      let m;
      if ((m = /^inputs\.([\w-]+)$/.exec(expr))) {
        if (!(m[1]! in inputs)) throw new Error(`unknown input in \${{ ${expr} }}`);
        return inputs[m[1]!]!;
      }
      if (expr === 'github.action_path') return actionPath;
      if ((m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expr))) return stepOutputs[m[1]!]?.[m[2]!] ?? '';
      throw new Error(`this test runner does not evaluate \${{ ${expr} }}`);
    });

  const runner = mkdtempSync(join(tmpdir(), 'gp-change-runner-'));
  const summaryFile = join(runner, 'step-summary.md');
  const envFile = join(runner, 'env');
  writeFileSync(summaryFile, '');
  writeFileSync(envFile, '');
  const result: ActionResult = { code: 0, steps: [], outputs: {}, summary: '' };
  action.runs.steps.forEach((step, i) => {
    if (result.code !== 0) return; // later steps are skipped once one fails, as on the runner
    if (step.id && options.skip?.includes(step.id)) return;
    if (step.uses || step.shell !== 'bash' || step.run === undefined) throw new Error(`step ${i + 1}: only bash run steps are supported`);
    const outputFile = join(runner, `output-${i}`);
    const script = join(runner, `step-${i}.sh`);
    writeFileSync(outputFile, '');
    writeFileSync(script, expand(step.run));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...options.env,
      ...parseCommandFile(readFileSync(envFile, 'utf8')),
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: options.workspace,
      GITHUB_ACTION_PATH: actionPath,
      GITHUB_OUTPUT: outputFile,
      GITHUB_ENV: envFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      RUNNER_TEMP: runner,
      RUNNER_OS: 'Linux',
    };
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = expand(String(v));
    const cwd = resolve(options.workspace, expand(step['working-directory'] ?? '.'));
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd, env, encoding: 'utf8', input: '' });
    const code = r.status ?? -1;
    result.steps.push({ id: step.id, name: step.name ?? `step ${i + 1}`, code, stdout: r.stdout, stderr: r.stderr });
    if (step.id) stepOutputs[step.id] = parseCommandFile(readFileSync(outputFile, 'utf8'));
    if (code !== 0) result.code = code;
  });
  for (const [name, o] of Object.entries(action.outputs ?? {})) result.outputs[name] = expand(o.value);
  result.summary = readFileSync(summaryFile, 'utf8');
  return result;
}

/** A step's result by its id. */
export function stepOf(result: ActionResult, id: string): StepResult {
  const step = result.steps.find((s) => s.id === id);
  if (!step)
    throw new Error(`step ${id} did not run: ${result.steps.map((s) => `${s.name} (${s.code}) ${s.stdout}${s.stderr}`).join('\n')}`);
  return step;
}
