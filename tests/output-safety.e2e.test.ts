/**
 * Output safety (PRODUCT section 11): one hostile draft, with an attack in every free-text field and in
 * its file name, goes through every format of assess, compare and diff, and a hostile local rulebook
 * through explain, principles, evidence and rulebook show. The terminal must get no control sequence
 * but the program's own colour; markdown, HTML, JUnit XML, SARIF and GitHub annotations must keep the
 * user's text as text: each is checked against the same draft written in plain words, whose document
 * structure it must match exactly.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { XMLValidator } from 'fast-xml-parser';
import { marked } from 'marked';
import { Chalk } from 'chalk';
import { jsonSafe } from '../src/render/sanitize.js';
import { walk, type PromptKit, type Screen, type SelectChoice } from '../src/interview/adapter.js';
import { startState } from '../src/interview/state.js';
import { loadDraft } from '../src/draft/load.js';
import { assess } from '../src/engine/assess.js';
import { renderText } from '../src/render/text.js';
import { BIN, run } from './helpers/cli.js';
import { rulebookAt } from '../src/commands/rulebooks.js';
import { plan, rb } from './helpers/rulebook.js';

const ESC = '\u001b';
/** One of each thing a terminal, a document or a CI runner could act on. */
const ATTACKS = [
  `${ESC}[6;7;8m`, // SGR: blink, reverse, conceal (no colour of ours uses these)
  `${ESC}[2J${ESC}[H`, // clear the screen
  `${ESC}]8;;https://evil.example/${ESC}\\click here${ESC}]8;;${ESC}\\`, // OSC 8 hyperlink
  `${ESC}]52;c;cm0gLXJmIH4=\u0007`, // OSC 52: write the clipboard
  `${ESC}]0;pwned-title\u0007`, // OSC 0: the window title
  '\u009b6;7;8m', // C1 CSI (U+009B)
  '\u202egnp.exe', // right-to-left override
  'bell\u0007 back\bspace carriage\rreturn',
  '<script>alert(1)</script><img src=x onerror=alert(1)>',
  '**bold** _em_ [link](javascript:alert(1)) ~~strike~~ | cell `code` $x$',
  ']]> &amp; "double" \'single\'',
  '%0A::error::injected\n::warning file=x.yaml::injected too',
];
const hostile = (lead: string) => `${lead} ${ATTACKS.join(' ')}`;
const benign = (lead: string) => `${lead.replace(/[^a-z ]/g, '')} plain words`;
/** A file name holding escapes, markup and a bidi override. */
const HOSTILE_NAME = `draft-${ESC}]0;t\u0007${ESC}[2J\u202e<b>|"x.yaml`;

type Text = (lead: string) => string;

/** A draft with `text` in every free-text field; `role` and `answers` vary between respondents. */
function draft(text: Text, role: 'ics' | 'practice', answers: Record<string, string>): string {
  const d = {
    gpChange: 1,
    id: 'same-change',
    title: text('=title'),
    summary: text('# summary'),
    assessor: { role, name: text('+assessor') },
    scope: 'national',
    answers,
    targets: [
      {
        name: text('-target'),
        setBy: 'national',
        measures: 'activity',
        incentive: 'payment',
        sideEffectsMonitored: 'no',
        neglectRisksConsidered: [text('@neglected')],
      },
    ],
    incentives: [{ name: text('@incentive'), kind: 'pay-for-performance', deprivationAdjusted: 'no' }],
    acknowledged: [
      { risk: 'target-displacement', reason: text('reason'), by: text('=board'), until: '2027-03-31' },
      { risk: 'too-many-targets', reason: text('stale reason'), by: text('by') },
    ],
    notes: text('notes'),
  };
  // YAML 1.2 reads JSON; jsonSafe writes C1 and bidi characters as \u escapes, which YAML reads too.
  return jsonSafe(JSON.stringify(d, null, 2));
}

const ICS = {
  origin: 'ics',
  'staff-involvement': 'co-designed',
  'staff-understanding': 'yes',
  'local-knowledge': 'yes',
  'safe-to-test': 'yes',
};
const PRACTICE = { origin: 'ics', 'staff-involvement': 'none', 'staff-understanding': 'no', 'local-knowledge': 'no', 'safe-to-test': 'no' };

// ---------------------------------------------------------------------------------------------------
// What "safe" means, per output

