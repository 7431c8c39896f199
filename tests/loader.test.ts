/**
 * Bad drafts get a clear error at an exact file:line:col (PRODUCT.md section 11); odd but acceptable
 * input (byte-order mark, CRLF, true/false for yes/no, empty answers) is read as the user meant it.
 *
 * Fixtures are written one line per array element so the expected line numbers can be checked by eye;
 * columns are 1-based and counted by hand in the comment beside each expectation.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDraft } from '../src/draft/load.js';
import { InputError, formatProblem, type Problem } from '../src/load/errors.js';
import { assessText, validate } from './helpers/rulebook.js';

const FILE = 'drafts/hub.yaml';

/** Lines 1-4 of every fixture: a minimal valid draft. */
const HEAD = ['gpChange: 1', 'title: Same-day access hub', 'assessor:', '  role: ics'];
const lines = (...rest: string[]) => [...HEAD, ...rest].join('\n') + '\n';

/** Loads a draft that must fail and returns its problems. */
function problemsOf(input: string | Uint8Array): Problem[] {
  let caught: unknown;
  try {
    loadDraft(input, FILE, validate);
  } catch (error) {
    caught = error;
  }
  if (caught === undefined) throw new Error('the draft loaded, but it should have been refused');
  expect(caught).toBeInstanceOf(InputError);
  const problems = (caught as InputError).problems;
  expect(problems.length).toBeGreaterThan(0);
  for (const p of problems) {
    expect(p.file).toBe(FILE);
    expectReadable(p.message);
  }
  return problems;
}

/** The single problem a draft has. */
function problemOf(input: string | Uint8Array): Problem {
  const problems = problemsOf(input);
  expect(problems, JSON.stringify(problems)).toHaveLength(1);
  return problems[0]!;
}

/** A plain sentence for a practice manager: no validator jargon, no JSON pointers, no stack. */
function expectReadable(message: string): void {
  expect(message.length).toBeGreaterThan(10);
  expect(message).toMatch(/[a-z]{3,} [a-z]{2,}/i); // words, not a code
  for (const jargon of [
    /must NOT/,
    /additional ?properties/i,
    /should (be|have|match)/,
    /instancePath|schemaPath|keyword/,
    /#\//, // schema pointer
    /(^|\s)\/[a-z]+\//, // JSON pointer such as /answers/origin
    /\bat line \d+/i, // the position belongs in file:line:col, not repeated in the sentence
    /\n\s+at /, // stack frame
    /undefined|\[object Object\]/,
  ]) {
    expect(message).not.toMatch(jargon);
  }
}

const at = (p: Problem) => ({ line: p.line, col: p.col });

