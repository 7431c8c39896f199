import type { Option, Rulebook } from '../rulebook/types.js';
import { LIMITS } from '../rulebook/limits.js';

export const UNKNOWN = 'unknown';
export const DRAFT_FORMAT_VERSION = 1;

/** True when the option set is yes/no, so YAML's true/false may stand for them. */
export function isYesNo(options: Option[] | undefined): boolean {
  return !!options && options.some((o) => o.id === 'yes') && options.some((o) => o.id === 'no');
}

function describe(prompt: string, options: Option[], help?: string): string {
  const lines = options.map((o) => `- \`${o.id}\`: ${o.label}${o.help ? ` - ${o.help}` : ''}`);
  return [prompt, help, ...lines, `- \`${UNKNOWN}\`: not sure yet`].filter(Boolean).join('\n');
}

function choice(prompt: string, options: Option[], help?: string, allowNull = false): Record<string, unknown> {
  const ids = [...options.map((o) => o.id), UNKNOWN];
  const yesNo = isYesNo(options);
  const anyOf: Record<string, unknown>[] = [{ enum: ids }];
  if (yesNo) anyOf.push({ type: 'boolean' });
  if (allowNull) anyOf.push({ type: 'null' });
  const d = describe(prompt, options, help);
  return anyOf.length === 1 ? { enum: ids, description: d, markdownDescription: d } : { anyOf, description: d, markdownDescription: d };
}

/** The proposal draft's JSON Schema, generated from the rulebook so its questions and options autocomplete. */
export function proposalSchema(rb: Rulebook): Record<string, unknown> {
  const questions = rb.principles.flatMap((p) => p.questions);
  const listSchemas = Object.fromEntries(
    rb.lists.map((l) => [
      l.id,
      {
        description: l.prompt,
        type: 'array',
        maxItems: LIMITS.listEntries,
        items: {
          type: 'object',
          additionalProperties: false,
          required: l.fields.filter((f) => f.required).map((f) => f.id),
          properties: Object.fromEntries(
            l.fields.map((f) => [
              f.id,
              f.type === 'choice'
                ? choice(f.prompt, f.options ?? [], undefined, true)
                : f.type === 'text-list'
                  ? { description: f.prompt, type: 'array', items: { type: 'string' } }
                  : { description: f.prompt, type: 'string', ...(f.required ? { pattern: '\\S' } : {}) },
            ]),
          ),
        },
      },
    ]),
  );
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `https://gp-change.dev/schemas/proposal-${rb.id}-${rb.version}.json`,
    title: `gp-change proposal draft (rulebook ${rb.id} ${rb.version})`,
    type: 'object',
    additionalProperties: false,
    required: ['gpChange', 'title', 'assessor'],
    properties: {
      gpChange: { const: DRAFT_FORMAT_VERSION, description: 'Draft format version.' },
      id: {
        type: 'string',
        pattern: '^[a-z0-9]+(-[a-z0-9]+)*$',
        description: 'Short slug for the change; defaults to the file name. `compare` groups respondents by it.',
      },
      title: { type: 'string', pattern: '\\S', description: 'The change, in a few words.' },
      rulebook: {
        type: 'string',
        pattern: '\\S',
        description: 'The local rulebook this draft was written for (a path relative to the draft); `--rulebook` wins over it.',
      },
      summary: { type: 'string', description: 'What the change is and why.' },
      assessor: {
        type: 'object',
        additionalProperties: false,
        required: ['role'],
        properties: {
          role: { enum: rb.roles.map((r) => r.id), description: rb.roles.map((r) => `\`${r.id}\`: ${r.label}`).join('; ') },
          name: { type: 'string' },
        },
      },
      scope: {
        anyOf: [{ enum: [...rb.scopes.map((s) => s.id), UNKNOWN] }, { type: 'null' }],
        description: rb.scopes.map((s) => `\`${s.id}\`: ${s.label}`).join('; '),
      },
      answers: {
        type: 'object',
        description: 'Question id -> one of its options, or `unknown`.',
        additionalProperties: false,
        properties: Object.fromEntries(questions.map((q) => [q.id, choice(q.prompt, q.options, q.help, true)])),
      },
      ...listSchemas,
      skills: {
        type: 'object',
        description: rb.skills.prompt,
        additionalProperties: false,
        properties: Object.fromEntries(rb.skills.areas.map((a) => [a.id, choice(a.label, rb.skills.levels, a.help, true)])),
      },
      acknowledged: {
        type: 'array',
        description: 'Risks the authors accept, with their reasons: shown in every report, but not failing CI.',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['risk', 'reason'],
          properties: {
            risk: { enum: rb.principles.flatMap((p) => p.risks.map((r) => r.id)) },
            reason: { type: 'string', pattern: '\\S' },
            by: { type: 'string' },
            until: {
              type: 'string',
              pattern: '^\\d{4}-\\d{2}-\\d{2}$',
              description: 'After this date (YYYY-MM-DD) the risk counts again.',
            },
          },
        },
      },
      plan: {
        type: 'array',
        description:
          'The action plan kept beside the change (`gp-change plan --format yaml` writes one); `assess` reports how far it has got.',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['item', 'done'],
          properties: {
            item: { type: 'string', pattern: '\\S', description: 'What is to be done.' },
            done: { anyOf: [{ enum: ['yes', 'no'] }, { type: 'boolean' }], description: '`yes` when it is done.' },
            owner: { type: 'string' },
            due: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'When it should be done (YYYY-MM-DD).' },
            risks: {
              type: 'array',
              items: { enum: rb.principles.flatMap((p) => p.risks.map((r) => r.id)) },
              description: 'The risks it answers.',
            },
          },
        },
      },
      notes: { type: 'string' },
    },
  };
}
