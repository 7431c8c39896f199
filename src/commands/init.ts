import { readFileSync } from 'node:fs';
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
  /** Whose view the draft gives; without it, the rulebook's first role, and init says so. */
  role?: string;
  /** Replace an existing file without asking. */
  force?: boolean;
  /** A local rulebook the draft is written for (its questions included, its path in the draft). */
  rulebook?: string;
}

/**
 * The draft's `$schema` reference. A path relative to the draft when the schema travels with it (gp-change
 * in the node_modules of a folder that holds the draft, or a draft inside a gp-change checkout), so the
 * line works in every clone; otherwise, and for standard output, the schema published with this
 * release, so the line never names a folder on this machine.
 */
export function schemaReference(root: string, version: string, draft?: string): string {
  const schemaFile = join(root, 'schemas', 'proposal.schema.json');
  const parts = root.split(sep);
  const installedAt = parts.lastIndexOf('node_modules');
  const project = installedAt > 0 ? parts.slice(0, installedAt).join(sep) : root;
  if (draft && resolve(draft).startsWith(project + sep))
    return relative(dirname(resolve(draft)), schemaFile)
      .split(sep)
      .join('/');
  return publishedSchemaUrl(root, version) ?? schemaFile;
}

/** The schema at this version's release tag in the repository package.json names, when that is on GitHub. */
function publishedSchemaUrl(root: string, version: string): string | undefined {
  let url: string | undefined;
  try {
    const repository = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { repository?: { url?: string } | string })
      .repository;
    url = typeof repository === 'string' ? repository : repository?.url;
  } catch {
    return undefined;
  }
  const github = /github\.com[/:]([\w.-]+)\/([\w.-]+?)(?:\.git)?$/.exec(url ?? '');
  return github ? `https://raw.githubusercontent.com/${github[1]}/${github[2]}/v${version}/schemas/proposal.schema.json` : undefined;
}

/** "for the ICB view (role: ics, the default; --role practice for the Practice view)": the role chosen, said plainly. */
function roleWords(book: Rulebook, role: string, defaulted: boolean): string {
  const label = book.roles.find((r) => r.id === role)?.label ?? role;
  const others = book.roles.filter((r) => r.id !== role).map((r) => `--role ${r.id} for the ${r.label}`);
  return `for the ${label} (role: ${role}${defaulted ? `, the default; ${others.join(', ')}` : ''})`;
}

/** `gp-change init [FILE]`: writes the commented draft (to standard output for "-"). */
export async function runInit(file: string, flags: InitFlags, ctx: Context): Promise<number> {
  const book = (await rulebookAt(flags.rulebook)).rulebook;
  const role = flags.role ?? book.roles[0]!.id;
  if (file === '-') {
    const rulebookPath = flags.rulebook ? resolve(flags.rulebook) : undefined;
    process.stdout.write(draftTemplate(book, schemaReference(ctx.root, ctx.version), role, 'my-change', rulebookPath));
    return 0;
  }
  const replace = await confirmReplace(file, flags.force);
  const rulebookPath = flags.rulebook ? relative(dirname(resolve(file)), resolve(flags.rulebook)) : undefined;
  const schema = schemaReference(ctx.root, ctx.version, file);
  writeFileAtomic(file, draftTemplate(book, schema, role, fileStem(file), rulebookPath), { replace });
  process.stdout.write(
    `Wrote ${cleanLine(file)} ${roleWords(book, role, flags.role === undefined)}. Fill it in, then run: ${selfCommand()} assess ${shellWord(cleanLine(file))}\n`,
  );
  return 0;
}
