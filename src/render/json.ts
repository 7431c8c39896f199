import type { Assessment, Finding } from '../engine/assessment.js';
import type { Problem } from '../load/errors.js';
import { asciiJson, jsonSafe } from './sanitize.js';

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
    return (index ? ',\n' : '\n') + assessmentJson(a);
  },
  end(errors: Problem[], summary: object): string {
    return `\n],"errors":${jsonSafe(JSON.stringify(errors))},"summary":${jsonSafe(JSON.stringify(summary))}}\n`;
  },
};

/**
 * One assessment as JSON, the same document JSON.stringify would give (tests hold it to that, key order
 * included). Most of a report's bytes are the rulebook's own words, the same in every report: a risk's
 * explanation, evidence, advice and actions, and the reference list. Those are written from pieces made
 * once and kept, so JSON.stringify works only on what is new in each draft.
 *
 * The kept pieces are ASCII, with anything else as \u escapes (the same text to any JSON reader): V8
 * keeps a string with no character past U+00FF at one byte a character, and the citation style's curly
 * quotes would otherwise make every report two bytes a character, slower to build and to encode.
 */
export function assessmentJson(a: Assessment): string {
  // Inside a JSON string every `"` is escaped, so a slot can only be the top-level key it names.
  const body = jsonSafe(JSON.stringify({ ...a, findings: 0, references: 0 }));
  const f = body.indexOf(FINDINGS_SLOT);
  const r = body.lastIndexOf(REFERENCES_SLOT);
  if (f === -1 || r === -1 || r < f) return jsonSafe(JSON.stringify(a));
  let findings = '';
  for (let i = 0; i < a.findings.length; i++) findings += (i ? ',' : '') + findingJson(a.findings[i]!);
  let references = '';
  for (let i = 0; i < a.references.length; i++) references += (i ? ',' : '') + referenceJson(a.references[i]!);
  return `${body.slice(0, f)}"findings":[${findings}]${body.slice(f + FINDINGS_SLOT.length, r)}"references":[${references}]${body.slice(r + REFERENCES_SLOT.length)}`;
}
const FINDINGS_SLOT = '"findings":0';
const REFERENCES_SLOT = '"references":0';

/** A finding's fields in the order of `Finding` (src/engine/assessment.ts), undefined ones left out. */
function findingJson(f: Finding): string {
  const words = riskWords(f);
  // What is not kept is made safe here (the kept pieces are ASCII already).
  let before = `"severity":${JSON.stringify(f.severity)}`;
  if (f.baseSeverity !== undefined) before += `,"baseSeverity":${JSON.stringify(f.baseSeverity)}`;
  if (f.escalation !== undefined) before += `,"escalation":${JSON.stringify(f.escalation)}`;
  let after = `,"location":${JSON.stringify(f.location)},"related":${JSON.stringify(f.related)}`;
  if (f.entry !== undefined) after += `,"entry":${JSON.stringify(f.entry)}`;
  if (f.acknowledged !== undefined) after += `,"acknowledged":${JSON.stringify(f.acknowledged)}`;
  return `${words.head}${jsonSafe(before)},${words.body}${jsonSafe(after)}}`;
}

interface RiskWords {
  id: string;
  principle: string;
  title: string;
  explanation: string;
  evidence: Finding['evidence'];
  advice: string;
  actions: Finding['actions'];
  /** `{"id":…,"principle":…,"title":…,` */
  head: string;
  /** `"explanation":…,"evidence":…,"advice":…,"actions":…` */
  body: string;
}

/**
 * Kept by the finding's actions list, which assess() makes once per risk and role and freezes; a kept
 * piece is used only while every field it was made from is the very same value.
 */
const kept = new WeakMap<object, RiskWords>();
function riskWords(f: Finding): RiskWords {
  const k = kept.get(f.actions);
  if (
    k !== undefined &&
    k.id === f.id &&
    k.principle === f.principle &&
    k.title === f.title &&
    k.explanation === f.explanation &&
    k.evidence === f.evidence &&
    k.advice === f.advice
  ) {
    return k;
  }
  const words: RiskWords = {
    id: f.id,
    principle: f.principle,
    title: f.title,
    explanation: f.explanation,
    evidence: f.evidence,
    advice: f.advice,
    actions: f.actions,
    head: asciiJson(`{"id":${JSON.stringify(f.id)},"principle":${JSON.stringify(f.principle)},"title":${JSON.stringify(f.title)},`),
    body: asciiJson(
      `"explanation":${JSON.stringify(f.explanation)},"evidence":${JSON.stringify(f.evidence)},"advice":${JSON.stringify(f.advice)},"actions":${JSON.stringify(f.actions)}`,
    ),
  };
  // Only frozen lists can be trusted not to change under a kept piece.
  if (Object.isFrozen(f.actions) && Object.isFrozen(f.evidence)) kept.set(f.actions, words);
  return words;
}

const referencePieces = new WeakMap<object, string>();
function referenceJson(ref: Assessment['references'][number]): string {
  let piece = referencePieces.get(ref);
  if (piece === undefined) {
    piece = asciiJson(JSON.stringify(ref));
    if (Object.isFrozen(ref)) referencePieces.set(ref, piece);
  }
  return piece;
}
