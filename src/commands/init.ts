import type { Rulebook } from '../rulebook/types.js';
import { DRAFT_FORMAT_VERSION, UNKNOWN } from '../draft/schema.js';

/** The title `init` writes; a draft still carrying it has not been filled in (assess says so). */
export const PLACEHOLDER_TITLE = 'Name of the change';

function comment(text: string, indent: string): string {
  return text
    .split('\n')
    .map((l) => `${indent}# ${l}`)
    .join('\n');
}

/** A commented draft with every question set to `unknown`, generated from the rulebook. */
export function draftTemplate(rb: Rulebook, schemaPath: string, role: string, id: string, rulebookPath?: string): string {
  const lines: string[] = [];
  lines.push(`# yaml-language-server: $schema=${schemaPath}`);
  lines.push(`# A gp-change draft (rulebook ${rb.id} ${rb.version}). Fill in what you know; leave "unknown" where you are`);
  lines.push('# not sure: unknowns are listed under "to find out", not held against the change.');
  lines.push('# Check it with: gp-change assess THIS-FILE');
  lines.push(`gpChange: ${DRAFT_FORMAT_VERSION}`);
  if (rulebookPath) lines.push(`rulebook: ${rulebookPath}          # the local rulebook this draft is written for`);
  lines.push(`id: ${id}`.padEnd(38) + '# the change this is about: respondents with the same id are compared side by side');
  lines.push(`title: ${PLACEHOLDER_TITLE}            # required`);
  lines.push('summary: What is changing, for whom, and why.');
  lines.push(`assessor: { role: ${role} }            # ${rb.roles.map((r) => `${r.id} (${r.label})`).join(' | ')}`);
  lines.push(`scope: ${UNKNOWN}                          # ${rb.scopes.map((s) => s.id).join(' | ')}`);
  lines.push('answers:');
  for (const p of rb.principles) {
    lines.push(`  # ${p.number}. ${p.title}`);
    for (const q of p.questions) {
      lines.push(comment(`${q.prompt}${q.relevantWhen ? ' (only when relevant)' : ''}`, '  '));
      lines.push(comment(q.options.map((o) => `${o.id}: ${o.label}`).join(' | '), '  '));
      lines.push(`  ${q.id}: ${UNKNOWN}`);
    }
  }
  for (const l of rb.lists) {
    lines.push(comment(l.prompt, ''));
    lines.push(`${l.id}: []`);
    lines.push(comment('For example:', ''));
    l.fields.forEach((f, i) => {
      const value = f.type === 'choice' ? `${f.options!.map((o) => o.id).join(' | ')}` : f.type === 'text-list' ? '[]' : '...';
      lines.push(`#   ${i === 0 ? '- ' : '  '}${f.id}: ${value}`);
    });
  }
  lines.push(comment(`${rb.skills.prompt} (${rb.skills.levels.map((o) => o.id).join(' | ')})`, ''));
  lines.push('skills:');
  for (const a of rb.skills.areas) lines.push(`  ${a.id}: ${UNKNOWN}`.padEnd(40) + `# ${a.label}`);
  lines.push('# Risks you accept, with your reasons: they stay in every report but do not fail a CI check.');
  lines.push('acknowledged: []');
  lines.push('#   - risk: too-many-targets');
  lines.push('#     reason: national contract; we cannot change it this year');
  lines.push('#     by: practice partners');
  lines.push('#     until: 2027-03-31');
  lines.push('notes: ""');
  return `${lines.join('\n')}\n`;
}
