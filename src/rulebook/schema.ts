import { LIMITS } from './limits.js';
import { SEVERITIES } from './severity.js';
import { DESIGN_SOURCES, DESIGNS, DOWNGRADES, STRENGTHS } from './evidence-strength.js';

/**
 * JSON Schemas of the rulebook's source files (docs/rulebook-format.md). Conditions are checked
 * separately (src/rulebook/conditions.ts) because their allow-list needs a walk, not a schema.
 */
const id = { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' } as const;
const text = { type: 'string', minLength: 1 } as const;
const idList = { type: 'array', items: id, uniqueItems: true } as const;
const score = { anyOf: [{ type: 'number', minimum: 0, maximum: 100 }, { type: 'null' }] } as const;
const severity = { enum: SEVERITIES };
const condition = { description: 'a json-logic expression over the draft view' } as const;
/** Weights are relative; the cap keeps sums finite and refuses `.inf` (docs/rulebook-format.md, Limits). */
const weight = { type: 'number', exclusiveMinimum: 0, maximum: LIMITS.weight } as const;

const labelled = {
  type: 'object',
  required: ['label'],
  additionalProperties: false,
  properties: { label: text, help: text },
} as const;

const scoredOption = {
  type: 'object',
  required: ['label', 'score'],
  additionalProperties: false,
  properties: { label: text, help: text, score },
} as const;

const optionMap = { type: 'object', minProperties: 1, propertyNames: id, additionalProperties: scoredOption } as const;

/** Who can act on an answer, for `gp-change whatif` and `plan` (docs/whatif.md). */
const changeable = {
  type: 'object',
  description: 'which roles can change this answer; `by: []` for what nobody can change after the fact',
  required: ['by'],
  additionalProperties: false,
  properties: {
    by: idList,
    step: { ...text, description: 'the change as an action, e.g. "Fund protected time (backfill) for the work"' },
    to: { ...idList, description: 'the options a change may move to (default: any better-scored option)' },
    when: {
      type: 'object',
      propertyNames: id,
      additionalProperties: condition,
      description: "role -> json-logic over the draft (and `item.*` for a list field): the change is that role's to make only where true",
    },
    why: { ...text, description: 'why these roles, or nobody, can change it' },
  },
} as const;

const listField = {
  type: 'object',
  required: ['prompt'],
  additionalProperties: false,
  properties: {
    type: { enum: ['text', 'text-list', 'choice'] },
    required: { type: 'boolean' },
    prompt: text,
    weight,
    options: optionMap,
    relevantWhen: { description: 'json-logic over the entry (`item.*`); when false the field is not asked or scored' },
    changeable,
  },
} as const;

export const rulebookMetaSchema = {
  $id: 'https://gp-change.dev/schemas/rulebook-meta.json',
  type: 'object',
  required: ['id', 'version', 'title', 'basedOn', 'bands', 'verdict', 'roles', 'scopes', 'lists', 'skills'],
  additionalProperties: false,
  properties: {
    perceptionGap: {
      type: 'object',
      description: '`gp-change compare`: when ICS and practice respondents to the same change diverge',
      required: ['id', 'principle', 'title', 'designer', 'frontline', 'questions', 'levels', 'explanation', 'evidence', 'advice'],
      additionalProperties: false,
      properties: {
        id,
        principle: id,
        title: text,
        designer: id,
        frontline: id,
        questions: { ...idList, minItems: 1, description: 'the questions bearing on imposition and understanding' },
        levels: {
          type: 'array',
          minItems: 1,
          description: 'severity by size, gravest first: the first level a gap reaches sets its severity',
          items: {
            type: 'object',
            required: ['severity', 'minScoreGap', 'minAnswerGap'],
            additionalProperties: false,
            properties: {
              severity,
              minScoreGap: { type: 'number', minimum: 1, maximum: 100, description: "points on a principle's score" },
              minAnswerGap: { type: 'number', minimum: 1, maximum: 100, description: 'points between two option scores' },
            },
          },
        },
        claims: idList,
        severityReason: text,
        explanation: text,
        evidence: { ...idList, minItems: 1 },
        advice: { type: 'object', minProperties: 1, propertyNames: id, additionalProperties: text },
        actions: idList,
      },
    },
    id,
    version: { type: 'string', pattern: '^\\d+\\.\\d+\\.\\d+' },
    title: text,
    description: text,
    basedOn: { ...idList, minItems: 1 },
    bands: {
      type: 'object',
      required: ['strong', 'developing'],
      additionalProperties: false,
      properties: {
        strong: { type: 'number', minimum: 0, maximum: 100 },
        developing: { type: 'number', minimum: 0, maximum: 100 },
        minCoverage: {
          type: 'number',
          minimum: 0,
          maximum: 1,
          description: 'below this share of questions answered, a band is provisional and the verdict cannot be ready',
        },
      },
    },
    verdict: {
      type: 'object',
      required: ['rethink', 'ready'],
      additionalProperties: false,
      properties: {
        rethink: {
          type: 'object',
          required: ['minHighRisks', 'minWeakPrinciples'],
          additionalProperties: false,
          properties: { minHighRisks: { type: 'integer', minimum: 1 }, minWeakPrinciples: { type: 'integer', minimum: 1 } },
        },
        ready: {
          type: 'object',
          required: ['maxHighRisks', 'maxMediumRisks', 'minBand'],
          additionalProperties: false,
          properties: {
            maxHighRisks: { type: 'integer', minimum: 0 },
            maxMediumRisks: { type: 'integer', minimum: 0 },
            minBand: { enum: ['strong', 'developing', 'weak'] },
            notWith: { ...idList, description: 'risks that keep a change from ready whatever their severity' },
            maxUnknownShare: {
              type: 'number',
              minimum: 0,
              maximum: 1,
              description: 'the largest share of the questions asked that may be unknown for a change to be ready',
            },
          },
        },
      },
    },
    roles: {
      type: 'object',
      minProperties: 1,
      propertyNames: id,
      additionalProperties: {
        type: 'object',
        required: ['label', 'audience'],
        additionalProperties: false,
        properties: { label: text, audience: text, description: text },
      },
    },
    scopes: { type: 'object', minProperties: 1, propertyNames: id, additionalProperties: labelled },
    lists: {
      type: 'object',
      propertyNames: { type: 'string', pattern: '^[a-z][a-zA-Z]*$' },
      additionalProperties: {
        type: 'object',
        required: ['principle', 'weight', 'item', 'prompt', 'fields'],
        additionalProperties: false,
        properties: {
          principle: id,
          weight,
          item: text,
          prompt: text,
          fields: {
            type: 'object',
            required: ['name'],
            propertyNames: { type: 'string', pattern: '^[a-z][a-zA-Z]*$' },
            additionalProperties: listField,
          },
        },
      },
    },
    skills: {
      type: 'object',
      required: ['principle', 'weight', 'prompt', 'levels', 'areas'],
      additionalProperties: false,
      properties: {
        principle: id,
        weight,
        prompt: text,
        levels: optionMap,
        areas: { type: 'object', minProperties: 1, propertyNames: id, additionalProperties: labelled },
        changeable,
      },
    },
  },
} as const;

const action = {
  type: 'object',
  required: ['id', 'text'],
  additionalProperties: false,
  properties: { id, text, references: idList },
} as const;

export const principleSchema = {
  $id: 'https://gp-change.dev/schemas/rulebook-principle.json',
  type: 'object',
  required: ['id', 'number', 'title', 'shortTitle', 'summary', 'whyItMatters', 'evidence', 'actions', 'questions', 'risks'],
  additionalProperties: false,
  properties: {
    id,
    number: { type: 'integer', minimum: 1 },
    title: text,
    shortTitle: { type: 'string', minLength: 1, maxLength: 22 },
    summary: text,
    whyItMatters: text,
    evidence: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['id', 'claim', 'strength', 'grade', 'references'],
        additionalProperties: false,
        properties: {
          id,
          claim: text,
          strength: { enum: STRENGTHS, description: "the claim's grade by docs/method.md; the build checks it against `grade`" },
          strengthNote: { ...text, description: 'how the guide words the strength, where that differs' },
          grade: {
            type: 'object',
            required: ['basis', 'reason'],
            additionalProperties: false,
            properties: {
              basis: { ...id, description: 'the reference whose design sets the starting level (one of `references`)' },
              down: { type: 'array', items: { enum: DOWNGRADES }, uniqueItems: true, description: 'reasons to rate down, one level each' },
              reason: { ...text, description: 'the grade in one line: design, setting, what rates it down' },
            },
          },
          references: { ...idList, minItems: 1 },
        },
      },
    },
    actions: { type: 'object', propertyNames: id, additionalProperties: { type: 'array', items: action } },
    questions: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'prompt', 'weight', 'options'],
        additionalProperties: false,
        properties: {
          id,
          prompt: text,
          prompts: { type: 'object', propertyNames: id, additionalProperties: text },
          help: text,
          weight,
          relevantWhen: condition,
          changeable,
          options: {
            type: 'array',
            minItems: 2,
            items: {
              type: 'object',
              required: ['id', 'label', 'score'],
              additionalProperties: false,
              properties: { id, label: text, help: text, score },
            },
          },
        },
      },
    },
    risks: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'title', 'severity', 'when', 'explanation', 'evidence', 'advice'],
        additionalProperties: false,
        properties: {
          id,
          title: text,
          severity,
          escalate: {
            type: 'array',
            items: {
              type: 'object',
              required: ['to', 'when', 'why'],
              additionalProperties: false,
              properties: { to: severity, when: condition, why: text },
            },
          },
          forEach: { type: 'string' },
          when: condition,
          explanation: text,
          evidence: { ...idList, minItems: 1 },
          claims: idList,
          cause: { ...text, description: 'a short phrase naming the risk in the verdict line; its title otherwise' },
          severityReason: {
            ...text,
            description: 'why the risk may be high although none of its claims is graded moderate or better',
          },
          advice: { type: 'object', minProperties: 1, propertyNames: id, additionalProperties: text },
          actions: idList,
        },
      },
    },
  },
} as const;

