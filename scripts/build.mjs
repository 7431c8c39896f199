// Build: check and compile the built-in rulebook, bundle the CLI into one CommonJS file, and record
// V8's code cache for it, so a check costs little more than starting Node (docs/performance.md).
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { recordCodeCache, v8Of } from './code-cache.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// esbuild is a development dependency: a copy installed from a git commit that is not a release has
// no way to build, and should say what to do rather than fail on a missing module.
const { build } = await import('esbuild').catch(() => {
  console.error(
    'gp-change: building needs the development dependencies (run `npm ci` in a checkout). To install gp-change\n' +
      'from git (pre-commit, the GitHub Action, npm install git+...), use a release tag (vX.Y.Z): release tags\n' +
      'carry the built files and need no build (docs/releasing.md).',
  );
  process.exit(1);
});
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const common = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning', absWorkingDir: root };

// Loaded from node_modules only on the paths that need them (markdown in a terminal, the interview,
// globs, compiling schemas: drafts are checked by the validator compiled at build time).
const LAZY = ['marked', 'marked-terminal', '@inquirer/*', 'tinyglobby', 'ajv', '@citation-js/*'];

// V8 parses a JSON string and JSON.parse faster than the same data as an object literal.
const jsonAsString = {
  name: 'json-as-string',
  setup(b) {
    b.onLoad({ filter: /builtin-rulebook\.json$/ }, (args) => ({
      // Non-ASCII as JSON escapes, so the text JSON.parse reads stays one byte a character.
      contents: `module.exports = JSON.parse(${JSON.stringify(readFileSync(args.path, 'utf8').replace(/[^\u0000-\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`))});`,
      loader: 'js',
    }));
  },
};

// yaml reads process.env.LOG_TOKENS for every token and LOG_STREAM for every document, to print its own
// debugging output. Each read of process.env is a call into C++ (getenv), and over a thousand drafts they
// cost more than a tenth of the run. The bundle reads them once, at start-up, instead.
const yamlDebugFlags = {
  name: 'yaml-debug-flags-once',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]yaml[\\/]dist[\\/](parse[\\/]parser|compose[\\/]composer)\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const patched = source.replace(/\bnode_process\.env\.(LOG_TOKENS|LOG_STREAM)\b/g, '__yamlDebug_$1');
      if (patched === source) throw new Error(`${args.path}: yaml's debug flags moved; update yamlDebugFlags in scripts/build.mjs`);
      const flags = [...new Set([...source.matchAll(/\bnode_process\.env\.(LOG_TOKENS|LOG_STREAM)\b/g)].map((m) => m[1]))];
      return {
        contents: `${flags.map((f) => `const __yamlDebug_${f} = require('process').env.${f};`).join('\n')}\n${patched}`,
        loader: 'js',
      };
    });
  },
};

// commander loads child_process (and with it net and streams) at start-up, for executable subcommands
// this tool never has: about 6 ms of every run. It is loaded on first use instead.
const commanderLazyChildProcess = {
  name: 'commander-lazy-child-process',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]commander[\\/]lib[\\/]command\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const eager = "const childProcess = require('node:child_process');";
      if (!source.includes(eager))
        throw new Error(`${args.path}: commander's child_process import moved; update commanderLazyChildProcess in scripts/build.mjs`);
      const lazy =
        "let __childProcess; const childProcess = { spawn: (...a) => (__childProcess ??= require('node:child_process')).spawn(...a) };";
      const patched = source.replace(eager, lazy);
      if (/childProcess\.(?!spawn\()/.test(patched))
        throw new Error(`${args.path}: commander uses more of child_process than spawn; update commanderLazyChildProcess`);
      return { contents: patched, loader: 'js' };
    });
  },
};

// chalk works out its default instance's colour support when loaded, which loads tty, net and streams:
// about 7 ms of every run. Every Chalk this tool makes is given its level (src/io/terminal.ts decides),
// so the default instance is never used and chalk gets a module that reports no colour instead.
const chalkWithoutDetection = {
  name: 'chalk-without-detection',
  setup(b) {
    b.onResolve({ filter: /^#supports-color$/ }, (args) => {
      if (!/[\\/]node_modules[\\/]chalk[\\/]/.test(args.importer)) return undefined;
      return { path: 'supports-color', namespace: 'gp-no-colour-detection' };
    });
    b.onLoad({ filter: /.*/, namespace: 'gp-no-colour-detection' }, () => ({
      contents: 'export default { stdout: false, stderr: false };',
      loader: 'js',
    }));
  },
};

mkdirSync(join(root, '.build'), { recursive: true });
for (const entry of ['compile', 'generate']) {
  await build({ ...common, format: 'esm', entryPoints: [`src/build/${entry}.ts`], outfile: `.build/${entry}.mjs`, packages: 'external' });
}
try {
  execFileSync(process.execPath, [join(root, '.build/compile.mjs'), root], { stdio: 'inherit' });
} catch {
  process.exit(1); // the compile step has printed the rulebook's problems
}

// Build beside dist/ and swap in at the end, so a running test never sees a half-built dist/.
const out = join(root, '.build', 'dist');
rmSync(out, { recursive: true, force: true });
await build({
  ...common,
  format: 'cjs',
  entryPoints: ['src/cli/main.ts'],
  outfile: join(out, 'cli.cjs'),
  external: LAZY,
  // GP_BUILD_READABLE=1 keeps names and lines, for reading a --cpu-prof profile of the bundle.
  minifySyntax: !process.env.GP_BUILD_READABLE,
  minifyWhitespace: !process.env.GP_BUILD_READABLE,
  define: { __GP_VERSION__: JSON.stringify(pkg.version), 'import.meta.url': '__gpModuleUrl' },
  banner: { js: 'const __gpModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
  legalComments: 'none',
  plugins: [jsonAsString, yamlDebugFlags, commanderLazyChildProcess, chalkWithoutDetection],
});
// The bundle runs from a vm.Script (for the code cache), where import() has no loader: the launcher
// passes one in as __gpImport. The only import() calls left are those of the lazy packages above.
const cliFile = join(out, 'cli.cjs');
const code = readFileSync(cliFile, 'utf8');
const dynamic = code.match(/\bimport\("[^"]+"\)/g) ?? [];
const unexpected = dynamic.filter((d) => !LAZY.some((p) => d.startsWith(`import("${p.replace('/*', '/')}`) || d === `import("${p}")`));
if (unexpected.length) throw new Error(`unexpected dynamic imports in the bundle: ${unexpected.join(', ')}`);
// One character past U+00FF would make V8 hold the whole bundle at two bytes a character, and scan it
// that way; esbuild escapes strings but not regular expressions, so such a character is refused here.
const wide = /[^\u0000-\u007f]/.exec(code);
if (wide)
  throw new Error(
    `dist/cli.cjs: a non-ASCII character (U+${wide[0].codePointAt(0).toString(16).toUpperCase()}) near "${code.slice(Math.max(0, wide.index - 40), wide.index + 10)}"; write it as a \\u escape in the source`,
  );
writeFileSync(cliFile, code.replace(/\bimport\("/g, '__gpImport("'));
writeFileSync(join(out, 'version.txt'), pkg.version);

rmSync(join(root, 'dist'), { recursive: true, force: true });
renameSync(out, join(root, 'dist'));

const cache = recordCodeCache(root);
console.log(`built dist/cli.cjs (gp-change ${pkg.version})${cache ? ` with code cache for V8 ${v8Of(process.execPath)}` : ''}`);
