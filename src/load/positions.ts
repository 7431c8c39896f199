import type { Position } from './errors.js';

export interface Span extends Position {
  endLine: number;
  endCol: number;
}

/**
 * Positions by path, kept as offsets and turned into line and column only when asked for. A range is
 * packed into one number (files are at most 1 MiB, so each offset fits in 21 bits): a draft has a
 * hundred or so paths, and a pair of numbers each would be that many small arrays per draft.
 */
const SHIFT = 2 ** 21;

export class SpanIndex {
  private readonly ranges = new Map<string, number>();
  constructor(private readonly lines: LineIndex) {}
  set(path: string, start: number, end: number): void {
    this.ranges.set(path, start * SHIFT + end);
  }
  /** Every path with its [start, end) offsets (for tests that compare two readings). */
  *entries(): IterableIterator<[string, [number, number]]> {
    for (const [path, packed] of this.ranges) yield [path, [Math.floor(packed / SHIFT), packed % SHIFT]];
  }
  get(path: string): Span | undefined {
    const packed = this.ranges.get(path);
    if (packed === undefined) return undefined;
    const a = this.lines.pos(Math.floor(packed / SHIFT));
    const b = this.lines.pos(packed % SHIFT);
    return { line: a.line, col: a.col, endLine: b.line, endCol: b.col };
  }
}

/** Line starts of a text, found on first use (most drafts never need a position). */
export class LineIndex {
  private starts?: number[];
  constructor(private readonly text: string) {}
  pos(offset: number): Position {
    if (!this.starts) {
      this.starts = [0];
      for (let i = this.text.indexOf('\n'); i !== -1; i = this.text.indexOf('\n', i + 1)) this.starts.push(i + 1);
    }
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - this.starts[lo]! + 1 };
  }
}
