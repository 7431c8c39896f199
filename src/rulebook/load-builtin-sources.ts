import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Ajv } from 'ajv';
import { InputError, type Problem } from '../load/errors.js';
import { readYamlFile, type YamlSource } from '../load/yaml-source.js';
import { ajvProblems } from '../load/ajv-problems.js';
import { principleSchema, referencesSchema, rulebookMetaSchema } from './schema.js';
import { checkIntegrity } from './integrity.js';
import { resolveRulebook, type Origins, type RulebookSources } from './resolve.js';
import type { Rulebook } from './types.js';

/**
 * Reads the built-in rulebook from its YAML sources (rules/, evidence/) with positions, and checks it
 * fully. Used at build time and by `gp-change rulebook validate`; everyday runs use the compiled copy.
 */
export function loadRulebookFromSources(root: string): Rulebook {
  const rel = (f: string) => relative(process.cwd(), f) || f;
  const problems: Problem[] = [];
  const read = (file: string): YamlSource | undefined => {
    try {
      return readYamlFile(file, { allowAliases: true });
    } catch (error) {
      if (error instanceof InputError) problems.push(...error.problems.map((p) => ({ ...p, file: rel(file) })));
      else throw error;
      return undefined;
    }
  };
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: false });
  const validate = (source: YamlSource | undefined, schema: object): YamlSource | undefined => {
    if (!source) return undefined;
    source = { ...source, file: rel(source.file) };
    const check = ajv.getSchema((schema as { $id: string }).$id) ?? ajv.compile(schema);
    if (!check(source.value)) {
      problems.push(...ajvProblems(check.errors, source));
      return undefined;
    }
    return source;
  };
  const principleDir = join(root, 'rules', 'principles');
  let principleFiles: string[] = [];
  try {
    principleFiles = readdirSync(principleDir)
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((f) => join(principleDir, f));
  } catch {
    problems.push({ file: rel(principleDir), message: 'cannot read the principles folder' });
  }
  const meta = validate(read(join(root, 'rules', 'rulebook.yaml')), rulebookMetaSchema);
  const principles = principleFiles.map((f) => validate(read(f), principleSchema));
  const references = validate(read(join(root, 'evidence', 'references.yaml')), referencesSchema);
  if (problems.length || !meta || !references || principles.some((p) => !p)) throw new InputError(problems);
  const sources: RulebookSources = { meta, principles: principles as YamlSource[], references };
  const origins: Origins = new WeakMap();
  const rulebook = resolveRulebook(sources, origins);
  const integrity = checkIntegrity(rulebook, origins);
  if (integrity.length) throw new InputError(integrity);
  return rulebook;
}
