import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { renderSarif, githubAnchor, FINGERPRINT_KEY, rulebookRisks, sarifRule } from '../src/render/sarif.js';
import { renderJunit, xmlEscape } from '../src/render/junit.js';
import { escapeData, escapeProperty, githubAnnotations, githubProblems, stepSummary } from '../src/render/github.js';
import { renderMarkdown } from '../src/render/markdown.js';
import { assessmentJson } from '../src/render/json.js';
import type { Assessment, Finding } from '../src/engine/assessment.js';
import { expectValidSarif, problemsOf, validDrafts, type SarifLog } from './helpers/sarif.js';
import { ROOT } from './helpers/root.js';
import { allRisks, assessFile, assessText, rb } from './helpers/rulebook.js';

const TOOL = { name: 'gp-change', version: '0.0.0-test' };
const opts = { root: ROOT };
const junitOpts = (failOn: 'high' | 'medium' | 'low' | 'none' = 'high', minScore = 0) => ({ failOn, minScore, root: ROOT });
const tmp = () => mkdtempSync(join(tmpdir(), 'gp-change-formats-'));

/** `# expect: risk-id [severity], risk-id ...` comments: which findings point at which line. */
function expectations(file: string): { risk: string; severity?: string; line: number }[] {
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .flatMap((text, i) => {
      const m = /#\s*expect:\s*(.+)$/.exec(text);
      if (!m) return [];
      return m[1]!.split(',').map((part) => {
        const [risk, severity] = part.trim().split(/\s+/);
        return { risk: risk!, severity, line: i + 1 };
      });
    });
}

// ---------------------------------------------------------------------------------------------------