export const referencesSchema = {
  $id: 'https://gp-change.dev/schemas/references.json',
  type: 'array',
  minItems: 1,
  items: {
    type: 'object',
    required: ['id', 'type', 'title'],
    properties: {
      id,
      type: { type: 'string' },
      title: text,
      author: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: { family: text, given: text, literal: text },
        },
      },
      issued: {
        type: 'object',
        required: ['date-parts'],
        properties: { 'date-parts': { type: 'array', items: { type: 'array', items: { type: ['integer', 'string'] } } } },
      },
      // Types of the fields reports print, so a hand-written entry cannot put a list or mapping into a citation.
      'container-title': text,
      volume: { type: ['string', 'number'] },
      issue: { type: ['string', 'number'] },
      page: { type: ['string', 'number'] },
      publisher: text,
      'publisher-place': text,
      note: text,
      DOI: { type: 'string', pattern: '^10\\.\\d{4,9}/\\S+$' },
      URL: { type: 'string', pattern: '^https?://' },
      design: { enum: DESIGNS, description: "the study's design, where a claim's grade starts (docs/method.md)" },
      addedBecause: { ...text, description: "for a reference outside the guide's own list: why the rulebook cites it" },
      designSource: { enum: DESIGN_SOURCES, description: 'how the design is known: the abstract, or only the title or the guide' },
      unchecked: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        uniqueItems: true,
        description: 'fields nobody could confirm (URL, issued, author...): reports mark them as not checked',
      },
    },
  },
} as const;

