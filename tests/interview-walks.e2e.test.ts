/**
 * How long the interview takes, measured as a person would walk it in an 80x24 terminal: a practice
 * manager planning a care-navigator role, and an ICB commissioner vetting a paid same-day hub. Each walk
 * counts the screens answered and the keys pressed (Enter alone where the cursor already sits on the
 * answer), and fails if either grows past the numbers docs/interview.md reports.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UNKNOWN } from '../src/draft/schema.js';
import { loadDraft } from '../src/draft/load.js';
import { startState } from '../src/interview/state.js';
import type { AnswerValue } from '../src/interview/steps.js';
import { rb, validate } from './helpers/rulebook.js';
import { HAS_TMUX, Terminal, drive, type Script } from './helpers/pty.js';

const SIZE = { width: 80, height: 24 };

/** The most each walk may take; docs/interview.md has the history. */
const LIMITS = {
  practice: { screens: 50, keys: 81 },
  ics: { screens: 58, keys: 97 },
};

interface Persona {
  role: string;
  title: string;
  summary: string;
  scope: string;
  lists: Record<string, Record<string, AnswerValue>[]>;
}

const CARE_NAVIGATOR: Persona = {
  role: 'practice',
  title: 'Care navigator at reception',
  summary: 'Reception staff trained to point patients to the right service first time',
  scope: 'practice',
  lists: { incentives: [{ name: 'ARRS funding for the role', kind: 'capacity-funding' }] },
};

const SAME_DAY_HUB: Persona = {
  role: 'ics',
  title: 'Paid same-day access hub',
  summary: 'A hub in each place answers same-day requests, paid per appointment',
  scope: 'place',
  lists: {
    targets: [
      {
        name: '95% of same-day requests seen by 6pm',
        setBy: 'ics',
        measures: 'activity',
        incentive: 'payment',
        sideEffectsMonitored: 'no',
        neglectRisksConsidered: ['continuity of care', 'routine reviews'],
      },
    ],
    incentives: [{ name: 'Hub payment per appointment', kind: 'new-service', deprivationAdjusted: 'no' }],
  },
};

/** The persona's answers: its own words and lists, and for each question its second option (a middling answer). */
function script(p: Persona): Script {
  return (step, state) => {
    switch (step.kind) {
      case 'choose-role':
        return p.role;
      case 'text':
        return step.field === 'title' ? p.title : p.summary;
      case 'choose-scope':
        return p.scope;
      case 'principle-intro':
        return true;
      case 'list-add':
        return (state.draft.lists[step.list]?.length ?? 0) < (p.lists[step.list]?.length ?? 0);
      case 'list-field': {
        const value = p.lists[step.list]![step.index]![step.field];
        return value ?? UNKNOWN;
      }
      case 'question':
        return step.options[1]!.value;
      case 'skill':
        return step.options[0]!.value;
    }
  };
}

async function walk(p: Persona): Promise<{ screens: number; keys: number; chars: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'gp-change-walk-'));
  const term = new Terminal(dir, [], {}, undefined, SIZE);
  try {
    await drive(term, startState(rb), script(p));
    await term.waitForPrompt('Save your answers to a file?');
    term.sent.screens++;
    term.keys('Enter');
    expect(await term.exitCode()).toBe(0);
    // the interview names the draft after its title
    const file = `${p.title.toLowerCase().replace(/\W+/g, '-')}.yaml`;
    const draft = loadDraft(readFileSync(join(dir, file), 'utf8'), file, validate).draft;
    expect(draft.assessor?.role).toBe(p.role);
    expect(draft.scope).toBe(p.scope);
    return { ...term.sent };
  } finally {
    term.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const WALKS = [
  { name: 'practice', who: 'a practice manager planning a care-navigator role', persona: CARE_NAVIGATOR },
  { name: 'ics', who: 'an ICB commissioner vetting a paid same-day hub', persona: SAME_DAY_HUB },
] as const;

describe.skipIf(!HAS_TMUX)('how long a walk takes (tmux, 80x24)', () => {
  it.each(WALKS)(
    '$who',
    async ({ name, persona }) => {
      const n = await walk(persona);
      console.log(`${name} walk: ${n.screens} screens, ${n.keys} key presses, ${n.chars} characters typed`);
      expect(n.screens).toBeLessThanOrEqual(LIMITS[name].screens);
      expect(n.keys).toBeLessThanOrEqual(LIMITS[name].keys);
    },
    120_000,
  );
});