describe('SARIF', () => {
  it('validates against the official 2.1.0 schema for every example and CI fixture', () => {
    const drafts = validDrafts();
    expect(drafts.length).toBeGreaterThan(3);
    for (const file of drafts) expectValidSarif(renderSarif(rb, [assessFile(file)], [], TOOL, opts), file);
    const all = expectValidSarif(
      renderSarif(
        rb,
        drafts.map((f) => assessFile(f)),
        [],
        TOOL,
        opts,
      ),
      'all drafts',
    );
    expect(all.runs).toHaveLength(1);
  });

  it('has one rule per risk of the rulebook, generated from it, with a help URI into docs/risks.md', () => {
    const log = JSON.parse(renderSarif(rb, [], [], TOOL, opts)) as SarifLog;
    const rules = log.runs[0]!.tool.driver.rules;
    expect(rules.map((r) => r.id)).toEqual(allRisks.map((r) => r.id));
    const anchors = new Set(
      readFileSync('docs/risks.md', 'utf8')
        .split('\n')
        .filter((l) => /^#{1,6} /.test(l))
        .map((l) => githubAnchor(l.replace(/^#+ /, ''))),
    );
    for (const [i, rule] of rules.entries()) {
      const risk = allRisks[i]!;
      expect(rule.defaultConfiguration.level).toBe({ high: 'error', medium: 'warning', low: 'note' }[risk.severity]);
      expect(rule.properties.tags).toEqual([risk.principle]);
      const anchor = decodeURIComponent(rule.helpUri!.split('#')[1]!);
      expect(anchors, `${rule.id}: #${anchor}`).toContain(anchor);
    }
    expect(log.runs[0]!.invocations[0]!.executionSuccessful).toBe(true);
  });

  it('one result per finding, with ruleIndex, level, message naming the risk and the entry', () => {
    const a = assessFile('tests/fixtures/ci/multi-target.yaml');
    const log = JSON.parse(renderSarif(rb, [a], [], TOOL, opts)) as SarifLog;
    const run0 = log.runs[0]!;
    expect(run0.results).toHaveLength(a.findings.length);
    for (const [i, r] of run0.results.entries()) {
      const f = a.findings[i]!;
      expect(run0.tool.driver.rules[r.ruleIndex!]!.id).toBe(r.ruleId);
      expect(r.level).toBe({ high: 'error', medium: 'warning', low: 'note' }[f.severity]);
      expect(r.message.text).toContain(f.title);
      if (f.entry) expect(r.message.text).toContain(f.entry.name);
      expect(r.locations[0]!.physicalLocation.artifactLocation).toEqual({
        uri: 'tests/fixtures/ci/multi-target.yaml',
        uriBaseId: '%SRCROOT%',
      });
      expect(r.relatedLocations ?? []).toHaveLength(f.related.length);
    }
  });

  it.each(readdirSync('tests/fixtures/ci').filter((f) => f.endsWith('.yaml')))(
    'findings of %s point at the lines its "# expect" comments mark',
    (name) => {
      const file = `tests/fixtures/ci/${name}`;
      const marks = expectations(file);
      if (!marks.length) return;
      const log = JSON.parse(renderSarif(rb, [assessFile(file)], [], TOOL, opts)) as SarifLog;
      const results = log.runs[0]!.results.map((r) => ({
        risk: r.ruleId,
        line: r.locations[0]!.physicalLocation.region.startLine,
        level: r.level,
      }));
      expect(results.map((r) => `${r.risk}@${r.line}`).sort()).toEqual(marks.map((m) => `${m.risk}@${m.line}`).sort());
      const LEVELS: Record<string, string> = { high: 'error', medium: 'warning', low: 'note' };
      for (const m of marks.filter((x) => x.severity)) {
        expect(
          results.filter((r) => r.risk === m.risk && r.line === m.line).map((r) => r.level),
          `${m.risk}@${m.line}`,
        ).toContain(LEVELS[m.severity!]);
      }
      // The column is the node's own: a target's entry starts after "  - ", an answer at its key.
      for (const r of log.runs[0]!.results) {
        const region = r.locations[0]!.physicalLocation.region;
        const line = readFileSync(file, 'utf8').split('\n')[region.startLine - 1]!;
        expect(line.slice(region.startColumn! - 1)).toMatch(/^(name|targets|incentives|[a-z-]+:)/);
      }
    },
  );

  it('multi-target: each target and incentive is its own located finding', () => {
    const log = JSON.parse(renderSarif(rb, [assessFile('tests/fixtures/ci/multi-target.yaml')], [], TOOL, opts)) as SarifLog;
    const displacement = log.runs[0]!.results.filter((r) => r.ruleId === 'target-displacement').map(
      (r) => r.locations[0]!.physicalLocation.region,
    );
    expect(displacement).toEqual([
      { startLine: 41, startColumn: 5, endLine: 45 },
      { startLine: 46, startColumn: 5, endLine: 50 },
    ]);
    const gap = log.runs[0]!.results.find((r) => r.ruleId === 'skills-gap')!.locations[0]!.physicalLocation.region;
    expect(gap).toEqual({ startLine: 59, startColumn: 3, endLine: 59, endColumn: 17 });
  });

  it('an acknowledged finding is a suppressed result with its justification', () => {
    const log = JSON.parse(renderSarif(rb, [assessFile('tests/fixtures/ci/acknowledged.yaml')], [], TOOL, opts)) as SarifLog;
    const accepted = log.runs[0]!.results.filter((r) => r.suppressions);
    expect(accepted.map((r) => r.ruleId)).toEqual(['target-displacement']);
    expect(accepted[0]!.suppressions).toEqual([
      {
        kind: 'external',
        status: 'accepted',
        justification: 'national contract; the ICB cannot change it this year (by ICB primary care board, until 2027-03-31)',
      },
    ]);
    // The expired acknowledgement does not suppress; stale ones are tool notifications (warnings).
    expect(log.runs[0]!.results.find((r) => r.ruleId === 'activity-not-outcome')!.suppressions).toBeUndefined();
    const notes = log.runs[0]!.invocations[0]!.toolExecutionNotifications!;
    expect(notes.map((n) => n.level)).toEqual(['warning', 'warning']);
    expect(log.runs[0]!.invocations[0]!.executionSuccessful).toBe(true);
  });

  it('partialFingerprints are identical across runs and survive lines inserted above a finding', () => {
    const text = readFileSync('tests/fixtures/ci/multi-target.yaml', 'utf8');
    const prints = (src: string) =>
      (JSON.parse(renderSarif(rb, [assessText(src, 'drafts/access.yaml')], [], TOOL, opts)) as SarifLog).runs[0]!.results.map((r) => ({
        rule: r.ruleId,
        print: r.partialFingerprints[FINGERPRINT_KEY],
        line: r.locations[0]!.physicalLocation.region.startLine,
      }));
    const first = prints(text);
    expect(prints(text)).toEqual(first);
    expect(new Set(first.map((p) => p.print)).size).toBe(first.length);
    for (const p of first) expect(p.print).toMatch(/^[0-9a-f]{64}$/);
    const shifted = prints(text.replace('targets:', '\n\n# a comment added in review\n\ntargets:'));
    expect(shifted.map((p) => p.print).sort()).toEqual(first.map((p) => p.print).sort());
    const moved = shifted.find((p) => p.rule === 'pay-for-performance-inequality')!;
    expect(moved.line).toBe(first.find((p) => p.rule === 'pay-for-performance-inequality')!.line + 4);
    // Another file, another fingerprint.
    const other = (JSON.parse(renderSarif(rb, [assessText(text, 'drafts/other.yaml')], [], TOOL, opts)) as SarifLog).runs[0]!.results;
    expect(other[0]!.partialFingerprints[FINGERPRINT_KEY]).not.toBe(first[0]!.print);
  });

  it('paths are relative with forward slashes and URI-encoded', () => {
    const a = assessText(readFileSync('tests/fixtures/cli/imposed.yaml', 'utf8'), join(ROOT, 'drafts', 'sub dir', 'a#b.yaml'));
    const log = expectValidSarif(renderSarif(rb, [a], [], TOOL, opts), 'encoded');
    expect(log.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('drafts/sub%20dir/a%23b.yaml');
  });
});

// ---------------------------------------------------------------------------------------------------

describe('evidence strength', () => {
  it("SARIF's rule help grades each reference as the findings of that risk do", () => {
    // One rule for every format: SARIF once left a reference ungraded that the finding itself graded.
    for (const risk of allRisks) {
      const a = assessFile(`tests/fixtures/risks/${risk.id}.fires.yaml`);
      const finding = a.findings.find((f) => f.id === risk.id)!;
      const help = (sarifRule(rb, risk).help as { text: string }).text;
      const line = help.split('\n').find((l) => l.startsWith('Evidence: '))!;
      const cited = finding.evidence.map((e) => `${e.short}${e.strength ? ` (${e.strength.replace('-', ' ')} evidence)` : ''}`);
      expect(line, risk.id).toBe(`Evidence: ${cited.join('; ')}.`);
    }
  });

  it("a finding shows only its own claims' strengths, each beside the study that sets it, never one borrowed", () => {
    for (const risk of allRisks) {
      const finding = assessFile(`tests/fixtures/risks/${risk.id}.fires.yaml`).findings.find((f) => f.id === risk.id)!;
      const own = rb.principles.find((p) => p.id === risk.principle)!.evidence.filter((c) => risk.claims?.includes(c.id));
      for (const e of finding.evidence) {
        const resting = own.filter((c) => c.grade.basis === e.id).map((c) => c.strength);
        if (!resting.length) expect(e.strength, `${risk.id}: ${e.id}`).toBeUndefined();
        else expect(resting, `${risk.id}: ${e.id}`).toContain(e.strength);
      }
    }
    // A board paper cited beside Doran 2011 does not take Doran's grade (it once showed 'moderate').
    const activity = assessFile('tests/fixtures/risks/activity-not-outcome.fires.yaml').findings.find(
      (f) => f.id === 'activity-not-outcome',
    )!;
    expect(activity.evidence.find((e) => e.id === 'doran-2011')!.strength).toBe('moderate');
    expect(activity.evidence.find((e) => e.id === 'nhs-england-2018')!.strength).toBeUndefined();
    // The case that was wrong: imposed-metrics cites the guide, which once showed "strong" from the unrelated buy-in claim.
    const imposed = assessFile('tests/fixtures/risks/imposed-metrics.fires.yaml').findings.find((f) => f.id === 'imposed-metrics')!;
    expect(imposed.evidence.find((e) => e.id === 'kingsfund-2022-guide')!.strength).toBe('very-limited'); // its own claim, own-measures
  });
});

describe('JUnit', () => {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name),
  });
  type Case = {
    '@classname': string;
    '@name': string;
    failure?: { '@message': string };
    skipped?: { '@message': string };
    error?: unknown;
  };
  const suitesOf = (xml: string) => {
    expect(XMLValidator.validate(xml)).toBe(true);
    return parser.parse(xml).testsuites.testsuite as {
      '@name': string;
      '@tests': string;
      '@failures': string;
      '@errors': string;
      testcase: Case[];
      properties?: { property: { '@name': string; '@value': string }[] };
    }[];
  };

  it('one suite per draft, a case per principle and per finding; invalid drafts as a suite with an <error>', () => {
    const drafts = ['tests/fixtures/ci/multi-target.yaml', 'tests/fixtures/cli/ready.yaml'];
    const problems = problemsOf('tests/fixtures/cli/not-yaml.yaml');
    const xml = renderJunit(
      rb,
      drafts.map((f) => assessFile(f)),
      problems,
      junitOpts('high'),
    );
    const suites = suitesOf(xml);
    expect(suites.map((s) => s['@name'])).toEqual([...drafts, 'tests/fixtures/cli/not-yaml.yaml']);
    const multi = suites[0]!;
    const a = assessFile(drafts[0]!);
    expect(multi.testcase.filter((c) => c['@classname'] === 'principles')).toHaveLength(rb.principles.length);
    expect(multi.testcase.filter((c) => c['@classname'] === 'risks')).toHaveLength(a.findings.length);
    const failing = multi.testcase.filter((c) => c.failure);
    expect(failing.map((c) => c['@name'].split(':')[0])).toEqual(a.findings.filter((f) => f.severity === 'high').map((f) => f.id));
    // Below --fail-on: reported, skipped, not failing.
    const below = multi.testcase.filter((c) => c['@classname'] === 'risks' && c.skipped);
    expect(below.length).toBe(a.findings.filter((f) => f.severity !== 'high').length);
    expect(below[0]!.skipped!['@message']).toMatch(/below --fail-on high/);
    expect(Number(multi['@failures'])).toBe(failing.length);
    const bad = suites[2]!;
    expect(bad['@errors']).toBe('1');
    expect(bad.testcase[0]!.error).toBeDefined();
  });

  it('--min-score fails the principles below it; --fail-on low fails every unaccepted finding', () => {
    const a = assessFile('tests/fixtures/ci/multi-target.yaml');
    const suites = suitesOf(renderJunit(rb, [a], [], junitOpts('low', 90)));
    const cases = suites[0]!.testcase;
    const principles = cases.filter((c) => c['@classname'] === 'principles');
    expect(principles.filter((c) => c.failure).length).toBe(a.principles.filter((p) => p.score === null || p.score < 90).length);
    expect(cases.filter((c) => c['@classname'] === 'risks' && c.failure)).toHaveLength(a.findings.length);
    const none = suitesOf(renderJunit(rb, [a], [], junitOpts('none', 0)))[0]!;
    expect(none.testcase.filter((c) => c.failure)).toHaveLength(0);
    expect(none['@failures']).toBe('0');
  });

  it('acknowledged findings are skipped with "accepted: reason"', () => {
    const suites = suitesOf(renderJunit(rb, [assessFile('tests/fixtures/ci/acknowledged.yaml')], [], junitOpts('low')));
    const accepted = suites[0]!.testcase.filter((c) => c.skipped?.['@message'].startsWith('accepted:'));
    expect(accepted.map((c) => c['@name'].split(':')[0])).toEqual(['target-displacement']);
    expect(accepted[0]!.skipped!['@message']).toBe(
      'accepted: national contract; the ICB cannot change it this year (by ICB primary care board, until 2027-03-31)',
    );
    expect(suites[0]!.testcase.filter((c) => c['@classname'] === 'acknowledgements')).toHaveLength(2);
  });

  it('xmlEscape escapes markup and strips characters XML 1.0 cannot hold', () => {
    expect(xmlEscape(`a&b<c>d"e'f]]>`)).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;f]]&gt;');
    expect(xmlEscape('x\u0000\u0001\u0008\u000b\u000c\ufffe\uffff\ud800y\u{1F600}')).toBe('x' + 'y\u{1F600}');
    // Carriage returns go too (parsers would turn them into line feeds anyway).
    expect(xmlEscape('tab\tnl\ncr\r')).toBe('tab\tnl\ncr');
  });
});

