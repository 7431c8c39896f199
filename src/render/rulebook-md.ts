import type { Principle, Reference, Risk, Rulebook } from '../rulebook/types.js';
import { citationOf, shortCitation } from '../engine/citations.js';
import { conditionWords } from './condition-words.js';
import { strengthWords } from '../rulebook/evidence-strength.js';

/** Markdown views of the rulebook: `principles`, `evidence`, `explain` and the generated docs share them. */

function cite(rb: Rulebook, ids: string[]): string {
  return ids
    .map((id) => rb.references.find((r) => r.id === id))
    .filter((r): r is Reference => !!r)
    .map((r) => `${shortCitation(r)} [\`${r.id}\`]`)
    .join('; ');
}

function roleLabel(rb: Rulebook, id: string): string {
  return rb.roles.find((r) => r.id === id)?.audience ?? id;
}

export function principleMarkdown(rb: Rulebook, p: Principle, role?: string, depth = 1): string {
  const h = '#'.repeat(depth);
  const out: string[] = [];
  out.push(`${h} ${p.number}. ${p.title} (\`${p.id}\`)`, '');
  out.push(p.summary, '');
  out.push(`${h}# What the evidence says`, '');
  // The grade is the rulebook's, from the study's design (docs/method.md); the guide's own wording follows it.
  const sentence = (t: string) => `${t.charAt(0).toLowerCase()}${t.slice(1).replace(/\.$/, '')}`;
  for (const c of p.evidence)
    out.push(
      `- ${c.claim} *${strengthWords(c.strength)} evidence* (graded by docs/method.md: ${sentence(c.grade.reason)}${
        c.strengthNote ? `; the guide's wording: ${sentence(c.strengthNote)}` : ''
      }); ${cite(rb, c.references)}.`,
    );
  out.push('', `${h}# Why it matters`, '', p.whyItMatters, '');
  for (const [audience, actions] of Object.entries(p.actions)) {
    if (role && audience !== role) continue;
    out.push(`${h}# What to do: ${roleLabel(rb, audience).replace(/^For /, 'for ')}`, '');
    for (const a of actions) out.push(`- ${a.text} (\`${a.id}\`${a.references?.length ? `; ${cite(rb, a.references)}` : ''})`);
    out.push('');
  }
  out.push(`${h}# Questions`, '');
  for (const q of p.questions) {
    out.push(
      `- \`${q.id}\`: ${(role && q.prompts?.[role]) || q.prompt} (weight ${q.weight}${q.relevantWhen ? '; asked only when relevant' : ''})`,
    );
    for (const o of q.options)
      out.push(`  - \`${o.id}\` ${o.label}${o.score === null ? '' : ` (score ${o.score})`}${o.help ? `: ${o.help}` : ''}`);
  }
  out.push('', `${h}# Risks`, '');
  for (const r of p.risks)
    out.push(
      `- \`${r.id}\` (${r.severity}${r.escalate?.length ? `, can rise to ${r.escalate.map((e) => e.to).join('/')}` : ''}): ${r.title}`,
    );
  out.push('');
  return out.join('\n');
}

export function riskMarkdown(rb: Rulebook, r: Risk, depth = 1): string {
  const noun = r.forEach ? itemOf(rb, r.forEach) : 'entry';
  const said = (c: unknown) => conditionWords(c).replace(/the entry's /g, `the ${noun}'s `);
  const h = '#'.repeat(depth);
  const p = rb.principles.find((x) => x.id === r.principle)!;
  const out: string[] = [];
  out.push(`${h} \`${r.id}\`: ${r.title}`, '');
  out.push(
    `**Principle:** ${p.number}. ${p.title} · **Severity:** ${r.severity}${r.forEach ? ` · **Tested for each entry of:** \`${r.forEach}\`` : ''}`,
    '',
  );
  out.push(r.explanation, '');
  if (r.escalate?.length) {
    out.push(`${h}# When it is graver (or milder)`, '');
    for (const e of r.escalate) out.push(`- **${e.to}** when ${said(e.when)}: ${e.why}`);
    out.push('');
  }
  out.push(`${h}# Evidence`, '');
  for (const id of r.evidence) {
    const ref = rb.references.find((x) => x.id === id);
    if (ref) out.push(`- ${citationOf(rb, ref)}`);
  }
  const claims = p.evidence.filter((c) => r.claims?.includes(c.id));
  for (const c of claims) out.push(`- *Claim (${strengthWords(c.strength)}: ${c.grade.reason}):* ${c.claim}`);
  if (r.severityReason) out.push('', `*Why it can be high on this evidence:* ${r.severityReason}`);
  out.push('', `${h}# What to do`, '');
  for (const [role, advice] of Object.entries(r.advice)) out.push(`- **${roleLabel(rb, role)}:** ${advice}`);
  const actions = rb.principles.flatMap((x) => Object.values(x.actions).flat()).filter((a) => r.actions?.includes(a.id));
  if (actions.length) {
    out.push('', 'From the guide:', '');
    for (const a of actions) out.push(`- ${roleLabel(rb, a.audience)}: ${a.text} (\`${a.id}\`)`);
  }
  out.push(
    '',
    `${h}# Fires when`,
    '',
    `${r.forEach ? `For each ${itemOf(rb, r.forEach)}: ` : ''}${said(r.when)}.`,
    '',
    'As the rulebook writes it (json-logic):',
    '',
    '```json',
    JSON.stringify(r.when),
    '```',
    '',
  );
  return out.join('\n');
}

