import type { Comparison, ComparisonGroup } from '../engine/compare.js';

/**
 * A short name for each respondent of a change, in the group's file order: the role where it is the
 * only respondent in that role, otherwise the role and the file's base name.
 */
export function respondentLabels(c: Comparison, g: ComparisonGroup): string[] {
  const roles = g.files.map((f) => c.drafts.find((d) => d.file === f)!.role);
  return g.files.map((f, i) => (roles.filter((r) => r === roles[i]).length === 1 ? roles[i]! : `${roles[i]} (${f.split(/[\\/]/).pop()})`));
}

/** "ics, 2 practice": the roles of a change's respondents, counted. */
export function rolesCounted(c: Comparison, g: ComparisonGroup): string {
  const roles = g.files.map((f) => c.drafts.find((d) => d.file === f)!.role);
  return [...new Set(roles)]
    .map((r) => {
      const n = roles.filter((x) => x === r).length;
      return n === 1 ? r : `${n} ${r}`;
    })
    .join(', ');
}

/** Titles that differ within a group: a sign that a copied draft kept another change's id. */
export function differingTitles(c: Comparison, g: ComparisonGroup): string[] {
  const titles = [...new Set(g.files.map((f) => c.drafts.find((d) => d.file === f)!.title))];
  return titles.length > 1 ? titles : [];
}

/**
 * Each draft's title, with its role (then its file) added where titles alone would not tell drafts
 * apart; the title is shortened first so the distinguishing part survives a chart's label width.
 */
export function draftLabels(c: Comparison, max = 40): string[] {
  const count = (xs: string[], x: string) => xs.filter((y) => y === x).length;
  const short = (t: string, n: number) => (t.length > n ? `${t.slice(0, Math.max(8, n - 1)).trimEnd()}…` : t);
  const titles = c.drafts.map((d) => d.title);
  return c.drafts.map((d) => {
    const roleClash = count(titles, d.title) > 1;
    const fileClash = roleClash && c.drafts.filter((x) => x.title === d.title && x.role === d.role).length > 1;
    const suffix = fileClash ? ` (${d.role}, ${d.file.split(/[\\/]/).pop()})` : roleClash ? ` (${d.role})` : '';
    return `${short(d.title, max - suffix.length)}${suffix}`;
  });
}
