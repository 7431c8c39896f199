import type { Comparison, ComparisonGroup } from '../engine/compare.js';

/**
 * A short name for each respondent of a change, in the group's file order: the role where it is the
 * only respondent in that role, otherwise the role and the file's base name.
 */
export function respondentLabels(c: Comparison, g: ComparisonGroup): string[] {
  const roles = g.files.map((f) => c.drafts.find((d) => d.file === f)!.role);
  return g.files.map((f, i) => (roles.filter((r) => r === roles[i]).length === 1 ? roles[i]! : `${roles[i]} (${f.split(/[\\/]/).pop()})`));
}
