/**
 * `init`'s `$schema` line must work wherever the draft is opened: relative when the schema travels with
 * the draft (gp-change in the project's node_modules, or a draft in a gp-change checkout), otherwise the
 * schema published at the release tag. Never a folder on the machine that wrote it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { schemaReference } from '../src/commands/init.js';
import { ROOT } from './helpers/root.js';

const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const published = `https://raw.githubusercontent.com/gp-change/gp-change/v${version}/schemas/proposal.schema.json`;

describe('the $schema line init writes', () => {
  it('points into node_modules when gp-change is installed in the project that holds the draft', () => {
    const root = '/home/ana/policy/node_modules/gp-change';
    expect(schemaReference(root, version, '/home/ana/policy/drafts/pcn/hub.yaml')).toBe(
      '../../node_modules/gp-change/schemas/proposal.schema.json',
    );
    expect(schemaReference(root, version, '/home/ana/policy/hub.yaml')).toBe('node_modules/gp-change/schemas/proposal.schema.json');
  });

  it('is relative inside a gp-change checkout', () => {
    expect(schemaReference(ROOT, version, join(ROOT, 'examples', 'new.yaml'))).toBe('../schemas/proposal.schema.json');
  });

  it('is the schema published with this release for a draft elsewhere, and for standard output', () => {
    expect(schemaReference(ROOT, version, '/tmp/elsewhere/new.yaml')).toBe(published);
    expect(schemaReference(ROOT, version)).toBe(published);
  });
});
