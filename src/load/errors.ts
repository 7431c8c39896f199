/** A problem with the user's input: shown as `file:line:col: message`, exit code 2, never a stack trace. */
export interface Position {
  line: number;
  col: number;
  endLine?: number;
  endCol?: number;
}

export interface Problem extends Partial<Position> {
  file: string;
  message: string;
  /** JSON path of the offending value, where there is one, e.g. `answers.origin`. */
  path?: string;
}

export class InputError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'InputError';
    this.problems = problems;
  }
}

export function formatProblem(p: Problem): string {
  const where = p.line ? `${p.file}:${p.line}:${p.col ?? 1}` : p.file;
  return `${where}: ${p.message}`;
}

/** A problem in how the command was called (unknown format, missing file). Exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** At most this many problems are reported for one file: a file with 40,000 stray keys needs one screen, not 40,000 lines. */
export const MAX_PROBLEMS = 50;

/** The first MAX_PROBLEMS problems, and a last line saying how many more there were (of `total`, where only the first were written). */
export function capProblems(problems: Problem[], total = problems.length): Problem[] {
  if (total <= MAX_PROBLEMS) return problems;
  const rest = total - MAX_PROBLEMS;
  return [
    ...problems.slice(0, MAX_PROBLEMS),
    { file: problems[0]!.file, message: `and ${rest} more problem${rest === 1 ? '' : 's'} in this file, not shown; fix these first` },
  ];
}
