import { principleSchema, referencesSchema, rulebookMetaSchema } from './schema.js';

function withoutId<T extends { $id?: string }>(schema: T): Omit<T, '$id'> {
  const { $id: _ignored, ...rest } = schema;
  return rest;
}

/** One JSON Schema for every kind of rulebook file, for `gp-change schema rulebook` and editors. */
export function rulebookSchema(): Record<string, unknown> {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://gp-change.dev/schemas/rulebook.json',
    title: 'gp-change rulebook file (rulebook.yaml, a principle file, or references.yaml)',
    definitions: {
      rulebook: withoutId(rulebookMetaSchema),
      principle: withoutId(principleSchema),
      references: withoutId(referencesSchema),
    },
    anyOf: [{ $ref: '#/definitions/rulebook' }, { $ref: '#/definitions/principle' }, { $ref: '#/definitions/references' }],
  };
}
