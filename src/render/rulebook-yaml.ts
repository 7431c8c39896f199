import { Document, isNode, type Node } from 'yaml';
import type { Origins } from '../rulebook/resolve.js';
import type { Rulebook } from '../rulebook/types.js';
import { locate } from '../load/ajv-problems.js';

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
    const where = origin ? `${origin.source.file}:${locate(origin.source, origin.path).line}${origin.path ? ` (${origin.path})` : ''}` : `the ${inherited} rulebook`;
    (node as Node).commentBefore = ` from ${where}`;
  };
  doc.commentBefore = ` Rulebook ${rb.id} ${rb.version}${rb.chain ? `, built from ${rb.chain.map((c) => `${c.id} ${c.version}${c.file ? ` (${c.file})` : ''}`).join(' -> ')}` : ''}.`;
  rb.principles.forEach((p, i) => {
    note(p, ['principles', i]);
    p.evidence.forEach((c, j) => note(c, ['principles', i, 'evidence', j]));
    for (const [aud, list] of Object.entries(p.actions)) list.forEach((a, j) => note(a, ['principles', i, 'actions', aud, j]));
    p.questions.forEach((q, j) => note(q, ['principles', i, 'questions', j]));
    p.risks.forEach((r, j) => note(r, ['principles', i, 'risks', j]));
  });
  rb.references.forEach((r, i) => note(r, ['references', i]));
  return doc.toString({ lineWidth: 110 });
}
