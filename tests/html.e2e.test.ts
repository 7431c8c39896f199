/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { run } from './helpers/cli.js';

// Debian's chromium, driven by playwright-core (which never downloads a browser of its own).
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
// Screenshots are kept as CI artifacts, beside vitest's JSON report.
const ARTIFACTS = resolve('.ci/out/screenshots');

/** A page opened on a local file, with everything it asked the network for and every console error. */
async function open(ctx: BrowserContext, file: string): Promise<{ page: Page; requests: string[]; errors: string[] }> {
  const page = await ctx.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await page.goto(pathToFileURL(file).href);
  return { page, requests, errors };
}

/** WCAG contrast of every element's own text against the first opaque background behind it. */
async function lowContrastText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const rgb = (s: string) => (s.match(/[\d.]+/g) ?? []).map(Number);
    const lum = ([r, g, b]: number[]) => {
      const f = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
    };
    const background = (el: Element | null): number[] => {
      for (; el; el = el.parentElement) {
        const c = rgb(getComputedStyle(el).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3]! > 0.9)) return c.slice(0, 3);
      }
      return [255, 255, 255];
    };
    const bad: string[] = [];
    for (const el of document.body.querySelectorAll('*')) {
      if (el.closest('svg')) continue;
      const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent!.trim());
      if (!own) continue;
      const style = getComputedStyle(el);
      const fg = rgb(style.color).slice(0, 3);
      const [a, b] = [lum(fg), lum(background(el))];
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      const large = parseFloat(style.fontSize) >= 24 || (parseFloat(style.fontSize) >= 18.66 && Number(style.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) bad.push(`${el.tagName.toLowerCase()} "${el.textContent!.trim().slice(0, 40)}" ${ratio.toFixed(2)}`);
    }
    return bad;
  });
}

describe.skipIf(!CHROMIUM)('HTML reports in headless Chromium (Debian chromium; .ci/run installs it)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gp-html-'));
  let ctx: BrowserContext;
  const hostile = join(dir, 'hostile.yaml');
  writeFileSync(
    hostile,
    [
      'gpChange: 1',
      'id: same-day-hub',
      "title: \"<script>document.title='pwned'</script><img src=x onerror='document.title=1'> Hub & co\"",
      'summary: "</style><b id=\\"injected\\">bold</b><link rel=stylesheet href=http://example.com/x.css>"',
      'assessor: { role: practice, name: "O\'Brien \\"the ICB\\"" }',
      'answers:',
      '  origin: national',
      '  staff-involvement: none',
      '  staff-understanding: "no"',
      '  local-knowledge: "no"',
      '  metric-ownership: external',
      'targets:',
      '  - name: "<iframe id=\\"frame\\" src=\\"https://example.com\\"></iframe> 95% within 14 days"',
      '    setBy: national',
      '    measures: activity',
      '    incentive: payment',
      '    sideEffectsMonitored: "no"',
      'notes: "<svg onload=alert(1)>"',
      '',
    ].join('\n'),
  );

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const { chromium } = await import('playwright-core');
    ctx = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'gp-chromium-')), {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 60000);
  afterAll(async () => {
    await ctx?.close();
  });

  it('assess: a self-contained report with a chart per draft, no network, no console errors, user text as text', async () => {
    const out = join(dir, 'report.html');
    expect(run(['assess', hostile, 'examples/access-target.yaml', '--format', 'html', '--output', out]).code).toBe(1);
    const { page, requests, errors } = await open(ctx, out);
    expect(errors).toEqual([]);
    expect(requests).toEqual([pathToFileURL(out).href]);
    expect(await page.locator('main.report').count()).toBe(2);
    // One chart per draft, a bar per principle, each with a text alternative the reader can reach.
    const charts = page.locator('svg.chart');
    expect(await charts.count()).toBe(2);
    for (const chart of await charts.all()) {
      expect(await chart.getAttribute('role')).toBe('img');
      const ids = (await chart.getAttribute('aria-labelledby'))!.split(' ');
      for (const id of ids) expect((await page.locator(`#${id}`).textContent())!.length).toBeGreaterThan(10);
    }
    expect(await page.locator('svg.chart').first().locator('desc').textContent()).toMatch(/1 Bottom-up: \d+ weak/);
    // Hostile text arrived as text: nothing it tried to create exists, and the page title is ours.
    expect(await page.locator('script, img, iframe, link, #injected, #frame, main svg:not(.chart)').count()).toBe(0);
    expect(await page.title()).toBe('2 drafts - gp-change report');
    expect(await page.locator('h1').first().textContent()).toContain("<script>document.title='pwned'</script>");
    expect(await page.locator('body').textContent()).toContain('<iframe id="frame" src="https://example.com"></iframe> 95% within 14 days');
    // Structure for assistive technology: headings in order, tables with header cells.
    expect(await page.locator('h1').count()).toBe(2);
    expect(await page.locator('table:not(:has(th))').count()).toBe(0);
    expect(await lowContrastText(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'assess-report.png'), fullPage: true });
    expect(readFileSync(join(ARTIFACTS, 'assess-report.png')).length).toBeGreaterThan(20000);
  }, 60000);

  it('compare: three proposals on one page with grouped bars, the perception gap and the answers that differ', async () => {
    const out = join(dir, 'compare.html');
    const r = run([
      'compare',
      'examples/same-day-hub-ics.yaml',
      'examples/same-day-hub-practice.yaml',
      'examples/access-target.yaml',
      hostile,
      '--format',
      'html',
      '--output',
      out,
      '--fail-on',
      'medium', // a perception gap is medium at most
    ]);
    expect(r.code, r.stderr).toBe(1);
    const { page, requests, errors } = await open(ctx, out);
    expect(errors).toEqual([]);
    expect(requests).toEqual([pathToFileURL(out).href]);
    // A chart of all four drafts, then one for the change's three respondents.
    const charts = page.locator('svg.chart');
    expect(await charts.count()).toBe(2);
    expect(await charts.first().locator('rect[fill="#eeeeee"]').count()).toBe(4 * 4);
    expect(await charts.nth(1).locator('text.ser').allTextContents()).toEqual(
      expect.arrayContaining(['ics', 'practice (same-day-hub-practice.yaml)', 'practice (hostile.yaml)']),
    );
    expect(await page.locator('table').first().locator('tbody tr').count()).toBe(4);
    expect(await page.locator('article.risk code', { hasText: 'perception-gap' }).count()).toBeGreaterThan(0);
    expect(await page.locator('h3', { hasText: /^Answers that differ/ }).count()).toBe(1);
    expect(await page.locator('tr.in-gap').count()).toBeGreaterThan(0);
    expect(await page.locator('h2', { hasText: 'Risks across the drafts' }).count()).toBe(1);
    expect(await page.locator('ol.refs li').count()).toBeGreaterThan(0);
    expect(await page.locator('script, img, iframe, link, #injected, #frame').count()).toBe(0);
    expect(await lowContrastText(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'compare.png'), fullPage: true });
  }, 60000);

  it('prints to A4 for a board paper, one report a page', async () => {
    const out = join(dir, 'print.html');
    run(['assess', 'examples/ics-vetting.yaml', 'examples/practice-led-improvement.yaml', '--format', 'html', '--output', out]);
    const { page, errors } = await open(ctx, out);
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(errors).toEqual([]);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBeGreaterThanOrEqual(2);
    // Nothing wider than the printed page: A4 less margins is about 718 CSS pixels.
    await page.setViewportSize({ width: 718, height: 1000 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(718);
    await page.screenshot({ path: join(ARTIFACTS, 'print-width.png') });
  }, 60000);
});
