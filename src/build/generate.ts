// `npm run generate`: rewrites the committed files derived from the rulebook (schemas/, docs/).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadRulebookFromSources } from '../rulebook/load-builtin-sources.js';
import { generatedFiles } from './generated-files.js';
import { formatCitations } from '../render/bibliography.js';

const root = process.argv[2] ?? process.cwd();
const rb = loadRulebookFromSources(root);
rb.citations = await formatCitations(rb.references);
for (const [path, text] of generatedFiles(rb)) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
  console.log(`wrote ${path}`);
}
