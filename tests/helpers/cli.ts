import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './root.js';

export { ROOT };
export const BIN = join(ROOT, 'bin', 'gp-change.cjs');

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built binary as a user would, with no terminal and a fixed date. */
export function run(args: string[], options: { cwd?: string; env?: Record<string, string | undefined>; input?: string } = {}): Run {
  const env: Record<string, string | undefined> = {
    ...process.env,
    GP_CHANGE_TODAY: '2026-11-23',
    // Compiled local rulebooks are kept here rather than in the user's own cache folder.
    GP_CHANGE_CACHE_DIR: join(tmpdir(), `gp-change-test-cache-${process.pid}`),
    NO_COLOR: undefined,
    FORCE_COLOR: undefined,
    ...options.env,
  };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: env as NodeJS.ProcessEnv,
    input: options.input ?? '',
    encoding: 'utf8',
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
