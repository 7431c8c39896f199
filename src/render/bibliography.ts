import { stringify } from 'yaml';
import type { Reference } from '../rulebook/types.js';
import type { ExportFormat } from './export-formats.js';
import { cleanDeep, jsonSafe } from './sanitize.js';
import { uncheckedNote } from '../engine/citations.js';

/** The citation style of every reference list the tool prints (reports, explain, evidence). */
export const CITATION_STYLE = 'harvard1';

async function cite(refs: Reference[]) {
  // citation-js is loaded only here: exporting and formatting a bibliography are rare, heavy jobs.
  const { Cite } = await import('@citation-js/core');
  await Promise.all([import('@citation-js/plugin-bibtex'), import('@citation-js/plugin-ris'), import('@citation-js/plugin-csl')]);
  // Terminal control sequences have no place in a bibliography and would reach the terminal when printed.
  return new Cite(cleanDeep(refs));
}

/** The bibliography in a format Zotero, Pandoc or a reference manager imports. */
export async function exportReferences(refs: Reference[], format: ExportFormat): Promise<string> {
  if (format === 'csl-json') return `${jsonSafe(JSON.stringify(cleanDeep(refs), null, 2))}\n`;
  if (format === 'csl-yaml') return stringify(cleanDeep(refs));
  const text = String((await cite(refs)).format(format === 'bibtex' ? 'bibtex' : 'ris'));
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** Each reference formatted in CITATION_STYLE, as plain text, keyed by id. */
export async function formatCitations(refs: Reference[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const c = await cite(refs);
  const entries = c.format('bibliography', { template: CITATION_STYLE, format: 'text', asEntryArray: true }) as unknown as [
    string,
    string,
  ][];
  const byId = new Map(refs.map((r) => [r.id, r]));
  for (const [id, text] of entries) out[id] = text.trim() + (byId.has(id) ? uncheckedNote(byId.get(id)!) : '');
  return out;
}
