/** Prints markdown: rendered with marked-terminal on a terminal, as plain markdown into pipes and files. */
export async function printMarkdown(markdown: string, colour: boolean): Promise<void> {
  if (!colour) {
    process.stdout.write(markdown.endsWith('\n') ? markdown : `${markdown}\n`);
    return;
  }
  // Loaded only here: markdown rendering is the heaviest thing the read-the-rulebook commands use.
  const [{ marked }, { markedTerminal }] = await Promise.all([import('marked'), import('marked-terminal')]);
  marked.use(markedTerminal({ width: Math.min(process.stdout.columns || 100, 100), reflowText: true, tab: 2 }) as never);
  process.stdout.write(String(await marked.parse(markdown)));
}
