/**
 * Generated YAML for the property tests: valid drafts built from the built-in rulebook's own questions
 * and options, written in any YAML style, and edits that damage a draft's text.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify, type ToStringOptions } from 'yaml';
import { isYesNo, UNKNOWN } from '../../src/draft/schema.js';
import type { Option } from '../../src/rulebook/types.js';
import { allQuestions, allRisks, rb } from './rulebook.js';

const ids = (options: readonly Option[]) => options.map((o) => o.id);

/** Free text: printable ASCII, any printable Unicode, or any code point at all (controls included). */
export const text = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);
const nonBlank = text.filter((s) => /\S/.test(s));
const slug = fc.array(fc.stringMatching(/^[a-z0-9]{1,6}$/), { minLength: 1, maxLength: 3 }).map((parts) => parts.join('-'));
const date = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

/** An answer to a choice: one of its options, `unknown`, nothing, or true/false where the options are yes/no. */
const answer = (options: readonly Option[]) =>
  fc.oneof(fc.constantFrom(...ids(options), UNKNOWN), fc.constant(null), ...(isYesNo([...options]) ? [fc.boolean()] : []));

const answers = fc.record(Object.fromEntries(allQuestions.map((q) => [q.id, answer(q.options)])), { requiredKeys: [] });

const lists = Object.fromEntries(
  rb.lists.map((l) => {
    const fields = Object.fromEntries(
      l.fields.map((f) => [
        f.id,
        f.type === 'choice'
          ? answer(f.options ?? [])
          : f.type === 'text-list'
            ? fc.array(text, { maxLength: 3 })
            : f.required
              ? nonBlank
              : text,
      ]),
    );
    const item = fc.record(fields, { requiredKeys: l.fields.filter((f) => f.required).map((f) => f.id) });
    return [l.id, fc.array(item, { maxLength: 3 })];
  }),
);

const skills = fc.record(Object.fromEntries(rb.skills.areas.map((a) => [a.id, answer(rb.skills.levels)])), { requiredKeys: [] });

const acknowledged = fc.array(
  fc.record(
    { risk: fc.constantFrom(...allRisks.map((r) => r.id)), reason: nonBlank, by: text, until: date },
    { requiredKeys: ['risk', 'reason'] },
  ),
  { maxLength: 3 },
);

export const draft = fc.record(
  {
    gpChange: fc.constant(1),
    id: slug,
    title: nonBlank,
    summary: text,
    assessor: fc.record({ role: fc.constantFrom(...rb.roles.map((r) => r.id)), name: text }, { requiredKeys: ['role'] }),
    scope: fc.oneof(fc.constantFrom(...rb.scopes.map((s) => s.id), UNKNOWN), fc.constant(null)),
    answers,
    ...lists,
    skills,
    acknowledged,
    notes: text,
  },
  { requiredKeys: ['gpChange', 'title', 'assessor'] },
);

/** How the YAML is written: collection and string styles, line width, and the envelope (BOM, CRLF). */
export const style = fc.record({
  yaml: fc.record({
    collectionStyle: fc.constantFrom('any', 'block', 'flow'),
    defaultStringType: fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'),
    // Not narrow widths: yaml 2.9's stringify folds a deeply indented double-quoted string at width 20 into
    // "...outcomundefined\ c\ ome" (its bug, in writing; reading is what is tested here).
    lineWidth: fc.constantFrom(0, 80),
    indent: fc.constantFrom(2, 4),
  }) as fc.Arbitrary<ToStringOptions>,
  bom: fc.boolean(),
  crlf: fc.boolean(),
});

export function write(value: unknown, s: { yaml: ToStringOptions; bom: boolean; crlf: boolean }): Buffer {
  let out = stringify(value, { ...s.yaml, version: '1.2' });
  if (s.crlf) out = out.replace(/\n/g, '\r\n');
  return Buffer.from(s.bom ? `\ufeff${out}` : out, 'utf8');
}