describe('refused input: not YAML, not text', () => {
  it('YAML slips read as advice: a tab, a misplaced key, an unclosed quote', () => {
    expect(problemOf(lines('answers:', '\torigin: ics')).message).toBe('a tab is used for indentation; indent with spaces (two per level)');
    expect(problemOf(lines('summary: a: b')).message).toMatch(/put a value containing ": " in quotes/);
    const quote = problemOf(lines('summary: "never closed', 'scope: pcn'));
    expect(quote.message).toMatch(/^this " quote is never closed/);
    // At the opening quote (line 5, col 10), not at the end of the file where the parser gave up.
    expect(at(quote)).toEqual({ line: 5, col: 10 });
  });

  it('an unclosed flow sequence is located at its `[`, not where the parser gave up', () => {
    const text = lines('answers:', '  origin: [ics, national', 'scope: pcn');
    const p = problemOf(text);
    // line 6 opens `[` (col 11) and never closes it; the parser notices only at line 7 col 1 (`scope:`).
    expect(at(p)).toEqual({ line: 6, col: 11 });
    expect(p.message).toMatch(/this \[ is never closed with \]/);
    expect(formatProblem(p)).toMatch(/^drafts\/hub\.yaml:6:11: this \[ is never closed/);
  });

  it('invalid UTF-8 is refused on the line of the bad byte', () => {
    // "title: caf\xe9 hub": a Latin-1 é, not valid UTF-8; the bad byte is line 2, col 11.
    const bytes = Buffer.concat([
      Buffer.from('gpChange: 1\ntitle: caf'),
      Buffer.from([0xe9]),
      Buffer.from(' hub\nassessor:\n  role: ics\n'),
    ]);
    const p = problemOf(bytes);
    expect(at(p)).toEqual({ line: 2, col: 11 });
    expect(p.message).toMatch(/UTF-8/);
  });

  it('invalid UTF-8 on the last line, without a trailing newline, is found there too', () => {
    const bytes = Buffer.concat([Buffer.from(lines().trimEnd() + '\nnotes: caf'), Buffer.from([0xc3, 0x28])]);
    const p = problemOf(bytes);
    expect(p.line).toBe(5);
    expect(p.message).toMatch(/UTF-8/);
  });

  it('an empty file is refused (there is no position to give)', () => {
    const p = problemOf('');
    expect(p.message).toMatch(/empty/);
    expect(p.line).toBeUndefined();
    expect(formatProblem(p)).toBe(`${FILE}: the file is empty`);
    expect(problemOf(new Uint8Array()).message).toMatch(/empty/);
  });

  it('a whitespace-only file counts as empty', () => {
    expect(problemOf('  \n\n\t\n   ').message).toMatch(/empty/);
    expect(problemOf('\ufeff\r\n  \r\n').message).toMatch(/empty/);
  });

  it('a file larger than 1 MiB is refused before parsing, naming the limit', () => {
    const big = Buffer.from(lines(`notes: ${'a'.repeat(1024 * 1024)}`));
    const p = problemOf(big);
    expect(p.message).toMatch(/1 ?MiB|1024 KiB/);
    expect(p.message).toMatch(/1025 KiB/);
    // Exactly 1 MiB is still read (and here found empty), so the limit is not off by one.
    expect(problemOf(Buffer.alloc(1024 * 1024, 0x20)).message).toMatch(/empty/);
  });

  it('a string larger than 1 MiB is refused as well', () => {
    expect(problemOf(lines(`notes: ${'a'.repeat(1024 * 1024)}`)).message).toMatch(/1 ?MiB|1024 KiB/);
  });
});

describe('refused input: YAML features a draft must not use', () => {
  it('an alias is refused at the alias', () => {
    const p = problemOf(lines('summary: hello', 'notes: *s'));
    // line 6 "notes: *s": `*` is col 8.
    expect(at(p)).toEqual({ line: 6, col: 8 });
    expect(p.message).toMatch(/alias/);
  });

  it('an anchor and its alias are both refused, anchor first', () => {
    const problems = problemsOf(lines('summary: &s hello', 'notes: *s'));
    expect(problems.map((p) => p.line)).toEqual([5, 6]);
    expect(problems[0]!.message).toMatch(/anchor/);
    expect(at(problems[1]!)).toEqual({ line: 6, col: 8 });
  });

  it('an anchor is located at the `&name`', () => {
    expect(at(problemOf(lines('summary: &s hello')))).toEqual({ line: 5, col: 10 });
    expect(at(problemOf(['gpChange: 1', 'title: x', 'assessor: &a', '  role: ics'].join('\n')))).toEqual({ line: 3, col: 11 });
  });

  it('a duplicate key is located at its second occurrence', () => {
    const p = problemOf(lines('answers:', '  origin: ics', '  origin: pcn'));
    expect(at(p)).toEqual({ line: 7, col: 3 });
    expect(p.message).toMatch(/twice/);
    const top = problemOf(lines('title: Another title'));
    expect(at(top)).toEqual({ line: 5, col: 1 });
  });

  it('an unknown tag is refused at the tag', () => {
    const p = problemOf(lines('summary: !foo bar'));
    // "summary: !foo bar": `!` is col 10.
    expect(at(p)).toEqual({ line: 5, col: 10 });
    expect(p.message).toContain('!foo');
    expect(p.message).toMatch(/tag/);
  });

  it('a second YAML document is refused at its `---`', () => {
    const p = problemOf(lines('---', 'gpChange: 1', 'title: second draft'));
    expect(at(p)).toEqual({ line: 5, col: 1 });
    expect(p.message).toMatch(/more than one/);
  });

  it('a `__proto__` key is refused at the key, at any depth', () => {
    const nested = problemOf(lines('answers:', '  __proto__: { origin: ics }'));
    expect(at(nested)).toEqual({ line: 6, col: 3 });
    expect(nested.message).toContain('__proto__');
    const top = problemOf(['gpChange: 1', 'title: x', '__proto__: 1', 'assessor:', '  role: ics'].join('\n'));
    expect(at(top)).toEqual({ line: 3, col: 1 });
    // Nothing leaked onto Object.prototype while reading it.
    expect(({} as Record<string, unknown>).origin).toBeUndefined();
  });

  it('a file that is a plain scalar or a list, not a mapping, is refused at 1:1', () => {
    for (const text of ['just a sentence\n', '- gpChange: 1\n']) {
      const p = problemOf(text);
      expect(at(p)).toEqual({ line: 1, col: 1 });
      expect(p.message).toMatch(/mapping/);
    }
  });
});

describe('refused input: valid YAML, wrong draft', () => {
  it('title as a list: located at the list, saying text was expected', () => {
    const p = problemOf(['gpChange: 1', 'title:', '  - Same-day', '  - hub', 'assessor:', '  role: ics'].join('\n'));
    expect(p.path).toBe('title');
    expect(at(p)).toEqual({ line: 3, col: 3 }); // the `-` of the first item
    expect(p.message).toMatch(/`title` must be text; got a list/);
  });

  it('answers as a list: located at the list, asking for key: value lines', () => {
    const p = problemOf(lines('answers:', '  - origin'));
    expect(p.path).toBe('answers');
    expect(at(p)).toEqual({ line: 6, col: 3 });
    expect(p.message).toMatch(/`answers` must be a mapping/);
    expect(p.message).toMatch(/got a list/);
  });

  it('an unknown question id is located at its key and called not a known field', () => {
    const p = problemOf(lines('answers:', '  orgin: ics'));
    expect(p.path).toBe('answers.orgin');
    expect(at(p)).toEqual({ line: 6, col: 3 }); // the key, not the value
    expect(p.message).toMatch(/`answers\.orgin` is not a known field/);
  });

  it('an unknown question id close to a real one gets a did-you-mean', () => {
    expect(problemOf(lines('answers:', '  orgin: ics')).message).toContain('did you mean "origin"?');
    const titel = problemsOf(['gpChange: 1', 'titel: x', 'assessor:', '  role: ics'].join('\n'));
    expect(titel.find((p) => p.path === 'titel')!.message).toContain('did you mean "title"?');
  });

  it('an unknown option names the options allowed and what it got', () => {
    const p = problemOf(lines('answers:', '  origin: goverment'));
    expect(p.path).toBe('answers.origin');
    // "  origin: goverment": the value starts at col 11.
    expect(at(p)).toEqual({ line: 6, col: 11 });
    expect(p.message).toContain('frontline, practice, pcn, ics, national');
    expect(p.message).toContain('unknown');
    expect(p.message).toContain('got "goverment"');
  });

  it('an unknown option close to a real one gets a did-you-mean', () => {
    const p = problemOf(lines('answers:', '  staff-involvement: codesigned'));
    expect(at(p)).toEqual({ line: 6, col: 22 });
    expect(p.message).toContain('did you mean "co-designed"?');
  });

  it('true is not an option of a question that is not yes/no', () => {
    const p = problemOf(lines('answers:', '  origin: true'));
    expect(at(p)).toEqual({ line: 6, col: 11 });
    expect(p.message).toMatch(/got true/);
  });

  it('a missing title is reported against the file, naming the field', () => {
    const p = problemOf(['gpChange: 1', 'assessor:', '  role: ics'].join('\n'));
    expect(at(p)).toEqual({ line: 1, col: 1 });
    expect(p.message).toMatch(/needs `title`/);
  });

  it('gpChange: 2 is refused at the value, saying 1 is the version understood', () => {
    const p = problemOf(['gpChange: 2', 'title: x', 'assessor:', '  role: ics'].join('\n'));
    expect(p.path).toBe('gpChange');
    expect(at(p)).toEqual({ line: 1, col: 11 });
    expect(p.message).toMatch(/`gpChange` must be 1; got 2/);
  });

  const ack = (until: string) =>
    lines('acknowledged:', '  - risk: too-many-targets', '    reason: national contract', `    until: ${until}`);

  it('a month that does not exist in acknowledged.until is refused at the date', () => {
    const p = problemOf(ack('2027-13-01'));
    expect(p.path).toBe('acknowledged[0].until');
    // "    until: 2027-13-01": the value starts at col 12.
    expect(at(p)).toEqual({ line: 8, col: 12 });
    expect(p.message).toMatch(/not a real date/);
    expect(p.message).toContain('2027-13-01');
  });

  it('an impossible day (30 February) in acknowledged.until is refused at the date', () => {
    const p = problemOf(ack('2027-02-30'));
    expect(p.path).toBe('acknowledged[0].until');
    expect(at(p)).toEqual({ line: 8, col: 12 });
    expect(p.message).toMatch(/not a real date/);
    expect(problemOf(ack('2027-04-31')).message).toMatch(/not a real date/);
  });

  it('a real date in acknowledged.until is accepted', () => {
    expect(loadDraft(ack('2028-02-29'), FILE, validate).draft.acknowledged![0]!.until).toBe('2028-02-29');
  });

  it('a date in the wrong form is refused, showing the form wanted', () => {
    const p = problemOf(ack('2027-3-1'));
    expect(at(p)).toEqual({ line: 8, col: 12 });
    expect(p.message).toMatch(/like 2027-03-31/);
  });

  it('an acknowledged risk id that does not exist is refused at the id, with a suggestion', () => {
    const p = problemOf(lines('acknowledged:', '  - risk: too-many-target', '    reason: national contract'));
    expect(p.path).toBe('acknowledged[0].risk');
    // "  - risk: too-many-target": the value starts at col 11.
    expect(at(p)).toEqual({ line: 6, col: 11 });
    expect(p.message).toContain('got "too-many-target"');
    expect(p.message).toContain('did you mean "too-many-targets"?');
  });

  it('several mistakes are all reported, in file order', () => {
    const problems = problemsOf(lines('scope: county', 'answers:', '  origin: goverment', '  orgin: ics'));
    expect(problems.map((p) => [p.path, p.line, p.col])).toEqual([
      ['scope', 5, 8],
      ['answers.origin', 7, 11],
      ['answers.orgin', 8, 3],
    ]);
  });
});

describe('accepted input', () => {
  const PLAIN = lines('summary: |', '  Two lines', '  of text.', 'answers:', '  origin: ics', '  staff-involvement: consulted');

  it('a byte-order mark and CRLF line ends give the same draft as the plain file', () => {
    const plain = loadDraft(PLAIN, FILE, validate).draft;
    const crlf = '\ufeff' + PLAIN.replace(/\n/g, '\r\n');
    expect(loadDraft(crlf, FILE, validate).draft).toEqual(plain);
    // The same as bytes, as the CLI reads files.
    expect(loadDraft(Buffer.from(crlf, 'utf8'), FILE, validate).draft).toEqual(plain);
    expect(plain.summary).toBe('Two lines\nof text.\n');
  });

  it('errors in a BOM + CRLF file are at the same line and column as in the plain file', () => {
    const bad = lines('answers:', '  origin: goverment');
    const plain = problemOf(bad);
    const crlf = problemOf(Buffer.from('\ufeff' + bad.replace(/\n/g, '\r\n'), 'utf8'));
    expect(at(crlf)).toEqual(at(plain));
    expect(at(crlf)).toEqual({ line: 6, col: 11 });
  });

  /** Principle scores, bands and coverage, and the risks fired: what an answer changes in a report. */
  const outcome = (text: string) => {
    const a = assessText(text);
    return {
      principles: a.principles.map((p) => ({ id: p.id, score: p.score, band: p.band, coverage: p.coverage })),
      risks: a.findings.map((f) => `${f.id}:${f.severity}`).sort(),
      toFindOut: a.toFindOut.map((u) => u.path).sort(),
    };
  };

  it('true/false stand for yes/no wherever a yes/no question asks', () => {
    const answers = (yes: string, no: string) =>
      lines(
        'answers:',
        `  staff-understanding: ${no}`,
        `  local-knowledge: ${yes}`,
        `  inequality-check: ${no}`,
        `  local-leadership: ${yes}`,
        `  celebrate-progress: ${no}`,
        `  cross-practice-partnerships: ${yes}`,
        'targets:',
        '  - name: same-day requests answered by 6pm',
        '    setBy: national',
        '    incentive: payment',
        `    sideEffectsMonitored: ${no}`,
      );
    const asWords = outcome(answers('"yes"', '"no"'));
    const asBareWords = outcome(answers('yes', 'no'));
    const asBooleans = outcome(answers('true', 'false'));
    expect(asBooleans).toEqual(asWords);
    expect(asBareWords).toEqual(asWords);
    // Not a vacuous match: the booleans were read as answers, not as unknown.
    expect(asBooleans.toFindOut).not.toContain('answers.staff-understanding');
    expect(asBooleans.risks).toContain('unintelligible-design:medium');
    expect(asBooleans.risks.some((r) => r.startsWith('target-displacement:'))).toBe(true);
    const flipped = outcome(answers('false', 'true'));
    // (Too few answers to score any principle here, so the risks show the flip.)
    expect(flipped.risks).not.toEqual(asBooleans.risks);
  });

  it('an empty or null answer is the same as unknown and as leaving it out', () => {
    const withOrigin = (value: string | null) =>
      lines('answers:', ...(value === null ? [] : [`  origin:${value}`]), '  staff-involvement: consulted');
    const unknown = outcome(withOrigin(' unknown'));
    expect(outcome(withOrigin(''))).toEqual(unknown); // `origin:` with nothing after it
    expect(outcome(withOrigin(' null'))).toEqual(unknown);
    expect(outcome(withOrigin(' ~'))).toEqual(unknown);
    expect(outcome(withOrigin(null))).toEqual(unknown);
    expect(unknown.toFindOut).toContain('answers.origin');
    // Not vacuous: a real answer scores differently and is not on the to-find-out list.
    const answered = outcome(withOrigin(' frontline'));
    expect(answered.toFindOut).not.toContain('answers.origin');
    const cov = (o: typeof unknown) => o.principles.find((p) => p.id === 'bottom-up')!.coverage.answered;
    expect(cov(answered)).toBe(cov(unknown) + 1);
  });

  it('an empty list field value is the same as unknown', () => {
    const t = (v: string) =>
      lines(
        'targets:',
        '  - name: same-day requests answered by 6pm',
        '    setBy: national',
        '    incentive: payment',
        `    sideEffectsMonitored:${v}`,
      );
    expect(outcome(t(''))).toEqual(outcome(t(' unknown')));
    expect(outcome(t(''))).not.toEqual(outcome(t(' "no"')));
  });
});

describe('more input: alias bombs, language tags, a whole draft', () => {
  it('an alias bomb is refused at once, without expanding it', () => {
    // Nine levels of ten aliases each would expand to 10^9 nodes.
    const levels = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++)
      levels.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    const started = performance.now();
    const problems = problemsOf(lines(...levels));
    expect(performance.now() - started).toBeLessThan(1000);
    // 9 anchors and 80 aliases: the first 50 are listed, then one line says how many more there are.
    expect(problems).toHaveLength(51);
    expect(problems.slice(0, 50).every((p) => /anchor|alias/.test(p.message))).toBe(true);
    expect(problems[50]!.message).toMatch(/^and 39 more problems in this file/);
    // Line 6 is "a1: &a1 [*a0, ...": the first alias is at col 10.
    expect(at(problems.find((p) => /alias/.test(p.message) && !/^anchors \(/.test(p.message))!)).toEqual({ line: 6, col: 10 });
  });

  it('a language-specific tag (!!js/function) is refused at the tag', () => {
    const p = problemOf(lines('notes: !!js/function "function () { return 1 }"'));
    // "notes: !!js/function": the tag starts at col 8.
    expect(at(p)).toEqual({ line: 5, col: 8 });
    expect(p.message).toMatch(/tag/);
  });

  it('a file holding only comments is not a draft', () => {
    const p = problemOf('# to be written\n# later\n');
    expect(at(p)).toEqual({ line: 1, col: 1 });
    expect(p.message).toMatch(/mapping/);
  });

  // tests/fixtures/loader/full.yaml answers every question, with both yes and no among the yes/no ones.
  const FULL = readFileSync(join(import.meta.dirname, 'fixtures', 'loader', 'full.yaml'), 'utf8');
  const summary = (text: string) => {
    const a = assessText(text);
    return {
      principles: a.principles.map((p) => [p.id, p.score, p.band, p.coverage.answered]),
      risks: a.findings.map((f) => `${f.id}:${f.severity}`).sort(),
      toFindOut: a.toFindOut.map((u) => u.path).sort(),
    };
  };

  it('a whole draft with a BOM and CRLF line ends is the same draft, at the same positions', () => {
    const plain = loadDraft(FULL, FILE, validate);
    const crlf = loadDraft(Buffer.from(`\ufeff${FULL.replace(/\n/g, '\r\n')}`, 'utf8'), FILE, validate);
    expect(crlf.draft).toEqual(plain.draft);
    expect(crlf.draft.title).toBe('Same-day access hub for the PCN – café-style walk-in');
    for (const path of ['answers.origin', 'targets[0].setBy', 'acknowledged[0].until', 'notes']) {
      const a = plain.source.spans.get(path)!;
      const b = crlf.source.spans.get(path)!;
      expect([b.line, b.col], path).toEqual([a.line, a.col]);
    }
    // "  origin: ics" is line 10 of the fixture; its value starts at col 11.
    expect(crlf.source.spans.get('answers.origin')).toMatchObject({ line: 10, col: 11 });
  });

  it('every yes/no answer of a whole draft written as true/false scores the same', () => {
    let booleans = FULL.replace(
      /^( {2}[a-z-]+|\s+(?:sideEffectsMonitored|deprivationAdjusted)): (yes|no)$/gm,
      (_, key, v) => `${key}: ${v === 'yes' ? 'true' : 'false'}`,
    );
    expect(booleans).not.toMatch(/: (yes|no)$/m);
    expect(booleans.match(/: (true|false)$/gm)!.length).toBe(FULL.match(/: (yes|no)$/gm)!.length);
    expect(booleans.match(/: (true|false)$/gm)!.length).toBeGreaterThanOrEqual(13);
    expect(summary(booleans)).toEqual(summary(FULL));
    booleans = booleans.replace('  role-clarity: false', '  role-clarity: true');
    expect(summary(booleans)).not.toEqual(summary(FULL)); // the booleans are read, not ignored
  });
});
