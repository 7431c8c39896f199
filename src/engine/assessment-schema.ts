import { SEVERITIES } from '../rulebook/severity.js';
import { STRENGTHS } from '../rulebook/evidence-strength.js';

/** JSON Schema of `gp-change assess --format json` (the run document and each assessment in it). */
export function assessmentSchema(): Record<string, unknown> {
  const str = { type: 'string' };
  const int = { type: 'integer' };
  const severity = { enum: [...SEVERITIES] };
  const location = {
    type: 'object',
    required: ['file', 'path', 'line', 'col', 'endLine', 'endCol'],
    additionalProperties: false,
    properties: { file: str, path: str, line: int, col: int, endLine: int, endCol: int },
  };
  const problem = {
    type: 'object',
    required: ['file', 'message'],
    properties: { file: str, message: str, line: int, col: int, endLine: int, endCol: int, path: str },
  };
  const assessment = {
    type: 'object',
    required: [
      'format',
      'file',
      'id',
      'title',
      'role',
      'scope',
      'date',
      'rulebook',
      'bands',
      'verdict',
      'principles',
      'findings',
      'toFindOut',
      'staleAcknowledgements',
      'references',
      'caveat',
    ],
    additionalProperties: false,
    properties: {
      format: { const: 1 },
      file: str,
      id: str,
      title: str,
      summary: str,
      role: { type: 'object', required: ['id', 'label', 'audience'], properties: { id: str, label: str, audience: str } },
      scope: str,
      assessor: str,
      date: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
      rulebook: {
        type: 'object',
        required: ['id', 'version', 'title'],
        properties: {
          id: str,
          version: str,
          title: str,
          minCoverage: { type: 'number' },
          chain: {
            type: 'array',
            items: { type: 'object', required: ['id', 'version'], properties: { id: str, version: str, file: str } },
          },
          disabledRisks: { type: 'array', items: { type: 'object', required: ['id', 'by'], properties: { id: str, by: str, why: str } } },
        },
      },
      bands: {
        type: 'object',
        required: ['strong', 'developing'],
        properties: { strong: { type: 'number' }, developing: { type: 'number' } },
      },
      verdict: {
        type: 'object',
        required: ['level', 'reason', 'counts'],
        properties: {
          level: { enum: ['ready', 'revise', 'rethink'] },
          reason: str,
          counts: {
            type: 'object',
            required: ['high', 'medium', 'low', 'weak'],
            properties: { high: int, medium: int, low: int, weak: int },
          },
        },
      },
      principles: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id', 'number', 'title', 'shortTitle', 'score', 'band', 'provisional', 'applicable', 'coverage', 'lists'],
          additionalProperties: false,
          properties: {
            id: str,
            number: int,
            title: str,
            shortTitle: str,
            score: { type: ['integer', 'null'], minimum: 0, maximum: 100 },
            band: { enum: ['strong', 'developing', 'weak', 'unscored'] },
            provisional: { type: 'boolean' },
            applicable: { type: 'boolean' },
            coverage: {
              type: 'object',
              required: ['answered', 'asked', 'ratio'],
              properties: { answered: int, asked: int, ratio: { type: 'number' } },
            },
            lists: {
              type: 'array',
              items: { type: 'object', required: ['id', 'item', 'count'], properties: { id: str, item: str, count: int } },
            },
            skills: { type: 'object', required: ['known', 'total'], properties: { known: int, total: int } },
          },
        },
      },
      findings: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id', 'principle', 'title', 'severity', 'explanation', 'evidence', 'advice', 'actions', 'location', 'related'],
          additionalProperties: false,
          properties: {
            id: str,
            principle: str,
            title: str,
            severity,
            baseSeverity: severity,
            escalation: str,
            explanation: str,
            evidence: {
              type: 'array',
              items: {
                type: 'object',
                required: ['id', 'short'],
                properties: { id: str, short: str, container: str, strength: { enum: [...STRENGTHS] } },
              },
            },
            advice: str,
            actions: { type: 'array', items: { type: 'object', required: ['id', 'text'], properties: { id: str, text: str } } },
            location,
            related: { type: 'array', items: location },
            entry: { type: 'object', required: ['list', 'index', 'name'], properties: { list: str, index: int, name: str } },
            acknowledged: { type: 'object', required: ['reason'], properties: { reason: str, by: str, until: str } },
          },
        },
      },
      toFindOut: {
        type: 'array',
        items: {
          type: 'object',
          required: ['path', 'principle', 'label', 'location'],
          properties: { path: str, principle: str, label: str, entry: str, entryName: str, location },
        },
      },
      staleAcknowledgements: {
        type: 'array',
        items: {
          type: 'object',
          required: ['risk', 'reason', 'message', 'location'],
          properties: { risk: str, reason: { enum: ['expired', 'not-firing', 'duplicate'] }, message: str, location },
        },
      },
      plan: {
        type: 'object',
        description: 'How far the plan kept in the draft (`plan:`) has got',
        required: ['total', 'done', 'overdue', 'next'],
        properties: {
          total: int,
          done: int,
          overdue: { type: 'array', items: { type: 'object', required: ['item', 'due'], properties: { item: str, due: str } } },
          next: { type: 'array', items: str },
        },
      },
      references: {
        type: 'array',
        items: { type: 'object', required: ['id', 'short', 'full'], properties: { id: str, short: str, full: str } },
      },
      caveat: str,
      whatif: { $ref: '#/definitions/whatif' },
    },
  };
  const level = { enum: ['rethink', 'revise', 'ready'] };
  const strs = { type: 'array', items: str };
  const step = {
    type: 'object',
    required: ['field', 'principle', 'action', 'question', 'from', 'fromLabels', 'to', 'toLabel', 'paths', 'risks', 'evidence'],
    properties: {
      field: { ...str, description: '`answers.ID`, `skills.ID` or `LIST[*].FIELD`' },
      principle: str,
      action: str,
      question: str,
      from: strs,
      fromLabels: strs,
      to: str,
      toLabel: str,
      paths: { ...strs, description: 'every draft path the step changes' },
      entries: { type: 'object', properties: { list: str, item: str, names: strs } },
      risks: strs,
      evidence: { type: 'array', items: { type: 'object', required: ['id', 'short'], properties: { id: str, short: str } } },
    },
  };
  const change = { type: 'object', required: ['risk', 'title'], properties: { risk: str, title: str, from: {}, to: {}, entry: int } };
  const path = {
    type: 'object',
    required: ['steps', 'verdict', 'bands', 'clears', 'adds'],
    properties: {
      steps: { type: 'array', items: step },
      verdict: level,
      bands: { type: 'array', items: { type: 'object', properties: { principle: str, band: str, score: {} } } },
      clears: { type: 'array', items: change },
      adds: { type: 'array', items: change },
    },
  };
  const whatif = {
    type: 'object',
    description: 'What would move the verdict (`gp-change whatif`; docs/whatif.md)',
    required: ['role', 'verdict', 'goals', 'findOut'],
    properties: {
      role: str,
      verdict: level,
      goals: {
        type: 'array',
        items: {
          type: 'object',
          required: ['kind', 'from', 'to', 'paths', 'search'],
          properties: {
            kind: { enum: ['verdict', 'band'] },
            principle: str,
            from: str,
            to: str,
            paths: { type: 'array', items: path },
            longer: path,
            outOfReach: {
              type: 'array',
              items: { type: 'object', properties: { risk: str, title: str, severity, by: strs } },
            },
            search: {
              type: 'object',
              required: ['steps', 'maxSize', 'evaluated', 'exhaustive', 'considered'],
              properties: {
                steps: int,
                maxSize: int,
                evaluated: int,
                exhaustive: { type: 'boolean' },
                note: str,
                considered: { type: 'array', items: { type: 'object', properties: { field: str, to: str, paths: strs } } },
              },
            },
          },
        },
      },
      findOut: {
        type: 'array',
        items: {
          type: 'object',
          required: ['path', 'paths', 'principle', 'question', 'outcomes'],
          properties: {
            path: str,
            paths: strs,
            principle: str,
            question: str,
            entries: { type: 'object' },
            outcomes: {
              type: 'array',
              items: { type: 'object', required: ['answer', 'label', 'verdict'], properties: { answer: str, label: str, verdict: level } },
            },
          },
        },
      },
    },
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://gp-change.dev/schemas/assessment.json',
    title: 'gp-change assess --format json',
    type: 'object',
    required: ['format', 'tool', 'assessments', 'errors', 'summary'],
    properties: {
      format: { const: 1 },
      tool: { type: 'object', required: ['name', 'version'], properties: { name: str, version: str } },
      assessments: { type: 'array', items: { $ref: '#/definitions/assessment' } },
      errors: { type: 'array', items: { $ref: '#/definitions/problem' } },
      summary: {
        type: 'object',
        required: ['drafts', 'invalid', 'verdicts', 'risks', 'failing'],
        properties: { drafts: int, invalid: int, failing: int, verdicts: { type: 'object' }, risks: { type: 'object' } },
      },
    },
    definitions: { assessment, problem, whatif },
  };
}
