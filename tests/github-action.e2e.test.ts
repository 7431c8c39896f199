/**
 * The GitHub Action (action.yml) as a workflow uses it at a release tag: its steps run as the runner runs
 * them (tests/helpers/composite-action.ts), installing gp-change from the action's own checkout, on a
 * policy repository's green and red pull requests. The outputs are checked against what gp-change itself
 * says of the same drafts, the annotations and job summary against the drafts, the SARIF file against
 * the official schema.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCompositeAction, stepOf, type ActionResult } from './helpers/composite-action.js';
import { addRedDrafts, GREEN_DRAFTS, LOCAL_RULEBOOK_DRAFT, makePolicyRepo, RED_DRAFTS } from './helpers/policy-repo.js';
import { git, scratchRelease, sh, type ScratchRelease } from './helpers/scratch-release.js';
import { expectValidSarif } from './helpers/sarif.js';

let release: ScratchRelease;
let actionPath: string;
let green: ActionResult;
let greenWorkspace: string;

const env = { GP_CHANGE_TODAY: '2026-11-23', NO_COLOR: '1' };

beforeAll(() => {
  release = scratchRelease();
  // What `uses: gp-change/gp-change@vX.Y.Z` checks out: the tag, with no node_modules and no build.
  actionPath = join(mkdtempSync(join(tmpdir(), 'gp-change-action-')), 'gp-change');
  git(tmpdir(), ['clone', '-q', '--branch', release.tag, release.repo, actionPath]);
  // The whole action, install included, on the green pull request.
  greenWorkspace = mkdtempSync(join(tmpdir(), 'gp-change-ws-'));
  makePolicyRepo(greenWorkspace);
  green = runCompositeAction(actionPath, {}, { workspace: greenWorkspace, env });
}, 180_000);

/** Later runs use the install the first one made in the same checkout, as later jobs would have their own. */
const checkOnly = (inputs: Record<string, string>, workspace: string) =>
  runCompositeAction(actionPath, inputs, { workspace, env, skip: ['install'] });

/** What gp-change says of the same drafts, run directly: the outputs must agree with it. */
function direct(workspace: string, args: string[] = []) {
  const r = sh(
    process.execPath,
    [join(actionPath, 'bin', 'gp-change.cjs'), 'assess', 'drafts/**/*.{yaml,yml}', '--format', 'json', ...args],
    {
      cwd: workspace,
      env,
    },
  );
  return { code: r.code, json: JSON.parse(r.stdout) as { summary: Record<string, unknown> & { verdicts: Record<string, number> } } };
}

describe('the GitHub Action', () => {
  it('installs gp-change from its own checkout, without development dependencies, at a release tag', () => {
    expect(stepOf(green, 'install').code, stepOf(green, 'install').stderr).toBe(0);
    expect(stepOf(green, 'install').stdout).toContain(`gp-change ${release.version} on Node.js ${process.version}`);
    expect(stepOf(green, 'install').stdout).not.toContain('not a release tag');
    expect(existsSync(join(actionPath, 'node_modules', 'commander'))).toBe(true);
    expect(existsSync(join(actionPath, 'node_modules', 'esbuild'))).toBe(false);
  });

  it('passes a green pull request: outputs, and the job summary with every draft', () => {
    const r = green;
    const d = direct(greenWorkspace);
    expect(r.code, r.steps.map((s) => s.stdout + s.stderr).join('\n')).toBe(0);
    expect(r.outputs).toMatchObject({
      'exit-code': '0',
      checked: String(Object.keys(GREEN_DRAFTS).length),
      ready: String(d.json.summary.verdicts.ready),
      revise: String(d.json.summary.verdicts.revise),
      rethink: String(d.json.summary.verdicts.rethink),
      invalid: '0',
      failing: '0',
      'failing-drafts': '[]',
    });
    for (const f of Object.keys(GREEN_DRAFTS)) expect(r.summary).toContain(f);
    expect(r.summary).toMatch(/7 drafts checked/);
    // The accepted risk is a notice that says so; the lapsed acknowledgement a warning on its line.
    expect(stepOf(r, 'check').stdout).toMatch(/^::notice file=drafts\/ics\/extended-hours\.yaml,.*::accepted: /m);
    expect(stepOf(r, 'check').stdout).toMatch(/^::warning file=drafts\/ics\/extended-hours\.yaml,/m);
  });

  it('fails a red pull request, naming the drafts that fall short, and writes SARIF for an upload step', () => {
    const workspace = mkdtempSync(join(tmpdir(), 'gp-change-ws-'));
    makePolicyRepo(workspace);
    addRedDrafts(workspace);
    const r = checkOnly({ sarif: 'gp-change.sarif', 'strict-acknowledgements': 'true' }, workspace);
    const d = direct(workspace, ['--strict-acknowledgements']);
    expect(d.code).toBe(2); // the broken draft
    expect(r.code).toBe(2);
    expect(r.outputs['exit-code']).toBe('2');
    expect(r.outputs.checked).toBe(String(Object.keys({ ...GREEN_DRAFTS, ...RED_DRAFTS }).length - 1));
    expect(r.outputs.invalid).toBe('1');
    expect(Number(r.outputs.high)).toBeGreaterThan(0);
    const failing = JSON.parse(r.outputs['failing-drafts']!) as string[];
    expect(failing).toEqual(
      expect.arrayContaining([
        'drafts/national/access-target.yaml',
        'drafts/ics/vetting.yml',
        'drafts/broken.yaml',
        'drafts/ics/extended-hours.yaml',
      ]),
    );
    expect(failing).not.toContain(LOCAL_RULEBOOK_DRAFT);
    expect(r.outputs.failing).toBe(String(failing.length));
    expect(stepOf(r, 'check').stdout).toMatch(/^::error file=drafts\/broken\.yaml,line=5,/m);
    expect(stepOf(r, 'check').stdout).toMatch(/^::error file=drafts\/national\/access-target\.yaml,line=\d+/m);
    expect(r.summary).toContain('Drafts that could not be checked');
    expect(existsSync(join(workspace, 'gp-change.sarif'))).toBe(true);
    // Against the official schema (from ../shared, which CI always has).
    expectValidSarif(readFileSync(join(workspace, 'gp-change.sarif'), 'utf8'), "the action's SARIF");
  });

  it('takes its inputs as data: a draft name or input that looks like a command stays a name', () => {
    const workspace = mkdtempSync(join(tmpdir(), 'gp-change-ws-'));
    makePolicyRepo(workspace);
    const r = checkOnly({ drafts: 'drafts/pcn/frailty-clinic.yaml $(touch pwned) `touch pwned2`', args: '--role practice' }, workspace);
    expect(existsSync(join(workspace, 'pwned'))).toBe(false);
    expect(existsSync(join(workspace, 'pwned2'))).toBe(false);
    expect(r.outputs['exit-code']).toBe('2'); // two arguments that match no file
    expect(r.outputs.checked).toBe('1');
    const bad = checkOnly({ args: '--format sarif' }, workspace);
    expect(bad.code).toBe(2);
    expect(stepOf(bad, 'check').stdout).toMatch(/^::error title=gp-change::input args must not set --format/m);
  });
});