/** Real drafts to mutate besides generated ones: the examples and the valid fixtures. */
export const REAL = ['examples', 'tests/fixtures/cli', 'tests/fixtures/loader', 'tests/fixtures/ci'].flatMap((d) =>
  readdirSync(d)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => readFileSync(join(d, f), 'utf8')),
);

/** Fragments that YAML gives meaning to, and keys the loader must refuse. */
export const fragment = fc.oneof(
  fc.constantFrom(
    ':',
    ': ',
    '- ',
    '-',
    '[',
    ']',
    '{',
    '}',
    ',',
    '"',
    "'",
    '&a ',
    '*a',
    '!',
    '!!js/function ',
    '!custom ',
    '#',
    '|',
    '>',
    '?',
    '%',
    '@',
    '`',
    '\\',
    '...',
    '---\n',
    '\t',
    '\n',
    '\r\n',
    '  ',
    '\ufeff',
    '\0',
  ),
  fc.constantFrom(
    '__proto__: 1\n',
    'constructor: x\n',
    'prototype:\n',
    '<<: *a\n',
    'gpChange: 2\n',
    'origin: unknown',
    'true',
    'null',
    '~',
    '2027-02-30',
  ),
  fc.string({ unit: 'binary', maxLength: 4 }),
  fc.string({ unit: 'grapheme', maxLength: 4 }),
);

export type Edit =
  | { op: 'delete'; at: number; length: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'duplicate-line' | 'delete-line' | 'tab-indent'; line: number }
  | { op: 'swap-lines' | 'swap-values'; line: number; other: number }
  | { op: 'byte'; at: number; byte: number };

export const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fragment }),
  fc.record({ op: fc.constantFrom('duplicate-line' as const, 'delete-line' as const, 'tab-indent' as const), line: fc.nat() }),
  fc.record({ op: fc.constantFrom('swap-lines' as const, 'swap-values' as const), line: fc.nat(), other: fc.nat() }),
  fc.record({ op: fc.constant('byte' as const), at: fc.nat(), byte: fc.integer({ min: 0x80, max: 0xff }) }),
);

/** Applies the edits in turn; positions are taken modulo the current length, so any number fits. */
export function mutate(source: string, edits: Edit[]): Uint8Array {
  let t = source;
  const bytes: { at: number; byte: number }[] = [];
  for (const e of edits) {
    const lines = t.split('\n');
    const pick = (n: number) => n % lines.length;
    switch (e.op) {
      case 'delete': {
        const at = e.at % (t.length + 1);
        t = t.slice(0, at) + t.slice(at + e.length);
        break;
      }
      case 'insert': {
        const at = e.at % (t.length + 1);
        t = t.slice(0, at) + e.text + t.slice(at);
        break;
      }
      case 'duplicate-line':
        lines.splice(pick(e.line), 0, lines[pick(e.line)]!);
        t = lines.join('\n');
        break;
      case 'delete-line':
        lines.splice(pick(e.line), 1);
        t = lines.join('\n');
        break;
      case 'tab-indent':
        lines[pick(e.line)] = lines[pick(e.line)]!.replace(/^ */, '\t');
        t = lines.join('\n');
        break;
      case 'swap-lines': {
        const [a, b] = [pick(e.line), pick(e.other)];
        [lines[a], lines[b]] = [lines[b]!, lines[a]!];
        t = lines.join('\n');
        break;
      }
      case 'swap-values': {
        // The text after `key: ` on two lines changes places (an option moves to another question).
        const [a, b] = [pick(e.line), pick(e.other)];
        const split = (l: string) => /^(.*?:\s)(.*)$/.exec(l) as [string, string, string] | null;
        const [ma, mb] = [split(lines[a]!), split(lines[b]!)];
        if (ma && mb) [lines[a], lines[b]] = [ma[1] + mb[2], mb[1] + ma[2]];
        t = lines.join('\n');
        break;
      }
      case 'byte':
        bytes.push(e);
    }
  }
  let out = Buffer.from(t, 'utf8');
  for (const b of bytes) {
    const at = b.at % (out.length + 1);
    out = Buffer.concat([out.subarray(0, at), Buffer.from([b.byte]), out.subarray(at)]);
  }
  return out;
}
