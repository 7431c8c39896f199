#!/usr/bin/env node
// Launcher. `--version` is answered here without loading the CLI, so it costs little more than Node.
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const dist = new URL('../dist/', import.meta.url);
  process.stdout.write(`${readFileSync(new URL('version.txt', dist), 'utf8').trim()}\n`);
} else {
  await import('../dist/cli.js');
}
