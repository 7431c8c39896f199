import { unlinkSync } from 'node:fs';

/**
 * The program's own temporary files (an --output being written, JUnit's parked suites). They are
 * removed if the run is interrupted (Ctrl-C, a closed terminal, a kill), so an interrupted run leaves
 * nothing half-written behind. The handlers are installed only while such a file exists: otherwise
 * the signals keep Node's default behaviour.
 */
const live = new Set<string>();

function removeAll(): void {
  for (const path of live) {
    try {
      unlinkSync(path);
    } catch {
      /* already gone */
    }
  }
  live.clear();
}

// 128 + the signal's number, as a shell reports a process the signal ended.
const CODES: [NodeJS.Signals, number][] = [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
];
const handlers = CODES.map(([signal, code]) => [signal, () => process.exit(code)] as const);

function install(on: boolean): void {
  const method = on ? 'on' : 'removeListener';
  process[method]('exit', removeAll);
  for (const [signal, handler] of handlers) process[method](signal, handler);
}

/** Notes a temporary file to remove if the run ends before it is renamed or deleted. */
export function trackTemp(path: string): void {
  if (!live.size) install(true);
  live.add(path);
}

/** The file is gone or renamed into place: nothing to remove any more. */
export function untrackTemp(path: string): void {
  if (live.delete(path) && !live.size) install(false);
}
