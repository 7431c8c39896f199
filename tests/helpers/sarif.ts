/** SARIF for the tests: the official 2.1.0 schema (draft-04) from ../shared, and the parts of a log the tests read. */
import { existsSync, readdirSync } from 'node:fs';
import ajvDraft04 from 'ajv-draft-04';
import { expect } from 'vitest';
import type { Problem } from '../../src/load/errors.js';
import { InputError } from '../../src/load/errors.js';
import { HAVE_SHARED, readShared } from './shared.js';
import { assessFile } from './rulebook.js';

// The official SARIF 2.1.0 schema (draft-04), read from shared/, never copied into the repository.

const sarifSchema = HAVE_SHARED ? JSON.parse(readShared('schemas/sarif-schema-2.1.0.json')) : {};
// ajv-draft-04 is CommonJS: its default import is module.exports, whose `default` is the class.
const ajv = new ajvDraft04.default({ allErrors: true, strict: false });
ajv.addFormat('uri', (s: string) => {
  try {
    new URL(s);
    return !/\s/.test(s);
  } catch {
    return false;
  }
});
ajv.addFormat('uri-reference', (s: string) => {
  try {
    new URL(s, 'file:///root/');
    return !/[\s%](?![0-9A-Fa-f]{2})/.test(s);
  } catch {
    return false;
  }
});
ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/);
const validateSarif = ajv.compile(sarifSchema);

export function expectValidSarif(text: string, label: string): SarifLog {
  const log = JSON.parse(text) as SarifLog;
  if (!HAVE_SHARED) return log; // the official schema lives in ../shared (tests/helpers/shared.ts); CI always has it
  const ok = validateSarif(log);
  expect(ok ? [] : validateSarif.errors, label).toEqual([]);
  return log;
}

export interface SarifRegion {
  startLine: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
}
export interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: SarifRegion } }[];
  relatedLocations?: unknown[];
  partialFingerprints: Record<string, string>;
  suppressions?: { kind: string; status: string; justification: string }[];
}
export interface SarifLog {
  runs: {
    tool: {
      driver: {
        name: string;
        version: string;
        rules: { id: string; helpUri?: string; defaultConfiguration: { level: string }; properties: { tags: string[] } }[];
      };
    };
    results: SarifResult[];
    invocations: {
      executionSuccessful: boolean;
      toolExecutionNotifications?: { level: string; message: { text: string }; locations: unknown[] }[];
    }[];
  }[];
}

/** Drafts that assess (examples/, else the valid fixtures), and the CI fixtures. */
export function validDrafts(): string[] {
  const examples = existsSync('examples')
    ? readdirSync('examples')
        .filter((f) => /\.ya?ml$/.test(f))
        .map((f) => `examples/${f}`)
    : [];
  const fixtures = examples.length
    ? []
    : ['cli', 'risks'].flatMap((d) =>
        readdirSync(`tests/fixtures/${d}`)
          .filter((f) => f.endsWith('.yaml'))
          .map((f) => `tests/fixtures/${d}/${f}`),
      );
  const ci = readdirSync('tests/fixtures/ci')
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => `tests/fixtures/ci/${f}`);
  return [...examples, ...fixtures, ...ci].filter((f) => {
    try {
      assessFile(f);
      return true;
    } catch (error) {
      if (error instanceof InputError) return false; // invalid on purpose, or names a rulebook of its own
      throw error;
    }
  });
}

export function problemsOf(file: string): Problem[] {
  try {
    assessFile(file);
    return [];
  } catch (error) {
    if (error instanceof InputError) return error.problems;
    throw error;
  }
}
