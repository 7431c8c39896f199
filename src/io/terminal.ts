import type { ChalkInstance } from 'chalk';
import { formatProblem, type Problem } from '../load/errors.js';
import { cleanLine } from '../render/sanitize.js';

/**
 * Colour follows chalk's rules (NO_COLOR, FORCE_COLOR), `--no-color`, and is off for pipes and files.
 * `flag` is commander's value for --color/--no-color: false only when --no-color was given.
 */
export function useColour(flag: boolean | undefined, toTerminal: boolean, stream: NodeJS.WriteStream = process.stdout): boolean {
  if (flag === false || !toTerminal) return false;
  if ('NO_COLOR' in process.env && process.env.NO_COLOR !== '') return false;
  const force = process.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  return !!stream.isTTY;
}

export function formatError(p: Problem, chalk: ChalkInstance): string {
  const text = formatProblem({ ...p, file: cleanLine(p.file), message: cleanLine(p.message) });
  const cut = text.indexOf(': ');
  return `${chalk.bold(text.slice(0, cut + 1))} ${chalk.red('error:')} ${text.slice(cut + 2)}\n`;
}

/**
 * The width to wrap reports at: the terminal's, else $COLUMNS (set by shells and CI logs that know
 * their width), else 100; never wider than `max`, never so narrow that nothing fits.
 */
export function reportWidth(max: number, fallback = 100): number {
  const fromEnv = Number(process.env.COLUMNS);
  const width = process.stdout.columns || (Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : fallback);
  return Math.max(40, Math.min(width, max));
}
