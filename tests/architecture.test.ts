/**
 * The folders of src/ depend on each other one way. From the top (may import anything below it) to the
 * bottom (imports nothing of ours):
 *
 *   build      the build steps (compile the built-in rulebook, write generated docs and schemas)
 *   cli        the entry point: wires commander to the commands, turns errors into exit codes
 *   commands   one file per command, and what several share (the active rulebook, assessing files)
 *   interview  the interview: a pure step function and the prompt adapter that shows its steps
 *   io         files, globs and the terminal: atomic writes, temporary files and signals, colour, width,
 *              printing markdown, today's date, commands the user can paste
 *   render     one renderer per format, and the escaping they share
 *   engine     assess, compare, diff: pure functions of a rulebook and loaded drafts, no I/O
 *   draft      the proposal draft: its schema, loading and validating one, the view conditions read
 *   rulebook   the rulebook: types, schemas, limits, the condition language, the built-in and local ones
 *   generated  what the build compiles from the built-in rulebook (its JSON and draft validator)
 *   load       reading YAML with the position of every node; errors that name file:line:column
 *   types      declarations for packages without their own
 *
 * So the engine never reaches for a file: positions come with the loaded draft (`LoadedDraft.position`,
 * attached by the loader), and rules reach the engine as data. An import that goes up this list, or a
 * cycle between files, fails here with the files that make it.
 */
import { readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf } from './helpers/imports.js';

const ORDER = ['build', 'cli', 'commands', 'interview', 'io', 'render', 'engine', 'draft', 'rulebook', 'generated', 'load', 'types'];

/** Imports the order allows but the design does not, with the reason. */
const FORBIDDEN: Record<string, string> = {
  'engine -> load': 'the engine finds positions through the loaded draft (LoadedDraft.position), not the loader',
};

const SRC = resolve(import.meta.dirname, '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

interface Edge {
  from: string;
  to: string;
}

/** Every relative import of every file under src/, as file paths relative to src/. */
function importGraph(): Edge[] {
  const edges: Edge[] = [];
  for (const file of sourceFiles(SRC)) {
    for (const name of importsOf(file)) {
      if (!name.startsWith('.')) continue;
      const target = resolve(dirname(file), name).replace(/\.js$/, '.ts');
      edges.push({ from: relative(SRC, file), to: relative(SRC, target) });
    }
  }
  return edges;
}

const folderOf = (path: string) => (path.includes('/') ? path.slice(0, path.indexOf('/')) : '(src)');

/** The cycles of a graph: for each strongly connected component of more than one node, one cycle through it. */
function cycles(nodes: Iterable<string>, next: (n: string) => string[]): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let counter = 0;
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next(v)) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) components.push(component);
    }
  };
  for (const n of nodes) if (!index.has(n)) visit(n);
  // A path back to the start through the component, found breadth first, so the shortest is shown.
  return components.map((component) => {
    const inside = new Set(component);
    const start = [...component].sort()[0]!;
    const from = new Map<string, string>();
    const queue = [start];
    while (queue.length) {
      const v = queue.shift()!;
      for (const w of next(v)) {
        if (!inside.has(w)) continue;
        if (w === start) {
          const path = [v];
          while (path[0] !== start) path.unshift(from.get(path[0]!)!);
          return [...path, start];
        }
        if (!from.has(w)) {
          from.set(w, v);
          queue.push(w);
        }
      }
    }
    return component;
  });
}

describe('the folder graph of src/', () => {
  const edges = importGraph();
  const example = (a: string, b: string) => edges.find((e) => folderOf(e.from) === a && folderOf(e.to) === b)!;

  it('knows every folder', () => {
    const folders = new Set(edges.flatMap((e) => [folderOf(e.from), folderOf(e.to)]));
    expect(
      [...folders].filter((f) => !ORDER.includes(f)),
      'add new folders to ORDER (and the list above)',
    ).toEqual([]);
  });

  it('has no cycle between folders', () => {
    const next = new Map<string, Set<string>>();
    for (const e of edges) {
      const [a, b] = [folderOf(e.from), folderOf(e.to)];
      if (a !== b) (next.get(a) ?? next.set(a, new Set()).get(a)!).add(b);
    }
    const found = cycles(next.keys(), (n) => [...(next.get(n) ?? [])]).map((cycle) =>
      cycle
        .slice(1)
        .map((to, i) => {
          const e = example(cycle[i]!, to);
          return `${cycle[i]} -> ${to} (${e.from} imports ${e.to})`;
        })
        .join(', '),
    );
    expect(found).toEqual([]);
  });

  it('has no cycle between files', () => {
    const next = new Map<string, string[]>();
    for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
    expect(cycles(next.keys(), (n) => next.get(n) ?? []).map((c) => c.join(' -> '))).toEqual([]);
  });

  it('imports only downwards in the order, and nothing the design rules out', () => {
    const wrong = new Set<string>();
    for (const e of edges) {
      const [a, b] = [folderOf(e.from), folderOf(e.to)];
      if (a === b) continue;
      if (ORDER.indexOf(b) < ORDER.indexOf(a)) wrong.add(`${e.from} imports ${e.to}: ${a} is below ${b}`);
      const reason = FORBIDDEN[`${a} -> ${b}`];
      if (reason) wrong.add(`${e.from} imports ${e.to}: ${reason}`);
    }
    expect([...wrong]).toEqual([]);
  });

  it('sees the imports it checks (type-only, dynamic and JSON ones included)', () => {
    // A parser that missed these would pass everything: these edges are known to exist.
    const has = (from: string, to: string) => edges.some((e) => e.from === from && e.to === to);
    expect(has('cli/program.ts', 'commands/assess.ts')).toBe(true);
    expect(has('rulebook/builtin.ts', 'generated/builtin-rulebook.json')).toBe(true);
    expect(has('engine/assess.ts', 'draft/types.ts')).toBe(true); // `import type`
    expect(has('cli/program.ts', 'commands/diff.ts')).toBe(true); // import()
  });
});

describe('the cycle finder', () => {
  it('finds a cycle and names it in order', () => {
    const graph: Record<string, string[]> = { a: ['b'], b: ['c'], c: ['a', 'd'], d: [] };
    expect(cycles(Object.keys(graph), (n) => graph[n]!)).toEqual([['a', 'b', 'c', 'a']]);
    expect(cycles(['x', 'y'], (n) => (n === 'x' ? ['y'] : []))).toEqual([]);
  });
});
