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
    return (index ? ',\n' : '\n') + jsonSafe(JSON.stringify(a));
  },
  end(errors: Problem[], summary: object): string {
    return `\n],"errors":${jsonSafe(JSON.stringify(errors))},"summary":${jsonSafe(JSON.stringify(summary))}}\n`;
  },
};
