// `npm run release [-- --out DIR] [-- --git-tag]`: the package as users install it (docs/releasing.md).
//
// 1. Builds, then records V8's code cache with this Node.js and with every other one it is given
//    (`--with-node PATH`, and the Node.js 22 and 24 that .ci/run fetches into .ci/node/), so that each
//    tested Node.js line starts the bundle from its own cache.
// 2. Packs gp-change-X.Y.Z.tgz (into DIR, default the checkout), after checking that no packed file
//    names this machine's folders.
// 3. With --git-tag: makes the release commit and tag vX.Y.Z for installs from git (pre-commit, the
//    GitHub Action, `npm install github:...#vX.Y.Z`). The commit is this one plus the built bundle, with
//    no build step in its package.json: npm then installs it without the development dependencies,
//    which it would otherwise need to build. The commit is not on any branch; push the tag.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeCaches, recordCodeCache } from './code-cache.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const tag = `v${pkg.version}`;

/** What npm runs before packing a git dependency: a release commit's package.json must have none of them. */
const GIT_PREPARE_SCRIPTS = ['prepare', 'prepack', 'build', 'preinstall', 'install', 'postinstall'];

function options(argv) {
  const o = { out: root, gitTag: false, nodes: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--git-tag') o.gitTag = true;
    else if (a === '--out') o.out = resolve(argv[++i] ?? fail('--out needs a folder'));
    else if (a === '--with-node') o.nodes.push(resolve(argv[++i] ?? fail('--with-node needs a path to a node binary')));
    else fail(`unknown option ${a} (expected --out DIR, --with-node PATH, --git-tag)`);
  }
  const fetched = join(root, '.ci', 'node');
  if (existsSync(fetched)) {
    for (const v of readdirSync(fetched)) if (existsSync(join(fetched, v, 'bin', 'node'))) o.nodes.push(join(fetched, v, 'bin', 'node'));
  }
  return o;
}

function fail(message) {
  console.error(`release: ${message}`);
  process.exit(2);
}

const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { cwd: root, encoding: 'utf8', ...opts });
const git = (args, opts = {}) => run('git', args, opts).trim();

/** The package.json of a release commit: no script that would make npm build a git install. */
function releasePackageJson(text) {
  const p = JSON.parse(text);
  for (const s of GIT_PREPARE_SCRIPTS) delete p.scripts[s];
  for (const [k, v] of Object.entries(p.scripts)) p.scripts[k] = v.replaceAll('npm run build', 'node scripts/build.mjs');
  return `${JSON.stringify(p, null, 2)}\n`;
}

const o = options(process.argv.slice(2));

if (o.gitTag) {
  // The tag must describe committed sources exactly: nothing changed or untracked that the build reads.
  const dirty = git(['status', '--porcelain', '--untracked-files=all']);
  if (dirty) fail(`commit or stash these first, so the tag matches its sources:\n${dirty}`);
  if (git(['tag', '--list', tag])) fail(`tag ${tag} exists already: raise the version in package.json first`);
}

run(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
for (const node of o.nodes) {
  const file = recordCodeCache(root, node);
  console.log(file ? `recorded dist/${file} with ${node}` : `no code cache recorded with ${node}`);
}
console.log(`code caches: ${codeCaches(root).join(', ') || 'none'}`);

// No packed file may name this machine's folders (V8's code cache once held the build's path).
const packed = JSON.parse(run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts']))[0].files.map((f) => f.path);
const here = [...new Set([root, realpathSync(root), homedir()].filter((p) => p.length > 1))].map((p) => `${p}/`);
for (const f of packed) {
  const bytes = readFileSync(join(root, f));
  const found = here.find((p) => bytes.includes(p));
  if (found) fail(`${f} contains the path ${found}: the package must not name the build machine's folders`);
}

const tarball = JSON.parse(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', o.out]))[0].filename;
console.log(`packed ${join(o.out, tarball)} (${packed.length} files); install it with: npm install -g ${join(o.out, tarball)}`);

if (o.gitTag) {
  const tmp = mkdtempSync(join(tmpdir(), 'gp-change-release-'));
  try {
    const env = { ...process.env, GIT_INDEX_FILE: join(tmp, 'index') };
    git(['read-tree', 'HEAD'], { env });
    // The bundle and its version, not the code caches: they are V8's binary output, different on every
    // build, while the bundle is the same from the same sources and anyone can check it (docs/releasing.md).
    for (const f of ['dist/cli.cjs', 'dist/version.txt']) {
      git(['update-index', '--add', '--cacheinfo', `100644,${git(['hash-object', '-w', f])},${f}`], { env });
    }
    const manifest = git(['hash-object', '-w', '--stdin'], { input: releasePackageJson(readFileSync(join(root, 'package.json'), 'utf8')) });
    git(['update-index', '--cacheinfo', `100644,${manifest},package.json`], { env });
    const tree = git(['write-tree'], { env });
    const commit = git(['commit-tree', tree, '-p', 'HEAD', '-m', `Release ${tag}: the built bundle, and no build step for git installs`]);
    git(['tag', '-a', tag, commit, '-m', `gp-change ${pkg.version}`]);
    console.log(
      `tagged ${tag} (commit ${commit.slice(0, 12)}, a child of ${git(['rev-parse', '--short=12', 'HEAD'])}); publish it with: git push origin ${tag}`,
    );
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
