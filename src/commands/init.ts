import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Rulebook } from '../rulebook/types.js';
import { DRAFT_FORMAT_VERSION, UNKNOWN } from '../draft/schema.js';
import { PLACEHOLDER_SUMMARY, PLACEHOLDER_TITLE } from '../draft/placeholders.js';
import { fileStem } from '../engine/assess.js';
import { cleanLine } from '../render/sanitize.js';
import { confirmReplace, writeFileAtomic } from '../io/output.js';
import { selfCommand, shellWord } from '../io/shell.js';
import type { Context } from './context.js';
import { rulebookAt } from './rulebooks.js';

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
  lines.push(`summary: ${PLACEHOLDER_SUMMARY}`);
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

export interface InitFlags {
  role: string;
  /** Replace an existing file without asking. */
  force?: boolean;
  /** A local rulebook the draft is written for (its questions included, its path in the draft). */
  rulebook?: string;
}

/** `gp-change init [FILE]`: writes the commented draft (to standard output for "-"). */
export async function runInit(file: string, flags: InitFlags, ctx: Context): Promise<number> {
  const book = (await rulebookAt(flags.rulebook)).rulebook;
  const schemaFile = join(ctx.root, 'schemas', 'proposal.schema.json');
  if (file === '-') {
    // "-" is standard output, as for any command-line tool: the schema line then has to be absolute.
    process.stdout.write(draftTemplate(book, schemaFile, flags.role, 'my-change', flags.rulebook ? resolve(flags.rulebook) : undefined));
    return 0;
  }
  const replace = await confirmReplace(file, flags.force);
  // Relative when the schema sits in the same project as the draft (gp-change in its node_modules, or
  // a draft inside this checkout), so the line still works once committed; absolute otherwise.
  const sameProject = schemaFile.startsWith(process.cwd() + sep) || resolve(file).startsWith(ctx.root + sep);
  const schema = sameProject ? relative(dirname(resolve(file)), schemaFile) : schemaFile;
  const rulebookPath = flags.rulebook ? relative(dirname(resolve(file)), resolve(flags.rulebook)) : undefined;
  writeFileAtomic(file, draftTemplate(book, schema, flags.role, fileStem(file), rulebookPath), { replace });
  process.stdout.write(`Wrote ${cleanLine(file)}. Fill it in, then run: ${selfCommand()} assess ${shellWord(cleanLine(file))}\n`);
  return 0;
}
