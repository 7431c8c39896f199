#!/usr/bin/env node
'use strict';
// Launcher. `--version` is answered without loading the CLI. The CLI bundle is compiled through
// vm.Script with V8's code cache (recorded at build time), which saves most of its parse and compile
// time; if the cache is missing or V8 rejects it, the bundle is simply compiled as usual. A cache only
// fits the V8 that wrote it, so each is named by V8's version: a release carries one for each Node.js
// line it records (scripts/release.mjs), and any other Node.js compiles the bundle itself.
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const dist = join(__dirname, '..', 'dist');
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${readFileSync(join(dist, 'version.txt'), 'utf8').trim()}\n`);
} else {
  const vm = require('node:vm');
  const { createRequire } = require('node:module');
  const file = join(dist, 'cli.cjs');
  // Named by V8's own version, without Node's suffix: V8 checks the rest and rejects a cache it cannot use.
  const cacheFile = `${file}.v8-${process.versions.v8.replace(/-.*$/, '')}.cache`;
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  // The build makes the bundle ASCII, so latin1 reads it exactly, and more cheaply than utf8.
  const source = `(function (exports, require, module, __filename, __dirname, __gpImport) {${readFileSync(file, 'latin1')}\n})`;
  // V8 keeps the script's name inside the code cache and uses it over the one given when the cache is
  // read, so a real path would ship the build machine's folders in the package and show them in stack
  // traces: the name is the same on every machine instead.
  const script = new vm.Script(source, { filename: 'gp-change/dist/cli.cjs', cachedData });
  const mod = { exports: {} };
  script.runInThisContext()(mod.exports, createRequire(file), mod, file, dist, (specifier) => import(specifier));
  // `write` records the cache (scripts/code-cache.mjs); `report` says whether V8 used it (tests).
  const cacheMode = process.env.GP_CHANGE_CODE_CACHE;
  if (cacheMode === 'write') {
    process.once('exit', () => writeFileSync(cacheFile, script.createCachedData()));
  } else if (cacheMode === 'report') {
    const state = cachedData === undefined ? 'missing' : script.cachedDataRejected ? 'rejected' : 'used';
    process.stderr.write(`code cache ${state}: ${cacheFile.slice(dist.length + 1)}\n`);
  }
}
