// Build: check and compile the built-in rulebook, then bundle the CLI so start-up reads few files.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const common = { bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning', absWorkingDir: root };
const banner = { js: "import { createRequire as __gpCreateRequire } from 'node:module'; const require = __gpCreateRequire(import.meta.url);" };

// V8 parses a JSON string and JSON.parse faster than the same data as an object literal.
const jsonAsString = {
  name: 'json-as-string',
  setup(b) {
    b.onLoad({ filter: /builtin-rulebook\.json$/ }, (args) => ({
      contents: `export default JSON.parse(${JSON.stringify(readFileSync(args.path, 'utf8'))});`,
      loader: 'js',
    }));
  },
};

mkdirSync(join(root, '.build'), { recursive: true });
for (const entry of ['compile', 'generate']) {
  await build({ ...common, entryPoints: [`src/build/${entry}.ts`], outfile: `.build/${entry}.mjs`, packages: 'external' });
}
try {
  execFileSync(process.execPath, [join(root, '.build/compile.mjs'), root], { stdio: 'inherit' });
} catch {
  process.exit(1); // the compile step has printed the rulebook's problems
}

rmSync(join(root, 'dist'), { recursive: true, force: true });
await build({
  ...common,
  entryPoints: { cli: 'src/cli/main.ts' },
  outdir: 'dist',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  minifySyntax: true,
  minifyWhitespace: true,
  banner,
  define: { __GP_VERSION__: JSON.stringify(pkg.version) },
  legalComments: 'none',
  plugins: [jsonAsString],
});
writeFileSync(join(root, 'dist', 'version.txt'), pkg.version);
console.log(`built dist/cli.js (gp-change ${pkg.version})`);
