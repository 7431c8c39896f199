#!/usr/bin/env node
'use strict';
// Launcher. `--version` is answered without loading the CLI. The CLI bundle is compiled through
// vm.Script with V8's code cache (recorded at build time), which saves most of its parse and compile
// time; if the cache is missing or V8 rejects it, the bundle is simply compiled as usual.
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
  const cacheFile = `${file}.cache`;
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  // The build makes the bundle ASCII, so latin1 reads it exactly, and more cheaply than utf8.
  const source = `(function (exports, require, module, __filename, __dirname, __gpImport) {${readFileSync(file, 'latin1')}\n})`;
  const script = new vm.Script(source, { filename: file, cachedData });
  const mod = { exports: {} };
  script.runInThisContext()(mod.exports, createRequire(file), mod, file, dist, (specifier) => import(specifier));
  if (process.env.GP_CHANGE_WRITE_CODE_CACHE) {
    process.once('exit', () => writeFileSync(cacheFile, script.createCachedData()));
  }
}
