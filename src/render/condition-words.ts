/** A json-logic condition in plain words, for `explain` and the docs: "answers.origin is ics or national and ...". */
export function conditionWords(node: unknown, nested = false): string {
  if (Array.isArray(node)) return node.map((n) => words(n)).join(', ');
  if (node === null || typeof node !== 'object') return typeof node === 'string' ? `"${node}"` : String(node);
  const [op] = Object.keys(node);
  const raw = (node as Record<string, unknown>)[op!];
  const args = Array.isArray(raw) ? raw : [raw];
  const wrap = (s: string) => (nested ? `(${s})` : s);
  switch (op) {
    case 'var':
      return String(args[0])
        .replace(/^answers\./, '')
        .replace(/^item\./, "the entry's ");
    case '==':
    case '===':
      return `${words(args[0])} is ${words(args[1])}`;
    case '!=':
    case '!==':
      return `${words(args[0])} is not ${words(args[1])}`;
    case 'in':
      return Array.isArray(args[1])
        ? `${words(args[0])} is ${args[1].map((v) => words(v)).join(' or ')}`
        : `${words(args[0])} is in ${words(args[1])}`;
    case 'and':
      return wrap(args.map((a) => conditionWords(a, true)).join(' and '));
    case 'or':
      return wrap(args.map((a) => conditionWords(a, true)).join(' or '));
    case '!':
      return `not ${conditionWords(args[0], true)}`;
    case '!!':
      return `${conditionWords(args[0], true)} is set`;
    case '>':
    case '>=':
    case '<':
    case '<=':
      return `${words(args[0])} ${{ '>': 'is more than', '>=': 'is at least', '<': 'is less than', '<=': 'is at most' }[op]} ${words(args[1])}`;
    case 'count':
      return `the number of ${words(args[0])}`;
    case 'some':
      return `any entry of ${words(args[0])} where ${conditionWords(args[1], true).replace(/\bthe entry's /g, '')}`;
    case 'all':
      return `every entry of ${words(args[0])} where ${conditionWords(args[1], true)}`;
    case 'none':
      return `no entry of ${words(args[0])} where ${conditionWords(args[1], true)}`;
    case 'filter':
      return `the entries of ${words(args[0])} where ${conditionWords(args[1], true)}`;
    case '+':
      return wrap(args.map((a) => conditionWords(a, true)).join(' + '));
    case '-':
      return wrap(args.map((a) => conditionWords(a, true)).join(' - '));
    case 'if':
      return `(${words(args[1])} when ${conditionWords(args[0], true)}, else ${words(args[2])})`;
    case 'missing':
      return `${args.map((a) => words(a)).join(', ')} missing`;
    default:
      return JSON.stringify(node);
  }
}

function words(node: unknown): string {
  if (node !== null && typeof node === 'object' && !Array.isArray(node)) {
    const op = Object.keys(node)[0];
    // Inside json-logic's some/all/none, a bare var names a field of the entry.
    if (op === 'var')
      return String((node as { var: unknown }).var)
        .replace(/^answers\./, '')
        .replace(/^item\./, "the entry's ");
    return conditionWords(node, true);
  }
  if (Array.isArray(node)) return node.map(words).join(' or ');
  return typeof node === 'string' ? node : String(node);
}
