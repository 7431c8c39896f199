import { htmlEscape as esc } from './sanitize.js';
import { TOO_FEW_ANSWERS } from '../engine/assessment.js';

const BAND_COLOUR: Record<string, string> = { strong: '#2e7d32', developing: '#9a5b00', weak: '#c62828' };
// Several series are told apart by their labels, not by colour alone: shades of one grey-blue print in black and white.
const MAX_LABEL = 40;
const SERIES_FILL = ['#37474f', '#78909c', '#b0bec5', '#263238', '#90a4ae', '#546e7a', '#455a64', '#cfd8dc'];

export interface ChartPrinciple {
  id: string;
  number: number;
  shortTitle: string;
}

export interface ChartSeries {
  label: string;
  scores: Record<string, number | null>;
  /** Band text per principle as the report words it (`developing`, `weak?`, `n/a`). */
  bands: Record<string, string>;
}

/**
 * Horizontal bars, 0-100: one bar per principle for one series (coloured by band), or a group of bars
 * per principle for several (each labelled with its series). Dashed lines mark the band boundaries and
 * say so: they are the rulebook's heuristics, not pass marks. The title and description carry every
 * number, for a screen reader; the table beside the chart carries them too. `key` makes the ids unique
 * in a document that holds several charts.
 */
export function principleChart(
  key: string,
  principles: ChartPrinciple[],
  series: ChartSeries[],
  bands: { strong: number; developing: number },
): string {
  const single = series.length === 1;
  // One width for every chart, so charts in one document share a scale when printed.
  const width = 760;
  const barH = single ? 22 : 16;
  // Long labels (a proposal's title) are cut with an ellipsis; the full text is in the table and the description.
  const labels = series.map((s) => (s.label.length > MAX_LABEL ? `${s.label.slice(0, MAX_LABEL - 1).trimEnd()}…` : s.label));
  // A fixed label column, so the charts in one document share their axes.
  const x0 = single ? 210 : 290;
  const barW = width - x0 - 150;
  const rows: string[] = [];
  let y = 8;
  for (const p of principles) {
    // One series: the principle labels its bar. Several: the principle heads its group of labelled bars.
    rows.push(`<text x="0" y="${y + (single ? 17 : 12)}" class="lbl">${esc(`${p.number} ${p.shortTitle}`)}</text>`);
    if (!single) y += 18;
    series.forEach((s) => {
      const score = s.scores[p.id] ?? null;
      const band = s.bands[p.id] ?? '';
      const w = score === null ? 0 : Math.round((score / 100) * barW);
      const i = series.indexOf(s);
      const fill = single ? (BAND_COLOUR[band] ?? '#757575') : SERIES_FILL[i % SERIES_FILL.length]!;
      const value =
        band === 'n/a' ? 'not applicable' : band === TOO_FEW_ANSWERS ? band : score === null ? 'not scored' : `${score} ${band}`;
      rows.push(
        `${single ? '' : `<text x="8" y="${y + barH - 4}" class="ser">${esc(labels[series.indexOf(s)]!)}</text>`}<rect x="${x0}" y="${y}" width="${barW}" height="${barH}" fill="#eeeeee"/><rect x="${x0}" y="${y}" width="${w}" height="${barH}" fill="${fill}"/><text x="${x0 + barW + 8}" y="${y + barH - 5}" class="val">${esc(value)}</text>`,
      );
      y += barH + (single ? 0 : 3);
    });
    y += single ? 12 : 10;
  }
  const h = y + 14;
  const ticks = [
    { t: 0, label: '0' },
    { t: bands.developing, label: `${bands.developing} developing` },
    { t: bands.strong, label: `${bands.strong} strong` },
    { t: 100, label: '100' },
  ].map(
    ({ t, label }) =>
      `<line x1="${x0 + (t / 100) * barW}" y1="4" x2="${x0 + (t / 100) * barW}" y2="${h - 20}" stroke="#9e9e9e" stroke-dasharray="2 3"/><text x="${x0 + (t / 100) * barW}" y="${h - 6}" class="tick">${esc(label)}</text>`,
  );
  const title = single ? 'Score per principle, 0 to 100' : `Score per principle, 0 to 100, for ${series.length} drafts`;
  const desc = principles
    .map(
      (p) =>
        `${p.number} ${p.shortTitle}: ${series.map((s) => `${single ? '' : `${s.label} `}${s.scores[p.id] ?? 'not scored'}${s.bands[p.id] ? ` ${s.bands[p.id]}` : ''}`).join(', ')}`,
    )
    .join('; ');
  return `<svg class="chart" role="img" aria-labelledby="${key}-t ${key}-d" viewBox="0 0 ${width} ${h}" width="100%"><title id="${key}-t">${esc(title)}</title><desc id="${key}-d">${esc(desc)}.</desc>${ticks.join('')}${rows.join('')}</svg>`;
}
