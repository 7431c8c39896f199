import type { Rulebook } from '../rulebook/types.js';
import type { Context } from './context.js';
import { rulebookAt } from './rulebooks.js';

/** `gp-change rulebook validate [FILE]`: a local rulebook, or without one the built-in rulebook's sources (rules/, evidence/). */
export async function runRulebookValidate(file: string | undefined, ctx: Context): Promise<number> {
  let checked: Rulebook;
  if (file) checked = (await rulebookAt(file, true)).rulebook;
  else {
    const { loadRulebookFromSources } = await import('../rulebook/load-builtin-sources.js');
    checked = loadRulebookFromSources(ctx.root);
  }
  const n = (f: (p: Rulebook['principles'][number]) => number) => checked.principles.reduce((s, p) => s + f(p), 0);
  const chain = checked.chain ? ` (${checked.chain.map((c) => `${c.id} ${c.version}`).join(' -> ')})` : '';
  process.stdout.write(
    `rulebook ${checked.id} ${checked.version}${chain} is valid: ${checked.principles.length} principles, ${n((p) => p.evidence.length)} evidence claims, ` +
      `${n((p) => Object.values(p.actions).flat().length)} actions, ${n((p) => p.questions.length)} questions, ${n((p) => p.risks.length)} risks` +
      `${checked.disabledRisks?.length ? ` (${checked.disabledRisks.length} switched off)` : ''}, ${checked.references.length} references, every reference cited\n`,
  );
  return 0;
}

/** `gp-change rulebook show [FILE]`: the resolved rulebook as YAML, each item commented with where it came from. */
export async function runRulebookShow(file: string | undefined): Promise<number> {
  const chosen = await rulebookAt(file, true);
  const { showRulebook } = await import('../render/rulebook-yaml.js');
  process.stdout.write(showRulebook(chosen.rulebook, chosen.origins));
  return 0;
}
