import { openSync, unlinkSync } from 'node:fs';

/**
 * The program's own temporary files (an --output being written, JUnit's parked suites). They are
 * removed if the run is interrupted (Ctrl-C, a closed terminal, a kill), so an interrupted run leaves
 * nothing half-written behind. The handlers are installed only while such a file exists or is being
 * made: otherwise the signals keep Node's default behaviour.
 */
const live = new Set<string>();
/** Temporary files being created: the handlers are in place before each exists (see openTemp). */
let opening = 0;
let installed = false;

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

function update(): void {
  const wanted = live.size > 0 || opening > 0;
  if (wanted === installed) return;
  installed = wanted;
  const method = wanted ? 'on' : 'removeListener';
  process[method]('exit', removeAll);
  for (const [signal, handler] of handlers) process[method](signal, handler);
}

/**
 * Creates a temporary file exclusively and notes it for removal. The signal handlers go in before the
 * file exists: were they installed after, a Ctrl-C landing between the two (a loaded machine makes that
 * likely enough) would end the run by the signal's default, exit code and all, and leave the file. The
 * path is noted only once the file is ours, so a name that turned out to be taken is never removed.
 */
export function openTemp(path: string, flags: string, mode: number): number {
  opening++;
  update();
  try {
    const fd = openSync(path, flags, mode);
    live.add(path);
    return fd;
  } finally {
    opening--;
    update();
  }
}

/** The file is gone or renamed into place: nothing to remove any more. */
export function untrackTemp(path: string): void {
  if (live.delete(path)) update();
}
