import { stringify } from 'yaml';
import type { Assessment } from '../engine/assessment.js';
import type { PlanItem } from '../engine/action-plan.js';
import { field as csvField } from './compare-csv.js';
import { cleanLine, htmlEscape, mdEscape } from './sanitize.js';
import { mdText } from './whatif-report.js';

import type { PlanFormat } from './plan-formats.js';

const KIND: Record<PlanItem['kind'], string> = { change: 'Change', 'find-out': 'Find out', action: 'From the guide' };
const why = (i: PlanItem) => i.risks.join('; ');
const evidence = (i: PlanItem) => i.evidence.join('; ');
const TRACK =
  'Keep the plan beside the draft: `gp-change plan DRAFT --format yaml` prints a `plan:` list to paste into it; mark items `done: yes` and `gp-change assess` reports how far it has got.';

export function renderPlan(a: Assessment, items: PlanItem[], format: PlanFormat): string {
  if (format === 'csv') {
    const rows = [['done', 'kind', 'item', 'answers the risk', 'evidence', 'owner', 'due']];
    for (const i of items) rows.push([i.done ? 'yes' : '', KIND[i.kind], i.item, why(i), evidence(i), i.owner ?? '', i.due ?? '']);
    return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
  }
  if (format === 'yaml')
    return stringify(
      {
        plan: items.map((i) => ({
          item: cleanLine(i.item),
          done: i.done ? 'yes' : 'no',
          ...(i.owner ? { owner: i.owner } : {}),
          ...(i.due ? { due: i.due } : {}),
        })),
      },
      { lineWidth: 0 },
    );
  const title = `Plan: ${cleanLine(a.title)}`;
  const meta = `${a.role.label} · now ${a.verdict.level.toUpperCase()} (${a.verdict.reason}) · ${a.date}`;
  if (format === 'markdown') {
    const cell = (s: string) => mdText(cleanLine(s));
    const lines = [
      `# ${mdEscape(title)}`,
      '',
      mdEscape(meta),
      '',
      '| Done | Kind | Item | Answers the risk | Evidence | Owner | Due |',
      '| --- | --- | --- | --- | --- | --- | --- |',
    ];
    for (const i of items)
      lines.push(
        `| ${i.done ? '[x]' : '[ ]'} | ${KIND[i.kind]} | ${cell(i.item)} | ${cell(why(i))} | ${cell(evidence(i))} | ${cell(i.owner ?? '')} | ${cell(i.due ?? '')} |`,
      );
    lines.push('', TRACK, '', `_${a.caveat}_`, '');
    return lines.join('\n');
  }
  const rows = items
    .map(
      (i) =>
        `<tr><td class="box">${i.done ? '&#9745;' : '&#9744;'}</td><td>${KIND[i.kind]}</td><td>${htmlEscape(cleanLine(i.item))}</td><td>${htmlEscape(why(i))}</td><td>${htmlEscape(evidence(i))}</td><td>${htmlEscape(i.owner ?? '')}</td><td>${htmlEscape(i.due ?? '')}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${htmlEscape(title)}</title>
<style>
@page { size: A4; margin: 15mm; @bottom-right { content: counter(page) " / " counter(pages); } }
body { font: 11pt/1.4 system-ui, sans-serif; margin: 1.5em; color: #111; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #999; padding: 0.3em 0.5em; vertical-align: top; text-align: left; }
td.box { font-size: 1.3em; text-align: center; }
th:nth-child(6), th:nth-child(7) { width: 12%; }
tr { break-inside: avoid; }
</style></head><body>
<h1>${htmlEscape(title)}</h1>
<p>${htmlEscape(meta)}</p>
<table><thead><tr><th>Done</th><th>Kind</th><th>Item</th><th>Answers the risk</th><th>Evidence</th><th>Owner</th><th>Due</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<p>${htmlEscape(TRACK.replace(/`/g, ''))}</p>
<p><em>${htmlEscape(a.caveat)}</em></p>
</body></html>
`;
}