const optionOverride = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: { label: text, help: text, score },
} as const;

/** A local rulebook: one file that extends the built-in one (or another local rulebook) and adapts it. */
export const localRulebookSchema = {
  $id: 'https://gp-change.dev/schemas/rulebook-local.json',
  type: 'object',
  required: ['id', 'version', 'title', 'extends'],
  additionalProperties: false,
  properties: {
    id,
    version: rulebookMetaSchema.properties.version,
    title: text,
    description: text,
    extends: { type: 'string', minLength: 1, description: '`builtin`, or a path (relative to this file) to another local rulebook' },
    bands: rulebookMetaSchema.properties.bands,
    verdict: rulebookMetaSchema.properties.verdict,
    principles: {
      type: 'object',
      description: 'Additions to existing principles, by principle id: new questions, risks and evidence claims.',
      propertyNames: id,
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: {
          evidence: principleSchema.properties.evidence,
          questions: principleSchema.properties.questions,
          risks: principleSchema.properties.risks,
        },
      },
    },
    override: {
      type: 'object',
      description: 'Changes to items the parent rulebook defines. Only this form may change an existing id.',
      additionalProperties: false,
      properties: {
        questions: {
          type: 'object',
          propertyNames: id,
          additionalProperties: {
            type: 'object',
            additionalProperties: false,
            minProperties: 1,
            properties: {
              prompt: text,
              help: text,
              weight,
              options: { type: 'object', propertyNames: id, additionalProperties: optionOverride },
            },
          },
        },
        risks: {
          type: 'object',
          propertyNames: id,
          additionalProperties: {
            type: 'object',
            additionalProperties: false,
            minProperties: 1,
            properties: {
              disabled: { type: 'boolean' },
              severity,
              escalate: principleSchema.properties.risks.items.properties.escalate,
              severityReason: principleSchema.properties.risks.items.properties.severityReason,
              why: { ...text, description: 'why this rulebook changes the risk (shown by explain and rulebook show)' },
            },
          },
        },
      },
    },
    references: {
      ...referencesSchema,
      minItems: 0,
      description: 'Local evidence: an audit, a staff survey (CSL-YAML items, with a URL or a note).',
    },
  },
} as const;
