import { describe, expect, it } from 'vitest';
import { compare } from '../src/engine/compare.js';
import { loadDraft } from '../src/draft/load.js';
import { assess } from '../src/engine/assess.js';
import { renderCompareCsv } from '../src/render/compare-csv.js';
import { renderCompareText } from '../src/render/compare-text.js';
import { renderCompareMarkdown } from '../src/render/compare-markdown.js';
import { renderCompareHtml } from '../src/render/compare-html.js';
import { Chalk } from 'chalk';
import { plan, rb, validate } from './helpers/rulebook.js';
import { respondentDraft as draft } from './helpers/respondents.js';

const item = (text: string, file: string) => {
  const draft = loadDraft(text, file, validate);
  return { assessment: assess(plan, draft, { today: '2026-11-23' }), draft };
};

describe('compare', () => {
  it('groups respondents of the same change and finds a perception gap where the ICS view is far above the practice view', () => {
    const c = compare(
      rb,
      [item(draft('ics', 'co-designed', 'yes'), 'ics.yaml'), item(draft('practice', 'informed', 'no'), 'practice.yaml')],
      '2026-11-23',
    );
    expect(c.groups).toHaveLength(1);
    const [gap] = c.groups[0]!.gaps;
    expect(gap).toMatchObject({
      id: rb.perceptionGap!.id,
      severity: 'medium', // co-designed (90) against informed (15) is 75 points: the gravest level
      designer: 'ics.yaml',
      frontline: 'practice.yaml',
    });
    expect(gap!.answers.map((a) => a.question)).toEqual(['staff-involvement', 'staff-understanding']);
    expect(gap!.principles.map((p) => p.id)).toContain('bottom-up');
    expect(gap!.evidence.length).toBeGreaterThan(0);
  });

  it('finds no gap when the respondents agree on everything but whether progress is celebrated (the near miss)', () => {
    // This used to be a high perception gap: one answer 75 points apart, on a question unrelated to imposition.
    const celebrate = (role: string, value: string) => `${draft(role, 'co-designed', 'yes')}  celebrate-progress: "${value}"\n`;
    const c = compare(rb, [item(celebrate('ics', 'yes'), 'ics.yaml'), item(celebrate('practice', 'no'), 'practice.yaml')], '2026-11-23');
    expect(c.groups[0]!.differences.map((d) => d.question)).toEqual(['celebrate-progress']);
    expect(c.groups[0]!.gaps).toEqual([]);
    // One answer out of the principle's questions is too few to score it, so there is no score gap either.
    expect(c.groups[0]!.spread.find((s) => s.principle === 'soft-stuff')!.spread).toBeNull();
  });

  it('sets the severity by the size of the gap: a smaller one is low', () => {
    // consulted (50) against informed (15): 35 points, the low level but not the medium one.
    const c = compare(
      rb,
      [item(draft('ics', 'consulted', 'yes'), 'ics.yaml'), item(draft('practice', 'informed', 'yes'), 'practice.yaml')],
      '2026-11-23',
    );
    expect(c.groups[0]!.gaps.map((g) => g.severity)).toEqual(['low']);
    expect(rb.perceptionGap!.levels.map((l) => l.severity)).not.toContain('high');
  });

  it('a practice view rating the change above the ICS view is not a perception gap', () => {
    const c = compare(
      rb,
      [item(draft('ics', 'informed', 'no'), 'ics.yaml'), item(draft('practice', 'co-designed', 'yes'), 'practice.yaml')],
      '2026-11-23',
    );
    expect(c.groups[0]!.gaps).toEqual([]);
  });

  it('a skill the ICS counts on and the practice says nobody has is a difference to talk through, not a perception gap', () => {
    const area = rb.skills.areas[0]!.id;
    const withSkill = (role: string, level: string) => `${draft(role, 'consulted', 'yes')}skills:\n  ${area}: ${level}\n`;
    const c = compare(
      rb,
      [item(withSkill('ics', 'in-team'), 'ics.yaml'), item(withSkill('practice', 'missing'), 'practice.yaml')],
      '2026-11-23',
    );
    expect(c.groups[0]!.gaps).toEqual([]);
    expect(c.groups[0]!.differences.map((d) => d.question)).toEqual([`skills.${area}`]);
  });

  it('lists every answer the respondents gave differently, marking those behind the gap', () => {
    const c = compare(
      rb,
      [
        item(draft('ics', 'co-designed', 'yes'), 'ics.yaml'),
        item(`${draft('practice', 'informed', 'no')}  origin: unknown\n`.replace('  origin: pcn\n', ''), 'practice.yaml'),
      ],
      '2026-11-23',
    );
    const diffs = c.groups[0]!.differences;
    expect(diffs.map((d) => d.question)).toEqual(['origin', 'staff-involvement', 'staff-understanding']);
    expect(diffs.find((d) => d.question === 'origin')).toMatchObject({
      inGap: false,
      answers: [
        { file: 'ics.yaml', role: 'ics', value: 'pcn' },
        { file: 'practice.yaml', role: 'practice', value: 'unknown', label: 'Not sure' },
      ],
    });
    expect(diffs.filter((d) => d.inGap).map((d) => d.question)).toEqual(c.groups[0]!.gaps[0]!.answers.map((a) => a.question));
    const involvement = rb.principles.flatMap((p) => p.questions).find((q) => q.id === 'staff-involvement')!;
    expect(diffs[1]!.answers[0]!.label).toBe(involvement.options.find((o) => o.id === 'co-designed')!.label);
  });

  it('respondents who answer alike have no differences to talk through', () => {
    const c = compare(
      rb,
      [item(draft('ics', 'consulted', 'yes'), 'ics.yaml'), item(draft('practice', 'consulted', 'yes'), 'practice.yaml')],
      '2026-11-23',
    );
    expect(c.groups[0]!.differences).toEqual([]);
    expect(c.groups[0]!.gaps).toEqual([]);
  });

  it('lists each risk once with the drafts it fired in, and the references behind risks and gaps', () => {
    const c = compare(
      rb,
      [item(draft('ics', 'co-designed', 'yes'), 'ics.yaml'), item(draft('practice', 'none', 'no'), 'practice.yaml')],
      '2026-11-23',
    );
    const ids = c.risks.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    const imposed = c.risks.find((r) => r.id === 'top-down-imposition');
    expect(imposed?.drafts.map((d) => d.file)).toEqual(['practice.yaml']);
    const cited = new Set([
      ...c.risks.flatMap((r) => r.evidence.map((e) => e.id)),
      ...c.groups[0]!.gaps.flatMap((g) => g.evidence.map((e) => e.id)),
    ]);
    expect(new Set(c.references.map((r) => r.id))).toEqual(cited);
    expect(c.references.every((r) => r.full.length > r.short.length)).toBe(true);
  });

  it('warns when drafts share an id but not a title (a copied draft that kept its id), and counts roles', () => {
    const other = draft('practice', 'consulted', 'yes').replace('title: Hub', 'title: Another change');
    const c = compare(
      rb,
      [item(draft('ics', 'consulted', 'yes'), 'ics.yaml'), item(other, 'p1.yaml'), item(draft('practice', 'consulted', 'yes'), 'p2.yaml')],
      '2026-11-23',
    );
    const text = renderCompareText(c, { chalk: new Chalk({ level: 0 }), width: 100 });
    expect(text).toContain('(3 respondents: ics, 2 practice)');
    expect(text).toMatch(/share the id "hub" but have different titles \("Hub", "Another change"\)/);
    expect(renderCompareMarkdown(c)).toContain('**Check:** these drafts share the id');
    const same = compare(
      rb,
      [item(draft('ics', 'consulted', 'yes'), 'ics.yaml'), item(draft('practice', 'consulted', 'yes'), 'p.yaml')],
      '2026-11-23',
    );
    expect(renderCompareText(same, { chalk: new Chalk({ level: 0 }), width: 100 })).not.toContain('different titles');
  });

  it('--title heads the markdown and HTML; chart labels tell same-titled drafts apart by role', () => {
    const c = {
      title: 'Access <proposals>',
      ...compare(
        rb,
        [
          item(draft('ics', 'consulted', 'yes'), 'ics.yaml'),
          item(draft('practice', 'consulted', 'yes'), 'p.yaml'),
          item(draft('ics', 'none', 'no', 'x'), 'x.yaml'),
        ],
        '2026-11-23',
      ),
    };
    expect(renderCompareMarkdown(c).split('\n')[0]).toBe('# Access &lt;proposals&gt;');
    const html = renderCompareHtml(c);
    expect(html).toContain('<h1>Access &lt;proposals&gt;</h1>');
    expect(html).toContain('class="ser">Hub (practice)</text>');
    expect(html).toContain('class="ser">Hub (ics, ics.yaml)</text>');
  });

  it('drafts with different ids are not grouped', () => {
    const c = compare(
      rb,
      [item(draft('ics', 'co-designed', 'yes', 'a'), 'a.yaml'), item(draft('practice', 'informed', 'no', 'b'), 'b.yaml')],
      '2026-11-23',
    );
    expect(c.groups).toEqual([]);
    expect(c.drafts).toHaveLength(2);
  });

  it('csv neutralises formulas and quotes fields', () => {
    const c = compare(
      rb,
      [item('gpChange: 1\ntitle: "=HYPERLINK(\\"x\\"), and more"\nassessor: { role: ics }\n', 'evil.yaml')],
      '2026-11-23',
    );
    const csv = renderCompareCsv(c);
    const rows = csv.trimEnd().split('\r\n');
    expect(rows[1]).toContain('"\'=HYPERLINK(""x""), and more"');
    // One row per draft and principle.
    expect(rows).toHaveLength(1 + rb.principles.length);
    expect(rows.slice(1).map((r) => r.match(/,(?:ready|revise|rethink),([^,]+),/)![1])).toEqual(rb.principles.map((p) => p.id));
  });
});