// ---------------------------------------------------------------------------------------------------

describe('GitHub annotations', () => {
  it('escapes data and properties as the runner requires', () => {
    expect(escapeData('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext: a, b');
    expect(escapeProperty('a:b,c%d\ne')).toBe('a%3Ab%2Cc%25d%0Ae');
  });

  it('error for high, warning for medium, notice for low and for accepted ones, each at its location', () => {
    const a = assessFile('tests/fixtures/ci/acknowledged.yaml');
    const lines = githubAnnotations(rb, a, opts).trimEnd().split('\n');
    expect(lines).toHaveLength(a.findings.length + a.staleAcknowledgements.length);
    for (const [i, f] of a.findings.entries()) {
      const level = f.acknowledged ? 'notice' : { high: 'error', medium: 'warning', low: 'notice' }[f.severity];
      expect(lines[i]!.startsWith(`::${level} file=tests/fixtures/ci/acknowledged.yaml,line=${f.location.line},`)).toBe(true);
      if (f.acknowledged) expect(lines[i]).toMatch(/title=accepted%3A [^:]*::accepted: national contract/);
    }
    const single = githubAnnotations(rb, assessFile('tests/fixtures/ci/multi-target.yaml'), opts)
      .split('\n')
      .find((l) => l.includes('(skills-gap)'))!;
    expect(single).toMatch(/^::warning file=tests\/fixtures\/ci\/multi-target\.yaml,line=59,col=3,endLine=59,endColumn=17,title=/);
  });

  it('a line per invalid-draft error', () => {
    const problems = problemsOf('tests/fixtures/cli/invalid-option.yaml');
    const out = githubProblems(problems, opts);
    expect(out).toMatch(
      /^::error file=tests\/fixtures\/cli\/invalid-option\.yaml,line=5,col=11,endLine=5,endColumn=20,title=invalid draft \(gp-change\)::`answers\.origin` must be one of/,
    );
    expect(out.trimEnd().split('\n')).toHaveLength(problems.length);
  });

  it('the job summary stops adding reports before GitHub\u2019s 1 MiB limit', () => {
    const a = assessFile('tests/fixtures/ci/multi-target.yaml');
    const size = Buffer.byteLength(renderMarkdown(a));
    const s = stepSummary(size * 2 + 100);
    for (let i = 0; i < 5; i++) s.add(a);
    const md = s.finish('5 drafts checked');
    expect(md.match(/^# PCN access programme/gm)).toHaveLength(2);
    expect(md).toContain('3 more draft reports left out');
  });
});

// ---------------------------------------------------------------------------------------------------

describe('golden files', () => {
  const cases = ['ci/multi-target', 'ci/acknowledged', 'cli/imposed'];
  describe.each(cases)('%s', (name) => {
    const a = assessFile(`tests/fixtures/${name}.yaml`);
    const base = name.replace('/', '-');
    it('sarif', async () => {
      const text = renderSarif(rb, [a], [], TOOL, opts);
      await expect(`${JSON.stringify(JSON.parse(text), null, 2)}\n`).toMatchFileSnapshot(`golden/${base}.sarif.json`);
    });
    it('junit', async () => {
      await expect(renderJunit(rb, [a], [], junitOpts('medium', 40))).toMatchFileSnapshot(`golden/${base}.junit.xml`);
    });
    it('github', async () => {
      await expect(githubAnnotations(rb, a, opts)).toMatchFileSnapshot(`golden/${base}.github.txt`);
    });
  });

  it('invalid drafts in every CI format', async () => {
    const problems = ['tests/fixtures/cli/not-yaml.yaml', 'tests/fixtures/cli/invalid-option.yaml'].flatMap(problemsOf);
    const sarif = renderSarif(rb, [], problems, TOOL, opts);
    const parsed = JSON.parse(sarif) as SarifLog;
    delete (parsed.runs[0]!.tool.driver as { rules?: unknown }).rules; // the rules are in the other goldens
    await expect(`${JSON.stringify(parsed, null, 2)}\n`).toMatchFileSnapshot('golden/ci-invalid.sarif.json');
    await expect(renderJunit(rb, [], problems, junitOpts())).toMatchFileSnapshot('golden/ci-invalid.junit.xml');
    await expect(githubProblems(problems, opts)).toMatchFileSnapshot('golden/ci-invalid.github.txt');
  });
});

// ---------------------------------------------------------------------------------------------------

describe('hostile text is escaped in every format', () => {
  // Double-quoted YAML: \e is ESC, \n a newline, \x07 BEL.
  const hostile = [
    'gpChange: 1',
    'title: "Evil ::error file=x.yaml::pwned %0A 100% \\n<script>alert(1)</script> ]]> \\e[31mRED\\e[0m \\e]8;;http://x\\x07link\\e]8;;\\x07 a, b: c & \'q\' \\"dq\\""',
    'assessor: { role: ics, name: "<b>bold</b> & co" }',
    'scope: pcn',
    'answers:',
    '  origin: national',
    '  staff-involvement: none',
    '  inequality-check: "no"',
    'targets:',
    '  - name: "::warning ::x, y: z %25 \\r\\n::error::injected ]]> <x/> \\e[2J"',
    '    setBy: national',
    '    measures: activity',
    '    incentive: payment',
    '    sideEffectsMonitored: "no"',
    'acknowledged:',
    '  - risk: activity-not-outcome',
    '    reason: "ok ::notice::x \\n <i>&amp; ]]> \\e[1m"',
    '    by: "a, b: c"',
    '',
  ].join('\n');
  const file = 'drafts/we,ird: name%.yaml';
  const a: Assessment = assessText(hostile, file);

  it('the draft is hostile enough to test', () => {
    expect(a.title).toContain('\u001b');
    expect(a.findings.some((f) => f.entry?.name.includes('\r\n::error::'))).toBe(true);
    expect(a.findings.some((f) => f.acknowledged)).toBe(true);
  });

  it('github: one command per line, properties and data escaped, no escape sequences', () => {
    const out = githubAnnotations(rb, a, opts);
    expect(out).not.toMatch(/[\u001b\u0007]/);
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(a.findings.length + a.staleAcknowledgements.length);
    for (const line of lines) {
      const m = /^::(error|warning|notice) ([^:]*)::(.*)$/.exec(line);
      expect(m, line).not.toBeNull();
      // Every property is key=value with no raw separator inside the value.
      for (const prop of m![2]!.split(',')) expect(prop).toMatch(/^(file|line|col|endLine|endColumn|title)=[^,:\r\n]*$/);
      expect(m![2]).toContain('file=drafts/we%2Cird%3A name%25.yaml');
      expect(m![3]).not.toMatch(/[\r\n]/);
    }
    // User text is on one line, and a literal "%0A" or "%25" in it stays literal: its % is escaped.
    expect(out).toContain('target "::warning ::x, y: z %2525  ::error::injected ]]> <x/>"');
    expect(out).toContain('pwned %250A 100%25');
  });

  it('junit: well-formed XML that keeps the text', () => {
    const xml = renderJunit(rb, [a], [], junitOpts('low'));
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).not.toMatch(/[\u001b\u0007]/);
    expect(xml).not.toContain('<script>');
    expect(xml).not.toContain(']]>');
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', processEntities: true }).parse(xml);
    const suite = parsed.testsuites.testsuite;
    expect(suite['@name']).toBe(file);
    const title = suite.properties.property.find((p: { '@name': string }) => p['@name'] === 'title')['@value'];
    expect(title).toContain('<script>alert(1)</script> ]]>');
    expect(title).toContain('a, b: c & \'q\' "dq"');
  });

  it('sarif: valid, and the text arrives intact less its escape sequences', () => {
    const text = renderSarif(rb, [a], [], TOOL, opts);
    expect(text).not.toMatch(/[\u001b\u0007]/);
    const log = expectValidSarif(text, 'hostile');
    const target = log.runs[0]!.results.find((r) => r.message.text.includes('injected'))!;
    expect(target.message.text).toContain('::warning ::x, y: z %25');
    expect(log.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('drafts/we%2Cird%3A%20name%25.yaml');
    expect(log.runs[0]!.results.find((r) => r.suppressions)!.suppressions![0]!.justification).toContain('<i>&amp; ]]>');
  });

  it('markdown job summary: no escape sequences or raw HTML', () => {
    const s = stepSummary();
    s.add(a);
    const md = s.finish('1 draft checked');
    expect(md).not.toMatch(/[\u001b\u0007]/);
    expect(md).not.toContain('<script>');
  });
});

describe('SARIF rules', () => {
  it('rules never restate risk ids: they are the rulebook\u2019s, in its order', () => {
    expect(rulebookRisks(rb).map((r) => r.id)).toEqual(allRisks.map((r) => r.id));
  });
});

describe('a draft outside the working directory', () => {
  it('is located by an absolute file: URI, without %SRCROOT%', () => {
    const a = assessText(readFileSync('tests/fixtures/cli/imposed.yaml', 'utf8'), '/elsewhere/my drafts/x.yaml');
    const log = expectValidSarif(renderSarif(rb, [a], [], TOOL, opts), 'absolute');
    expect(log.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation).toEqual({
      uri: 'file:///elsewhere/my%20drafts/x.yaml',
    });
    expect(githubAnnotations(rb, a, opts)).toMatch(/^::error file=\/elsewhere\/my drafts\/x\.yaml,/);
  });
});

describe('JSON', () => {
  // The renderer writes the rulebook's words from kept pieces; what it writes must read back as the very
  // document JSON.stringify gives, key order included.
  const sameAsStringify = (a: Assessment) => expect(JSON.stringify(JSON.parse(assessmentJson(a)))).toBe(JSON.stringify(a));

  it('every example, CI fixture and 300 generated drafts, in both roles, read back exactly as assessed', async () => {
    const dir = tmp();
    const { generateDrafts } = await import('../bench/drafts.mjs');
    generateDrafts(300, dir, 7, { targets: [0, 3] });
    const files = [
      ...readdirSync('examples')
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => `examples/${f}`),
      ...readdirSync('tests/fixtures/ci').map((f) => `tests/fixtures/ci/${f}`),
      ...readdirSync(dir).map((f) => join(dir, f)),
    ];
    const seen = new Set<string>();
    for (const file of files) {
      for (const role of ['ics', 'practice']) {
        const a = assessText(readFileSync(file, 'utf8'), file, role);
        sameAsStringify(a);
        for (const f of a.findings)
          for (const k of ['baseSeverity', 'escalation', 'entry', 'acknowledged'] as const) if (f[k] !== undefined) seen.add(k);
      }
    }
    // The optional fields were all exercised.
    expect([...seen].sort()).toEqual(['acknowledged', 'baseSeverity', 'entry', 'escalation']);
  });

  it("the rulebook's words are written in ASCII, citations included", () => {
    const a = assessFile('examples/pcn-new-service.yaml');
    expect(a.references.some((r) => /[^\u0000-\u007e]/.test(r.full))).toBe(true);
    expect(assessmentJson(a)).toMatch(/^[\u0020-\u007e]*$/);
  });

  it('text that looks like a slot, and words nobody shares, change nothing', () => {
    const example = readFileSync('examples/pcn-new-service.yaml', 'utf8');
    const a = assessText(example.replace(/^title: .*$/m, 'title: \'"findings":0 "references":0 ’\''));
    expect(a.title).toBe('"findings":0 "references":0 ’');
    sameAsStringify(a);
    // Lists that are not frozen, and words changed under a kept piece, are written as they now are.
    const changed = {
      ...a,
      findings: a.findings.map((f) => ({
        ...f,
        explanation: `${f.explanation} \u0085`,
        actions: [...f.actions],
        evidence: [...f.evidence],
      })),
      references: a.references.map((r) => ({ ...r, full: `${r.full} \u0085` })),
    };
    sameAsStringify(changed);
    expect(assessmentJson(changed)).not.toContain('\u0085');
    // The same frozen lists, other words: the kept pieces must not be used.
    // (Each case follows the original, so that it meets the pieces kept for the original.)
    for (const field of ['id', 'principle', 'title', 'explanation', 'advice'] as const) {
      sameAsStringify(a);
      sameAsStringify({ ...a, findings: a.findings.map((f) => ({ ...f, [field]: `${f[field]}!` })) });
    }
    sameAsStringify(a);
    const citedOtherwise = (f: Finding) => Object.freeze(f.evidence.map((e) => ({ ...e, short: `${e.short}!` }))) as Finding['evidence'];
    sameAsStringify({ ...a, findings: a.findings.map((f) => ({ ...f, evidence: citedOtherwise(f) })) });
    sameAsStringify(a);
  });
});
