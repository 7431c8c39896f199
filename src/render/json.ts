import type { Assessment } from '../engine/assessment.js';
import type { Problem } from '../load/errors.js';
import { jsonSafe } from './sanitize.js';

/**
 * JSON output: one document for the whole run, `{format, tool, assessments, errors, summary}`,
 * written piece by piece so a run over thousands of drafts never holds them all as one string. User text
 * stays as written; only characters a terminal could act on are written as \u escapes (jsonSafe).
 */
export const jsonRenderer = {
  begin(tool: { name: string; version: string }): string {
    return `{"format":1,"tool":${JSON.stringify(tool)},"assessments":[`;
  },
  draft(a: Assessment, index: number): string {
    return (index ? ',\n' : '\n') + assessmentJson(a);
  },
  end(errors: Problem[], summary: object): string {
    return `\n],"errors":${jsonSafe(JSON.stringify(errors))},"summary":${jsonSafe(JSON.stringify(summary))}}\n`;
  },
};

/**
 * One assessment as JSON. Its reference list is written from pieces made once per reference, with the
 * citation style's curly quotes and dashes as \u escapes (the same text to any JSON reader). Why: V8
 * keeps a string with no character past U+00FF at one byte a character, and one such character in a
 * citation made every report's JSON two bytes a character, slower to build and to encode for writing.
 */
export function assessmentJson(a: Assessment): string {
  const body = jsonSafe(JSON.stringify({ ...a, references: 0 }));
  // Inside a JSON string every `"` is escaped, so this can only be the top-level key, the last but one.
  const at = body.lastIndexOf(REFERENCES_SLOT);
  if (at === -1) return jsonSafe(JSON.stringify(a));
  let list = '';
  for (let i = 0; i < a.references.length; i++) list += (i ? ',' : '') + referenceJson(a.references[i]!);
  return `${body.slice(0, at)}"references":[${list}]${body.slice(at + REFERENCES_SLOT.length)}`;
}
const REFERENCES_SLOT = '"references":0';

const referencePieces = new WeakMap<object, string>();
function referenceJson(ref: Assessment['references'][number]): string {
  let piece = referencePieces.get(ref);
  if (piece === undefined) {
    // eslint-disable-next-line no-control-regex
    const escaped = JSON.stringify(ref).replace(/[^\u0000-\u007e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    // Read back through latin1 so V8 stores it at one byte a character (a replace keeps the wider form).
    piece = Buffer.from(escaped, 'latin1').toString('latin1');
    // Only the shared, frozen entries are remembered: nothing can change them after this.
    if (Object.isFrozen(ref)) referencePieces.set(ref, piece);
  }
  return piece;
}
