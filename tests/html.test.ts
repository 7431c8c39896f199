import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './helpers/cli.js';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

/** Headless Chromium as this machine allows it: no sandbox as root, no background network. */
function chromium(args: string[]) {
  const profile = mkdtempSync(join(tmpdir(), 'gp-chromium-'));
  const r = spawnSync(
    CHROMIUM!,
    ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`, ...args],
    { encoding: 'utf8', timeout: 60000 },
  );
  return r;
}

describe.skipIf(!CHROMIUM)('HTML report in headless Chromium (needs Debian chromium; .ci/run installs it)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gp-html-'));
  const hostile = join(dir, 'hostile.yaml');
  writeFileSync(
    hostile,
    [
      'gpChange: 1',
      'title: "<script>document.title=\'pwned\'</script><img src=x onerror=\'document.title=1\'> Hub & co"',
      'summary: "</style><b id=\\"injected\\">bold</b>"',
      'assessor: { role: ics, name: "O\'Brien \\"the ICB\\"" }',
      'answers:',
      '  origin: national',
      '  staff-involvement: none',
      'targets:',
      '  - name: "<iframe id=\\"frame\\"></iframe> 95% within 14 days"',
      '    setBy: national',
      '    measures: activity',
      '    incentive: payment',
      '    sideEffectsMonitored: "no"',
      '',
    ].join('\n'),
  );

  it('renders a self-contained report whose user text stays text', () => {
    const out = join(dir, 'report.html');
    const r = run(['assess', hostile, 'examples/access-target.yaml', '--format', 'html', '--output', out]);
    expect(r.code).toBe(1);
    const html = readFileSync(out, 'utf8');
    expect(html).not.toMatch(/<script|src=["']?http|<link /i);
    const dom = chromium(['--dump-dom', `file://${out}`]);
    expect(dom.status, dom.stderr).toBe(0);
    // The browser saw exactly our structure: two reports, one chart each with a bar per principle.
    expect(dom.stdout.match(/<main class="report">/g)).toHaveLength(2);
    expect(dom.stdout.match(/<svg class="chart"/g)).toHaveLength(2);
    // Hostile text arrived as text: no element it tried to create exists, and the title is ours.
    expect(dom.stdout).not.toMatch(/<script|<img|<iframe|<b id=|<[^>]*\bid="(injected|frame)"/);
    expect(dom.stdout).toContain('&lt;script&gt;document.title');
    expect(dom.stdout).toMatch(/<title>&lt;script&gt;.*2 drafts|<title>2 drafts - gp-change report<\/title>/);
    expect(dom.stdout).toContain('&lt;iframe id="frame"&gt;&lt;/iframe&gt; 95% within 14 days');
  });

  it('prints to PDF (printable, one report a page)', () => {
    const out = join(dir, 'one.html');
    run(['assess', 'examples/ics-vetting.yaml', '--format', 'html', '--output', out]);
    const pdf = join(dir, 'one.pdf');
    const r = chromium(['--no-pdf-header-footer', `--print-to-pdf=${pdf}`, `file://${out}`]);
    expect(r.status, r.stderr).toBe(0);
    const bytes = readFileSync(pdf);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = (bytes.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBeGreaterThan(1);
  });

  it('compare --format html is one page with the perception gap, and hostile text stays text', () => {
    const out = join(dir, 'compare.html');
    const r = run(['compare', hostile, 'examples/same-day-hub-ics.yaml', 'examples/same-day-hub-practice.yaml', '--format', 'html', '--output', out]);
    expect(r.code).toBe(1);
    const dom = chromium(['--dump-dom', `file://${out}`]);
    expect(dom.status, dom.stderr).toBe(0);
    expect(dom.stdout).toContain('perception-gap');
    expect(dom.stdout.match(/<tr>/g)).toHaveLength(4);
    expect(dom.stdout).not.toMatch(/<script|<img|<iframe/);
  });

  it('a screenshot of the report is not blank', () => {
    const out = join(dir, 'shot.html');
    run(['assess', 'examples/practice-led-improvement.yaml', '--format', 'html', '--output', out]);
    const png = join(dir, 'shot.png');
    const r = chromium([`--screenshot=${png}`, '--window-size=1000,1200', `file://${out}`]);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(png).length).toBeGreaterThan(20000);
  });
});
