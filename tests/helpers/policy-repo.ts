import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT } from './root.js';
import { git } from './scratch-release.js';

/**
 * A policy team's repository as docs/ci.md sets one up: drafts in nested folders under drafts/, with
 * both `.yaml` and `.yml` names, and a local rulebook kept outside drafts/. The first commit (the
 * "green" pull request) holds drafts that pass `--fail-on high`: one on the local rulebook, one with an
 * accepted risk and a lapsed acknowledgement. `addRedDrafts` adds the "red" pull request: two drafts with
 * high risks and one broken draft, ten drafts in all.
 */
export const GREEN_DRAFTS: Record<string, string> = {
  'drafts/pcn/frailty-clinic.yaml': 'examples/pcn-new-service.yaml',
  'drafts/pcn/same-day-hub-ics.yml': 'examples/same-day-hub-ics.yaml',
  'drafts/practice/led-improvement.yml': 'examples/practice-led-improvement.yaml',
  'drafts/practice/half-answered.yaml': 'examples/half-answered.yaml',
  'drafts/ics/extended-hours.yaml': 'tests/fixtures/ci/acknowledged.yaml',
  'drafts/pcn/local-measures/frailty-local.yaml': 'examples/pcn-new-service.yaml',
  'drafts/practice/ready.yml': 'tests/fixtures/cli/ready.yaml',
};

export const RED_DRAFTS: Record<string, string> = {
  'drafts/national/access-target.yaml': 'examples/access-target.yaml',
  'drafts/ics/vetting.yml': 'examples/ics-vetting.yaml',
  'drafts/broken.yaml': 'tests/fixtures/cli/invalid-option.yaml',
};

/** The draft that names the local rulebook, and the rulebook's path in the repository. */
export const LOCAL_RULEBOOK_DRAFT = 'drafts/pcn/local-measures/frailty-local.yaml';
export const LOCAL_RULEBOOK = 'rulebooks/pcn-local-measures.yaml';

function copyInto(repo: string, files: Record<string, string>): void {
  for (const [to, from] of Object.entries(files)) {
    mkdirSync(dirname(join(repo, to)), { recursive: true });
    let text = readFileSync(join(ROOT, from), 'utf8');
    if (to === LOCAL_RULEBOOK_DRAFT) {
      // Relative to the draft, as docs/rulebooks.md says.
      text = text.replace(/^gpChange: 1$/m, 'gpChange: 1\nrulebook: ../../../rulebooks/pcn-local-measures.yaml');
      text = text.replace(/^id: .*$/m, 'id: frailty-local');
    }
    writeFileSync(join(repo, to), text);
  }
}

/** A new git repository at `repo` with the green drafts committed on `main`. */
export function makePolicyRepo(repo: string, extraFiles: Record<string, string> = {}): void {
  mkdirSync(repo, { recursive: true });
  git(repo, ['init', '-q']);
  copyInto(repo, GREEN_DRAFTS);
  mkdirSync(join(repo, 'rulebooks'), { recursive: true });
  cpSync(join(ROOT, 'examples/rulebooks/pcn-local-measures.yaml'), join(repo, LOCAL_RULEBOOK));
  for (const [f, text] of Object.entries(extraFiles)) {
    mkdirSync(dirname(join(repo, f)), { recursive: true });
    writeFileSync(join(repo, f), text);
  }
  git(repo, ['add', '-A']);
  git(repo, ['commit', '-q', '-m', 'green: drafts that pass']);
}

/** Adds the red pull request's drafts (staged, not committed). */
export function addRedDrafts(repo: string): void {
  copyInto(repo, RED_DRAFTS);
  git(repo, ['add', '-A']);
}