/** C0 controls but tab and newline, DEL, C1 controls, bidi controls. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

function expectPlain(out: string, what: string): void {
  const at = out.search(CONTROL);
  expect(
    at,
    `${what}: control character U+${out.codePointAt(at)?.toString(16).padStart(4, '0')} near ${JSON.stringify(out.slice(Math.max(0, at - 40), at + 20))}`,
  ).toBe(-1);
}

/** Terminal output: only the program's own colour (SGR sequences) may remain; the attacks' payloads are gone. */
function expectTerminalSafe(out: string, what: string, colour = false): void {
  const ours = /\u001b\[[0-9;]*m/g;
  if (colour) expect(out, `${what}: the program's colour is kept`).toMatch(ours);
  expectPlain(out.replace(ours, ''), what);
  for (const gone of ['6;7;8m', 'cm0gLXJmIH4=', 'pwned-title', 'evil.example']) expect(out, `${what}: ${gone}`).not.toContain(gone);
}

/** The element names of an HTML or XML document, in order: the structure text must never add to. */
function tags(markup: string): string[] {
  return [...markup.matchAll(/<\/?([a-zA-Z][\w:-]*)/g)].map((m) => m[0]);
}

function markdownTags(md: string): string[] {
  return tags(marked.parse(md, { async: false, gfm: true }) as string);
}

/** RFC 4180 fields, row by row. */
function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') field += text[++i];
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------------

const dir = mkdtempSync(join(tmpdir(), 'gp-change-safety-'));
const files = {
  hostile: join(dir, HOSTILE_NAME),
  hostileIcs: join(dir, 'hostile-ics.yaml'),
  benign: join(dir, 'benign.yaml'),
  hostilePractice: join(dir, 'hostile-practice.yaml'),
  benignPractice: join(dir, 'benign-practice.yaml'),
  rulebook: join(dir, 'hostile.rulebook.yaml'),
};

/** A local rulebook with an attack in each of its free-text fields. */
function hostileRulebook(): string {
  const rbText = {
    id: 'hostile-pcn',
    version: '1.0.0',
    title: hostile('Rulebook title'),
    description: hostile('description'),
    extends: 'builtin',
    principles: {
      'soft-stuff': {
        questions: [
          {
            id: 'huddle-time',
            prompt: hostile('Prompt?'),
            help: hostile('help'),
            weight: 2,
            options: [
              { id: 'weekly', label: hostile('Weekly'), help: hostile('option help'), score: 100 },
              { id: 'none', label: hostile('None'), score: 0 },
            ],
          },
        ],
        risks: [
          {
            id: 'no-huddle-time',
            title: hostile('Risk title'),
            severity: 'medium',
            escalate: [{ to: 'high', when: { in: [{ var: 'scope' }, ['system', 'place']] }, why: hostile('why') }],
            severityReason: hostile('severity reason'), // high on no graded claim needs a recorded reason
            when: { '==': [{ var: 'answers.huddle-time' }, 'none'] },
            explanation: hostile('explanation'),
            evidence: ['kingsfund-2022-guide', 'hostile-ref'],
            advice: { practice: hostile('practice advice'), ics: hostile('ics advice') },
          },
        ],
      },
    },
    references: [
      {
        id: 'hostile-ref',
        type: 'report',
        title: hostile('Reference title'),
        author: [{ literal: hostile('Author') }],
        issued: { 'date-parts': [[2026, 9]] },
        publisher: hostile('Publisher'),
        note: hostile('note'),
      },
    ],
  };
  return jsonSafe(JSON.stringify(rbText, null, 2));
}

beforeAll(() => {
  writeFileSync(files.hostile, draft(hostile, 'ics', ICS));
  writeFileSync(files.hostileIcs, draft(hostile, 'ics', ICS));
  writeFileSync(files.benign, draft(benign, 'ics', ICS));
  writeFileSync(files.hostilePractice, draft(hostile, 'practice', PRACTICE));
  writeFileSync(files.benignPractice, draft(benign, 'practice', PRACTICE));
  writeFileSync(files.rulebook, hostileRulebook());
});

const cli = (args: string[], env: Record<string, string> = {}) => run(args, { cwd: dir, env });

// Each test starts several real processes: on a busy 2-core machine that can take more than the default 20 s.
describe('assess: a hostile draft in every format', { timeout: 120_000 }, () => {
  const both = (format: string) => {
    const h = cli(['assess', files.hostile, '--format', format]);
    const b = cli(['assess', files.benign, '--format', format]);
    expect(h.code, h.stderr).not.toBe(2); // assessed, not refused
    expect(h.code).toBe(b.code);
    expectPlain(h.stderr, `${format} stderr`);
    return { h: h.stdout, b: b.stdout };
  };

  it('text: no control sequence reaches the terminal, with colour off and forced on', () => {
    const { h } = both('text');
    expectTerminalSafe(h, 'text');
    expect(h).toContain('click here'); // the link's words stay, its target and escapes go
    const coloured = cli(['assess', files.hostile], { FORCE_COLOR: '1' });
    expectTerminalSafe(coloured.stdout, 'text, FORCE_COLOR=1', true);
  });

  it('markdown: the text stays text (same structure as the plain draft)', () => {
    const { h, b } = both('markdown');
    expectPlain(h, 'markdown');
    expect(markdownTags(h)).toEqual(markdownTags(b));
  });

  it('html: every user string escaped (same elements as the plain draft)', () => {
    const { h, b } = both('html');
    expectPlain(h, 'html');
    expect(tags(h)).toEqual(tags(b));
    expect(h).not.toMatch(/<script|<img/i);
  });

  it('junit: well-formed XML with the same elements as the plain draft', () => {
    const { h, b } = both('junit');
    expectPlain(h, 'junit');
    expect(XMLValidator.validate(h)).toBe(true);
    expect(tags(h)).toEqual(tags(b));
  });

  it('sarif: valid JSON, messages plain with literal brackets escaped, nothing a terminal acts on', () => {
    const { h } = both('sarif');
    expectPlain(h, 'sarif'); // C1 and bidi characters are \u escapes in the JSON text
    const log = JSON.parse(h) as {
      runs: { results: { message: { text: string } }[]; invocations: { toolExecutionNotifications?: { message: { text: string } }[] }[] }[];
    };
    const messages = [...log.runs[0]!.results, ...(log.runs[0]!.invocations[0]!.toolExecutionNotifications ?? [])].map(
      (r) => r.message.text,
    );
    expect(messages.length).toBeGreaterThan(3);
    for (const m of messages) {
      expectPlain(m, 'sarif message');
      expect(m, 'an unescaped bracket would start an embedded link').not.toMatch(/(?<!\\)[[\]]/);
    }
  });

  it('github: one workflow command per line, no command injected, % and newlines escaped', () => {
    const { h, b } = both('github');
    expectPlain(h, 'github');
    const commands = (s: string) =>
      s
        .split('\n')
        .filter(Boolean)
        .map((l) => /^::(\w+)/.exec(l)?.[1] ?? 'summary line');
    expect(commands(h)).toEqual(commands(b));
    expect(h).toContain('%250A::error::injected ::warning'); // the user's "%0A" stays literal; a title is one line
  });

  it('json: the text is kept exactly, and the JSON text holds nothing a terminal acts on', () => {
    const { h } = both('json');
    expectPlain(h, 'json');
    const doc = JSON.parse(h) as { assessments: { title: string }[] };
    expect(doc.assessments[0]!.title).toBe(hostile('=title'));
  });

  it('a hostile file name is shown clean in errors too', () => {
    const bad = join(dir, `bad-${ESC}]0;x\u0007${ESC}[31m.yaml`);
    writeFileSync(bad, 'gpChange: 1\ntitle: [unclosed\n');
    const r = cli(['assess', bad]);
    expect(r.code).toBe(2);
    expectPlain(r.stderr, 'stderr');
    expect(r.stderr).toContain('bad-');
  });
});

describe('compare and diff', { timeout: 120_000 }, () => {
  // The hostile file name goes through everything except compare's text table, where it is a known defect (below).
  const pair = (hostileFirst: boolean) => (hostileFirst ? [files.hostileIcs, files.hostilePractice] : [files.benign, files.benignPractice]);

  it('compare: text is terminal-safe; markdown and html keep the structure of the plain pair', () => {
    const text = cli(['compare', ...pair(true)], { FORCE_COLOR: '1' });
    expect(text.stdout).toContain('perception-gap'); // the pair is grouped, so the gap and titles are shown
    expectTerminalSafe(text.stdout, 'compare text', true);
    for (const format of ['markdown', 'html']) {
      const h = cli(['compare', ...pair(true), '--format', format]).stdout;
      const b = cli(['compare', ...pair(false), '--format', format]).stdout;
      expectPlain(h, `compare ${format}`);
      expect(format === 'html' ? tags(h) : markdownTags(h), format).toEqual(format === 'html' ? tags(b) : markdownTags(b));
    }
  });

  it('compare text shows a hostile file name clean', () => {
    const text = cli(['compare', files.hostile, files.hostilePractice]);
    expectTerminalSafe(text.stdout, 'compare text, hostile file name');
  });

  // In a GitHub table a "|" ends the cell even inside a code span: file names must not break the table.
  it('compare markdown keeps its table with a "|" in a file name', () => {
    const h = cli(['compare', files.hostile, files.hostilePractice, '--format', 'markdown']).stdout;
    const b = cli(['compare', files.benign, files.benignPractice, '--format', 'markdown']).stdout;
    expect(markdownTags(h)).toEqual(markdownTags(b));
  });

  it('compare --format csv: no field a spreadsheet would run as a formula, no control characters', () => {
    const r = cli(['compare', files.hostile, files.hostilePractice, '--format', 'csv']);
    expectPlain(r.stdout.replace(/\r\n/g, '\n'), 'csv');
    const rows = csvRows(r.stdout);
    // One row per draft and principle, after the header.
    expect(rows).toHaveLength(1 + 2 * rb.principles.length);
    for (const field of rows.flat()) expect(field, field).not.toMatch(/^[=+\-@\t\r]/);
    expect(
      rows[1]!.some((f) => f.startsWith("'=title")),
      'the title is kept, marked as text',
    ).toBe(true);
  });

  it('diff: text is terminal-safe, markdown keeps the structure of the plain pair', () => {
    const text = cli(['diff', files.hostile, files.hostilePractice], { FORCE_COLOR: '1' });
    expect(text.code, text.stderr).toBe(0);
    expectTerminalSafe(text.stdout, 'diff text', true);
    expectPlain(text.stderr, 'diff stderr');
    const h = cli(['diff', files.hostile, files.hostilePractice, '--format', 'markdown']).stdout;
    const b = cli(['diff', files.benign, files.benignPractice, '--format', 'markdown']).stdout;
    expectPlain(h, 'diff markdown');
    expect(markdownTags(h)).toEqual(markdownTags(b));
  });
});

describe('a hostile local rulebook', { timeout: 120_000 }, () => {
  it('explain, principles, evidence, rulebook show/validate and schema print nothing a terminal acts on', () => {
    const runs = [
      ['explain', 'no-huddle-time', '--rulebook', files.rulebook],
      ['principles', 'soft-stuff', '--rulebook', files.rulebook],
      ['evidence', 'hostile-ref', '--rulebook', files.rulebook],
      ['evidence', '--rulebook', files.rulebook],
      ['evidence', 'hostile-ref', '--rulebook', files.rulebook, '--format', 'bibtex'],
      ['evidence', 'hostile-ref', '--rulebook', files.rulebook, '--format', 'ris'],
      ['evidence', 'hostile-ref', '--rulebook', files.rulebook, '--format', 'csl-json'],
      ['evidence', 'hostile-ref', '--rulebook', files.rulebook, '--format', 'csl-yaml'],
      ['rulebook', 'validate', files.rulebook],
    ];
    for (const args of runs) {
      const r = cli(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      expectTerminalSafe(r.stdout.replace(/\r\n/g, '\n'), args.slice(0, 2).join(' '));
    }
    // These print the rulebook as data, so its text is kept, as escapes a terminal shows and does not act on.
    for (const args of [
      ['rulebook', 'show', files.rulebook],
      ['schema', 'proposal', '--rulebook', files.rulebook],
    ]) {
      const r = cli(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      expectPlain(r.stdout, args.slice(0, 2).join(' '));
      expect(r.stdout).toContain('Prompt?');
    }
  });

  it("its text in a report is escaped like a draft's", () => {
    const d = join(dir, 'uses-rulebook.yaml');
    writeFileSync(
      d,
      `gpChange: 1\nrulebook: hostile.rulebook.yaml\ntitle: Uses the local rulebook\nassessor: { role: practice }\nanswers:\n  huddle-time: none\n`,
    );
    for (const format of ['text', 'markdown', 'html', 'junit', 'sarif', 'github']) {
      const r = cli(['assess', d, '--format', format]);
      expect(r.stdout).toContain('no-huddle-time');
      expectTerminalSafe(r.stdout, `local rulebook, ${format}`);
      if (format === 'html') expect(r.stdout).not.toMatch(/<script|<img/);
    }
  });
});

// ---------------------------------------------------------------------------------------------------
// Through a real terminal: `script` gives the program a pseudo-terminal and hands back its raw bytes.

const HAS_SCRIPT = spawnSync('script', ['--version']).status === 0;

function inTerminal(args: string[]): string {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const cmd = [process.execPath, BIN, ...args].map(quote).join(' ');
  // CI=true as on most CI hosts: libraries that guess colour for themselves turn it off there.
  const env: Record<string, string | undefined> = { ...process.env, GP_CHANGE_TODAY: '2026-11-23', TERM: 'xterm-256color', CI: 'true' };
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  const r = spawnSync('script', ['-qec', cmd, '/dev/null'], { cwd: dir, encoding: 'utf8', env });
  return r.stdout.replace(/\r\n/g, '\n'); // the terminal's own line ends
}

describe.skipIf(!HAS_SCRIPT)('in a real terminal', { timeout: 120_000 }, () => {
  it('assess, explain and principles keep their colour and drop the hostile sequences', () => {
    const report = inTerminal(['assess', files.hostile]);
    expect(report).toContain('Verdict:');
    expectTerminalSafe(report, 'assess in a terminal', true);
    for (const args of [
      ['explain', 'no-huddle-time', '--rulebook', files.rulebook],
      ['principles', 'soft-stuff', '--rulebook', files.rulebook],
    ]) {
      const out = inTerminal(args);
      expect(out, args.join(' ')).toContain('Risk title');
      expectTerminalSafe(out, `${args[0]} in a terminal`, true);
    }
  });
});

// ---------------------------------------------------------------------------------------------------
// The interview: every prompt, choice, default and screen, for a hostile draft resumed with --from.

describe('the interview', { timeout: 120_000 }, () => {
  it("shows a hostile draft's and a hostile rulebook's text, the review screen included, without control sequences", async () => {
    const { rulebook: rb, validate } = await rulebookAt(files.rulebook);
    const text = draft(hostile, 'ics', ICS);
    const from = loadDraft(text, files.hostile, validate).draft;
    const shown: string[] = [];
    let prompts = 0;
    const record = (config: { message: string; default?: unknown; choices?: SelectChoice<unknown>[] }) => {
      if (++prompts > 400) throw new Error('the walk does not end');
      shown.push(config.message, String(config.default ?? ''), ...(config.choices ?? []).flatMap((c) => [c.name, c.description ?? '']));
    };
    const kit: PromptKit = {
      select: async (config) => {
        record(config as never);
        const quit = config.choices.find((c) => c.value === 'quit');
        return (quit?.value ?? config.default ?? config.choices[0]!.value) as never;
      },
      input: async (config) => {
        record(config);
        return config.default ?? 'typed';
      },
      confirm: async (config) => {
        record(config);
        return false;
      },
    };
    let screens = '';
    const screen: Screen = {
      write: (t) => void (screens += t),
      clear: () => void (screens += '\n'),
      width: 100,
      chalk: new Chalk({ level: 1 }),
    };
    const state = startState(rb, { from, review: true });
    const result = await walk(rb, state, kit, screen, {
      welcome: [`Reviewing ${files.hostile}`],
      changed: () => {},
      // As src/commands/interview.ts shows it: the full report, then the save question.
      report: () =>
        renderText(assess(plan, loadDraft(text, files.hostile, validate), { today: '2026-11-23' }), { chalk: screen.chalk, width: 100 }),
      save: { defaultFile: () => files.hostile, exists: () => true, write: () => {} },
    });
    expect(result.saved).toBeUndefined();
    expect(prompts).toBeGreaterThan(10);
    for (const s of shown) expectPlain(s, 'a prompt');
    expectTerminalSafe(screens, 'the interview screens', true);
    expect(screens).toContain('Verdict:'); // the review screen was drawn
    expect(shown.join('\n')).toContain('Prompt?'); // and the local rulebook's question was asked
    // The answers keep the draft's own text: only what is shown is cleaned.
    expect(result.state.draft.title).toBe(hostile('=title'));
  });
});
