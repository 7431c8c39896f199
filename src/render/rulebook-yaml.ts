import { Document, isNode, Scalar, visit, type Node } from 'yaml';
import type { Origins } from '../rulebook/resolve.js';
import type { Rulebook } from '../rulebook/types.js';
import { locate } from '../load/ajv-problems.js';
import { cleanLine, jsonSafe } from './sanitize.js';

// Characters the yaml package prints as they are even in double quotes, but a terminal may act on.
const UNSAFE = /[\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/**
 * The resolved rulebook as YAML, each principle, claim, action, question, risk and reference
 * preceded by a comment naming the file and line it came from (or the rulebook it was inherited from).
 */
export function showRulebook(rb: Rulebook, origins: Origins = new WeakMap()): string {
  const { citations: _formatted, ...plain } = rb;
  const doc = new Document(plain);
  const inherited = rb.chain?.[0] ? `${rb.chain[0].id} ${rb.chain[0].version}` : `${rb.id} ${rb.version}`;
  const note = (item: object, path: (string | number)[]) => {
    const node = doc.getIn(path, true);
    if (!isNode(node)) return;
    const origin = origins.get(item);
    const where = origin
      ? `${cleanLine(origin.source.file)}:${locate(origin.source, origin.path).line}${origin.path ? ` (${origin.path})` : ''}`
      : `the ${inherited} rulebook`;
    (node as Node).commentBefore = ` from ${where}`;
  };
  doc.commentBefore = ` Rulebook ${rb.id} ${rb.version}${rb.chain ? `, built from ${rb.chain.map((c) => `${c.id} ${c.version}${c.file ? ` (${cleanLine(c.file)})` : ''}`).join(' -> ')}` : ''}.`;
  rb.principles.forEach((p, i) => {
    note(p, ['principles', i]);
    p.evidence.forEach((c, j) => note(c, ['principles', i, 'evidence', j]));
    for (const [aud, list] of Object.entries(p.actions)) list.forEach((a, j) => note(a, ['principles', i, 'actions', aud, j]));
    p.questions.forEach((q, j) => note(q, ['principles', i, 'questions', j]));
    p.risks.forEach((r, j) => note(r, ['principles', i, 'risks', j]));
  });
  rb.references.forEach((r, i) => note(r, ['references', i]));
  // A local rulebook's text is anyone's: strings holding such characters are double-quoted, where
  // the yaml package escapes C0 controls itself and jsonSafe writes the rest as \u escapes.
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && UNSAFE.test(node.value)) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  return jsonSafe(doc.toString({ lineWidth: 110 }));
}