export function referenceMarkdown(rb: Rulebook, ref: Reference, depth = 1): string {
  const h = '#'.repeat(depth);
  const out: string[] = [`${h} ${shortCitation(ref)} (\`${ref.id}\`)`, '', citationOf(rb, ref), ''];
  if (ref.design)
    out.push(
      `*Design:* ${ref.design.replace(/-/g, ' ')} (${ref.designSource === 'full-text' || ref.designSource === 'abstract' ? `from the study's ${ref.designSource === 'abstract' ? 'abstract' : 'own text'}` : `from its ${ref.designSource ?? 'title'} only; the paper itself was not checked`})`,
      '',
    );
  if (ref.note) out.push(`*Note:* ${ref.note}`, '');
  const claims = rb.principles.flatMap((p) => p.evidence.filter((c) => c.references.includes(ref.id)).map((c) => ({ p, c })));
  if (claims.length) {
    out.push(`${h}# Claims resting on it`, '');
    for (const { p, c } of claims) out.push(`- Principle ${p.number} (\`${p.id}\`), ${strengthWords(c.strength)}: ${c.claim}`);
    out.push('');
  }
  const risks = rb.principles.flatMap((p) => p.risks).filter((r) => r.evidence.includes(ref.id));
  if (risks.length) {
    out.push(`${h}# Risks citing it`, '');
    for (const r of risks) out.push(`- \`${r.id}\` (${r.severity}): ${r.title}`);
    out.push('');
  }
  return out.join('\n');
}

export function bibliographyMarkdown(rb: Rulebook): string {
  const out = [
    '# Evidence',
    '',
    `Every reference of the rulebook ${rb.id} ${rb.version}; \`gp-change evidence ID\` shows what cites one.`,
    '',
  ];
  for (const r of rb.references) out.push(`- \`${r.id}\`: ${citationOf(rb, r)}`);
  out.push('');
  return out.join('\n');
}

/** `explain perception-gap`: the comparison rule, which `compare` applies between respondents. */
export function perceptionGapMarkdown(rb: Rulebook, depth = 1): string {
  const g = rb.perceptionGap!;
  const h = '#'.repeat(depth);
  const p = rb.principles.find((x) => x.id === g.principle);
  const role = (id: string) => rb.roles.find((r) => r.id === id)?.label ?? id;
  const out: string[] = [`${h} \`${g.id}\`: ${g.title}`, ''];
  out.push(
    `**Principle:** ${p ? `${p.number}. ${p.title}` : g.principle} · **Severity:** ${g.levels.map((l) => l.severity).join(' or ')}, by the size of the gap · **Found by:** \`gp-change compare\``,
    '',
  );
  out.push(g.explanation, '');
  out.push(`${h}# When it is found`, '');
  out.push(
    `Two drafts with the same \`id\`, one from the ${role(g.designer)} and one from the ${role(g.frontline)}, where the first scores a principle higher, or answers one of the questions on involvement and understanding (${g.questions.map((id) => `\`${id}\``).join(', ')}) with an option scoring higher:`,
    '',
    ...g.levels.map(
      (l) => `- **${l.severity}** from ${l.minScoreGap} points on a principle's score, or ${l.minAnswerGap} points between two answers`,
    ),
    '',
  );
  if (g.severityReason) out.push(`*Why it can be high on this evidence:* ${g.severityReason}`, '');
  out.push(`${h}# Evidence`, '');
  for (const id of g.evidence) {
    const ref = rb.references.find((x) => x.id === id);
    if (ref) out.push(`- ${citationOf(rb, ref)}`);
  }
  out.push('', `${h}# What to do`, '');
  for (const [r, advice] of Object.entries(g.advice)) out.push(`- **${roleLabel(rb, r)}:** ${advice}`);
  out.push('');
  return out.join('\n');
}

function itemOf(rb: Rulebook, list: string): string {
  return rb.lists.find((l) => l.id === list)?.item ?? 'entry';
}
