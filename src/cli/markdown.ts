/**
 * Prints markdown: rendered with marked-terminal when standard output is a terminal (in colour unless
 * colour is off), and as plain markdown into pipes and files, where it is the more useful form.
 */
export async function printMarkdown(markdown: string, colour: boolean): Promise<void> {
  if (!process.stdout.isTTY) {
    process.stdout.write(markdown.endsWith('\n') ? markdown : `${markdown}\n`);
    return;
  }
  // marked-terminal styles through its own chalk, which reads FORCE_COLOR when first loaded.
  if (!colour) process.env.FORCE_COLOR = '0';
  // Loaded only here: markdown rendering is the heaviest thing the read-the-rulebook commands use.
  const [{ marked }, { markedTerminal }] = await Promise.all([import('marked'), import('marked-terminal')]);
  marked.use(markedTerminal({ width: Math.min(process.stdout.columns || 100, 100), reflowText: true, tab: 2, showSectionPrefix: false }) as never);
  process.stdout.write(String(await marked.parse(markdown)));
}
