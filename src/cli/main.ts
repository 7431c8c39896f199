/** The entry point: runs the command line (./program.ts) and turns what went wrong into an exit code and one clear message. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CommanderError } from 'commander';
import { Chalk } from 'chalk';
import { InputError, UsageError } from '../load/errors.js';
import { clean } from '../render/sanitize.js';
import { formatError, useColour } from '../io/terminal.js';
import { writeProblem } from '../io/write-failure.js';
import { program } from './program.js';

declare const __GP_VERSION__: string;
const VERSION = typeof __GP_VERSION__ === 'string' ? __GP_VERSION__ : '0.0.0-dev';
/** The package root: the nearest folder above this file (dist/cli.cjs, or src/cli/main.ts) with a package.json. */
const ROOT = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
})();

async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const cli = program({ root: ROOT, version: VERSION }, (code) => {
    exitCode = code;
  });
  if (argv.length === 0) {
    // In a terminal, `gp-change` alone starts the interview; elsewhere (CI, pipes) it is a usage error.
    if (!process.stdin.isTTY || !process.stdout.isTTY) {
      cli.outputHelp({ error: true });
      return 2;
    }
    argv = ['interview'];
  }
  await cli.parseAsync(argv, { from: 'user' });
  return exitCode;
}

function fail(error: unknown, debug: boolean): number {
  const chalk = new Chalk({ level: useColour(undefined, true, process.stderr) ? 1 : 0 });
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
    return 2; // commander has already printed the message
  }
  if (error instanceof InputError) {
    for (const p of error.problems) process.stderr.write(formatError(p, chalk));
    return 2;
  }
  // A rulebook's conditions did too much work (src/engine/conditions.ts): matched by name, so this file loads no engine.
  if ((error as Error)?.name === 'EvaluationLimit') {
    process.stderr.write(`${chalk.red('error:')} ${clean((error as Error).message)}\n`);
    return 2;
  }
  if (error instanceof UsageError) {
    // Messages quote arguments and file names, which may hold terminal escapes.
    process.stderr.write(`${chalk.red('error:')} ${clean(error.message)}\n`);
    return 2;
  }
  process.stderr.write(`${chalk.red('internal error')} ${clean(String((error as Error)?.message ?? error))}\n`);
  if (debug) process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
  else process.stderr.write('Run again with --debug for details, and please report it.\n');
  return 2;
}

/**
 * A reader that stops early (`| head`) closes the pipe: no stack trace, and the run goes on to its end,
 * unheard, so that it exits with its real code (a failing draft must not pass a `pipefail` gate).
 * Any other failure to write standard output (`>/dev/full`) loses the report: one line, exit 2.
 */
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
    if (stream === process.stdout) {
      process.stderr.write(`error: cannot write to standard output (${writeProblem(error)}); the report is lost\n`);
    }
    process.exit(2);
  });
}

const args = process.argv.slice(2);
main(args).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.exitCode = fail(error, args.includes('--debug'));
  },
);
