import { clean } from '../render/sanitize.js';
import { reportWidth } from './terminal.js';

/**
 * Prints markdown: rendered with marked-terminal when standard output is a terminal (in colour unless
 * colour is off), and as plain markdown into pipes and files, where it is the more useful form.
 */
export async function printMarkdown(text: string, colour: boolean): Promise<void> {
  // The rulebook's prose (a local rulebook is anyone's text) is printed as markdown, so every
  // character the terminal could act on goes here, before any colour of our own is added.
  const markdown = clean(text);
  if (!process.stdout.isTTY) {
    process.stdout.write(markdown.endsWith('\n') ? markdown : `${markdown}\n`);
    return;
  }
  // marked-terminal styles through its own chalk, which reads FORCE_COLOR when first loaded and
  // otherwise guesses for itself (it turns colour off whenever $CI is set, terminal or not).
  // Our decision, made once for every command, is the one that holds.
  // (With colour on, FORCE_COLOR is unset or asks for colour already: useColour saw to that.)
  if (!colour) process.env.FORCE_COLOR = '0';
  else process.env.FORCE_COLOR ||= '1';
  // Loaded only here: markdown rendering is the heaviest thing the read-the-rulebook commands use.
  const [{ marked }, { markedTerminal }] = await Promise.all([import('marked'), import('marked-terminal')]);
  const width = reportWidth(100);
  marked.use(markedTerminal({ width, reflowText: true, tab: 2, showSectionPrefix: false }) as never);
  // marked-terminal leaves the inline markup of list items (bold, code) unrendered; render it here.
  marked.use({
    renderer: {
      text(this: { parser: { parseInline(tokens: unknown[]): string } }, token: { text: string; tokens?: unknown[] } | string) {
        if (typeof token === 'string') return token;
        return token.tokens ? this.parser.parseInline(token.tokens) : token.text;
      },
    },
  } as never);
  process.stdout.write(wrapAnsi(String(await marked.parse(markdown)), width));
}

const SGR = /\u001b\[[0-9;]*m/g;

/** Wraps long lines (list items are not reflowed by marked-terminal) at spaces, keeping colour codes whole. */
function wrapAnsi(text: string, width: number): string {
  return text
    .split('\n')
    .map((line) => {
      if (line.replace(SGR, '').length <= width) return line;
      const indent = ' '.repeat(/^ */.exec(line.replace(SGR, ''))![0].length + 2);
      const out: string[] = [];
      let current = '';
      let visible = 0;
      for (const word of line.split(' ')) {
        const len = word.replace(SGR, '').length;
        if (visible && visible + 1 + len > width) {
          out.push(current);
          current = indent + word;
          visible = indent.length + len;
        } else {
          current = visible || current ? `${current} ${word}` : word;
          visible += (visible ? 1 : 0) + len;
        }
      }
      out.push(current);
      return out.join('\n');
    })
    .join('\n');
}
