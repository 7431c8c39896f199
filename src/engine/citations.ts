import type { Reference, Rulebook } from '../rulebook/types.js';
import type { Citation } from './assessment.js';

function year(ref: Reference): string {
  return String(ref.issued?.['date-parts']?.[0]?.[0] ?? 'n.d.');
}

function names(ref: Reference): string[] {
  return (ref.author ?? []).map((a) => a.literal ?? a.family ?? '').filter(Boolean);
}

/**
 * In-text citation in the guide's style: "Tan and Mays 2014", "Doran et al 2011". Findings carry it
 * from the compiled plan (./plan.ts), so it is worked out once per rulebook, not per draft.
 */
export function shortCitation(ref: Reference): string {
  const n = names(ref);
  const who =
    n.length === 0 ? (ref.publisher ?? ref.title) : n.length === 1 ? n[0] : n.length === 2 ? `${n[0]} and ${n[1]}` : `${n[0]} et al`;
  // The guide and its blog share an author and a year; name the blog so the two cannot be confused.
  return `${who}${ref.type === 'post-weblog' ? ' blog' : ''} ${year(ref)}`;
}

const UNCHECKED_WORDS: Record<string, string> = { URL: 'address', issued: 'date', author: 'authors', accessed: 'access date' };

/**
 * " (not checked: address, date)" for a reference whose `unchecked` fields nobody confirmed, so no report
 * presents them as verified; empty for a checked reference. Every formatted citation ends with it.
 */
export function uncheckedNote(ref: Reference): string {
  const fields = ref.unchecked ?? [];
  return fields.length ? ` (not checked: ${fields.map((f) => UNCHECKED_WORDS[f] ?? f).join(', ')})` : '';
}

/** Reference-list entry: Authors (year). Title. Container, volume, issue, pages. DOI or URL. */
export function fullCitation(ref: Reference): string {
  const authors = (ref.author ?? []).map((a) => a.literal ?? [a.family, a.given].filter(Boolean).join(' ')).join(', ');
  const parts: string[] = [];
  parts.push(`${authors || ref.publisher || ''} (${year(ref)}).`.trim());
  parts.push(/[.?!]$/.test(ref.title) ? ref.title : `${ref.title}.`);
  const where = [
    ref['container-title'],
    ref.volume ? `vol ${ref.volume}` : '',
    ref.issue ? `no ${ref.issue}` : '',
    ref.page ? (/^\d+\s*[-\u2013]\s*\d+$/.test(String(ref.page)) ? `pp ${ref.page}` : String(ref.page)) : '',
  ]
    .filter(Boolean)
    .join(', ');
  if (where) parts.push(`${where}.`);
  else if (ref.publisher) parts.push(`${[ref['publisher-place'], ref.publisher].filter(Boolean).join(': ')}.`);
  if (ref.DOI) parts.push(`doi:${ref.DOI}`);
  else if (ref.URL) parts.push(ref.URL);
  return parts.join(' ') + uncheckedNote(ref);
}

/** A reference as reports list it: the rulebook's formatted citation, or our plain form where it has none. */
export function citationOf(rb: Rulebook, ref: Reference): string {
  return rb.citations?.[ref.id] ?? fullCitation(ref);
}

/** "pcn-north 1.2.0 (extends builtin 1.0.0)": which rulebook, and what it was built on, for every report. */
export function rulebookLabel(r: { id: string; version: string; chain?: { id: string; version: string }[] }): string {
  const parents = (r.chain ?? []).slice(0, -1).reverse();
  return `${r.id} ${r.version}${parents.length ? ` (extends ${parents.map((c) => `${c.id} ${c.version}`).join(', which extends ')})` : ''}`;
}

/** A reference as a finding or perception gap cites it: its short form, and where it appeared unless the short form says so already. */
export function citedAs(ref: Reference): Citation {
  const short = shortCitation(ref);
  const container = ref['container-title'];
  return container && !short.startsWith(container) ? { id: ref.id, short, container } : { id: ref.id, short };
}
