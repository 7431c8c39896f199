/**
 * The interview's drafts as files: YAML text in a draft file's order (merged into the `--from` file when
 * there is one, so its comments survive), and where recovery files live.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Document, isMap, isScalar, isSeq, parseDocument, visit, Scalar, type Node } from 'yaml';
import type { Draft } from '../draft/types.js';

type Path = (string | number)[];

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Sets `value` at `path`, keeping existing nodes (and their comments) wherever the value is unchanged. */
function merge(doc: Document, path: Path, value: unknown): void {
  const existing = doc.getIn(path, true) as Node | undefined;
  if (isObject(value)) {
    if (!isMap(existing)) {
      doc.setIn(path, doc.createNode(value));
      return;
    }
    for (const [k, v] of Object.entries(value)) merge(doc, [...path, k], v);
    if (existing.flow && Object.values(value).some((v) => typeof v === 'object' && v !== null)) existing.flow = false;
    return;
  }
  if (Array.isArray(value)) {
    if (!isSeq(existing)) {
      doc.setIn(path, doc.createNode(value));
      return;
    }
    if (existing.items.length > value.length) existing.items.splice(value.length);
    value.forEach((v, i) => {
      if (i < existing.items.length) merge(doc, [...path, i], v);
      else existing.items.push(doc.createNode(v));
    });
    if (existing.flow && value.some((v) => typeof v === 'object' && v !== null)) existing.flow = false;
    return;
  }
  if (isScalar(existing)) {
    if (existing.value !== value) {
      existing.value = value;
      if (existing.type === Scalar.BLOCK_FOLDED || existing.type === Scalar.BLOCK_LITERAL) existing.type = Scalar.PLAIN;
    }
    return;
  }
  doc.setIn(path, value);
}

// YAML 1.1 readers (and people) take these for booleans: quote them so every tool reads a string.
const BOOLEANISH = /^(y|yes|n|no|on|off|true|false)$/i;

export interface DraftYamlOptions {
  /** For the `# yaml-language-server: $schema=...` line (relative to the file, as `init` writes it). */
  schemaPath?: string;
  /** The text of the draft this one was resumed from: its comments and layout are kept. */
  base?: string;
  /** Further comment lines for the top of a new file. */
  header?: string[];
}

/** The draft as YAML text, valid input to `gp-change assess`. */
export function draftYaml(draft: Draft, options: DraftYamlOptions = {}): string {
  let doc: Document;
  const base = options.base ? parseDocument(options.base.replace(/^\uFEFF/, '')) : undefined;
  if (base && !base.errors.length && isMap(base.contents)) {
    doc = base;
    merge(doc, [], draft);
  } else {
    doc = new Document(draft);
  }
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && BOOLEANISH.test(node.value) && (node.type === undefined || node.type === Scalar.PLAIN))
        node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  const head: string[] = [];
  const hasSchemaLine = /^\s*#\s*yaml-language-server:/m.test(options.base?.split('\n').slice(0, 5).join('\n') ?? '');
  if (options.schemaPath && !hasSchemaLine) head.push(` yaml-language-server: $schema=${options.schemaPath}`);
  if (!base) head.push(...(options.header ?? []).map((l) => ` ${l}`));
  if (head.length) doc.commentBefore = [...head, ...(doc.commentBefore ? [doc.commentBefore] : [])].join('\n');
  return doc.toString({ lineWidth: 0 });
}

/** Where recovery files go: $GP_CHANGE_RECOVERY_DIR, else $XDG_STATE_HOME/gp-change, else ~/.local/state/gp-change. */
export function recoveryDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.GP_CHANGE_RECOVERY_DIR) return env.GP_CHANGE_RECOVERY_DIR;
  const state = env.XDG_STATE_HOME && env.XDG_STATE_HOME.startsWith('/') ? env.XDG_STATE_HOME : join(homedir(), '.local', 'state');
  return join(state, 'gp-change');
}

/** A new recovery file name in `dir`, from the time: recovery-2026-11-23-101503.yaml. */
export function newRecoveryFile(dir: string, now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
  let file = join(dir, `recovery-${stamp}.yaml`);
  for (let i = 2; existsSync(file); i++) file = join(dir, `recovery-${stamp}-${i}.yaml`);
  return file;
}

/** A file name from the change's title: "Same-day access hub" -> same-day-access-hub.yaml. */
export function slugFile(title: string | undefined): string {
  const slug = (title ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `${slug || 'change'}.yaml`;
}

const ANSWERED = 'gp-change-interview-answered:';

/**
 * The comment line a recovery file keeps of which slots were answered, "not sure" included, so a resume
 * asks nothing twice. (A draft without it counts only known answers as answered.)
 */
export function answeredLine(keys: string[]): string {
  return `${ANSWERED} ${keys.join(' ')}`;
}

/** The answered slots a recovery file recorded, or undefined for any other draft. */
export function answeredIn(text: string): string[] | undefined {
  const m = new RegExp(`^#\\s*${ANSWERED}(.*)$`, 'm').exec(text);
  return m ? m[1]!.trim().split(/\s+/).filter(Boolean) : undefined;
}
