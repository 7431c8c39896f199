import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { Chalk } from 'chalk';
import { builtinRulebook } from '../rulebook/builtin.js';
import type { Rulebook } from '../rulebook/types.js';
import { rulebookAt } from '../commands/rulebooks.js';
import { selfCommand } from '../io/self.js';
import { EXPORT_FORMATS } from '../render/export-formats.js';
import { InputError, UsageError } from '../load/errors.js';
import { FAIL_ON, FORMATS, runAssess } from '../commands/assess.js';
import { COMPARE_FORMATS } from '../commands/compare-formats.js';
import { draftTemplate } from '../commands/init.js';
import { fileStem } from '../engine/assess.js';
import { proposalSchema } from '../draft/schema.js';
import { rulebookSchema } from '../rulebook/rulebook-schema.js';
import { bibliographyMarkdown, perceptionGapMarkdown, principleMarkdown, referenceMarkdown, riskMarkdown } from '../render/rulebook-md.js';
import { printMarkdown } from '../io/markdown.js';
import { confirmReplace, writeFileAtomic } from '../io/output.js';
import { clean, cleanLine, jsonSafe } from '../render/sanitize.js';
import { formatError, useColour } from '../io/terminal.js';
import { didYouMean } from '../load/ajv-problems.js';

declare const __GP_VERSION__: string;
const VERSION = typeof __GP_VERSION__ === 'string' ? __GP_VERSION__ : '0.0.0-dev';
/** The package root: dist/cli.js and src/cli/main.ts both sit two levels below it... or one for dist. */
const ROOT = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
})();

const rb = builtinRulebook;

function example(text: string): string {
  return `\nExample:\n  ${text}\n`;
}

function intInRange(min: number, max: number) {
  return (value: string) => {
    // Digits only: Number() would read '' and ' ' as 0 (a CI variable left unset would switch the check off) and 0x50 as 80.
    const n = /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}`);
    return n;
  };
}

/** A file name as a shell reads it back: quoted when it has anything but safe characters, or starts with "-". */
function shellWord(name: string): string {
  const plain = /^[\w./@%+=:,-]+$/.test(name) && !name.startsWith('-');
  return plain ? name : `'${(name.startsWith('-') ? `./${name}` : name).replace(/'/g, `'\\''`)}'`;
}

function colourOf(cmd: Command): boolean {
  return useColour(cmd.optsWithGlobals().color as boolean | undefined, true);
}

async function main(argv: string[]): Promise<number> {
  const program = new Command('gp-change')
    .description(
      "Check a proposed change in general practice against The King's Fund four principles (2022): scores, risks, evidence and what to do.",
    )
    .version(`${VERSION} (rulebook ${rb.id} ${rb.version})`, '-V, --version')
    .option('--no-color', 'plain output, no colour')
    .option('--debug', 'show internal error details')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(clean(s)) })
    .addHelpText(
      'after',
      `\nStart here: run gp-change with no arguments in a terminal for a guided interview that ends with the report,\nor write a draft with gp-change init and check it with gp-change assess.\n${example('gp-change assess examples/access-target.yaml')}\nCommands that read the rulebook: principles, evidence, explain. Exit codes: 0 ok, 1 below the bar, 2 bad input.\n`,
    );

  let exitCode = 0;

  const rulebookOption = () => new Option('--rulebook <file>', 'a local rulebook (YAML that extends builtin); default: the built-in one');
  const active = async (file: string | undefined) => (await rulebookAt(file)).rulebook;

  program
    .command('assess')
    .description('assess one or more drafts (files, folders or quoted globs) and print a report')
    .argument('<files...>', "draft files, folders or globs such as 'drafts/**/*.yaml'")
    .addOption(new Option('-f, --format <format>', 'report format').choices(FORMATS).default('text'))
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of standard output')
    .option('--force', 'replace the --output file if it exists (otherwise asked at a terminal, refused elsewhere)')
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a risk at or above this severity is not acknowledged')
        .choices(FAIL_ON)
        .default('high'),
    )
    .option('--min-score <n>', 'exit 1 when any principle scores below n (0-100)', intInRange(0, 100), 0)
    .addOption(new Option('--role <role>', 'whose actions to show (overrides the draft)').choices(rb.roles.map((r) => r.id)))
    .addOption(rulebookOption())
    .option('--strict-acknowledgements', 'exit 1 when an acknowledgement has expired or names a risk that no longer fires')
    .option('-q, --quiet', 'print only drafts that fall short, and the summary line')
    .addHelpText('after', example("gp-change assess 'drafts/**/*.yaml' --fail-on medium --format markdown --output report.md"))
    .action(async (files: string[], opts, cmd: Command) => {
      const g = cmd.optsWithGlobals();
      const chosen = await rulebookAt(opts.rulebook);
      const result = await runAssess(chosen.rulebook, chosen.validate, files, { ...opts, color: g.color }, VERSION);
      exitCode = result.exitCode;
    });

  program
    .command('diff')
    .description('two versions of one draft: answers changed, scores moved, risks resolved and new, verdict before and after')
    .argument('<old>', 'the earlier version')
    .argument('<new>', 'the later version')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'markdown', 'json']).default('text'))
    .option('-o, --output <file>', 'write to a file (atomically) instead of standard output')
    .option('--force', 'replace the --output file if it exists (otherwise asked at a terminal, refused elsewhere)')
    .addOption(new Option('--role <role>', 'assess both as this role').choices(rb.roles.map((r) => r.id)))
    .addOption(rulebookOption())
    .addHelpText('after', example('gp-change diff drafts/hub-v1.yaml drafts/hub-v2.yaml --format markdown'))
    .action(async (oldFile: string, newFile: string, opts, cmd: Command) => {
      const { runDiff } = await import('../commands/diff.js');
      exitCode = (await runDiff(oldFile, newFile, { ...opts, color: cmd.optsWithGlobals().color })).exitCode;
    });

  program
    .command('compare')
    .description(
      'set drafts side by side; respondents of the same change (same id) are grouped, with the spread of their scores and any perception gap',
    )
    .argument('<files...>', 'draft files, folders or quoted globs')
    .addOption(new Option('-f, --format <format>', 'output format').choices(COMPARE_FORMATS).default('text'))
    .option('-o, --output <file>', 'write to a file (atomically) instead of standard output')
    .option('--force', 'replace the --output file if it exists (otherwise asked at a terminal, refused elsewhere)')
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a perception gap at or above this severity is found')
        .choices(FAIL_ON)
        .default('high'),
    )
    .addOption(new Option('--role <role>', 'whose actions to show (overrides the drafts)').choices(rb.roles.map((r) => r.id)))
    .option('--title <text>', "a heading for the comparison, e.g. the board paper's subject")
    .addOption(rulebookOption())
    .addHelpText(
      'after',
      `${example('gp-change compare examples/same-day-hub-ics.yaml examples/same-day-hub-practice.yaml')}  gp-change compare proposals/*.yaml --format html --title "Access proposals, March board" --output board.html\n`,
    )
    .action(async (files: string[], opts, cmd: Command) => {
      const { runCompare } = await import('../commands/compare.js');
      exitCode = (await runCompare(files, { ...opts, color: cmd.optsWithGlobals().color })).exitCode;
    });

  program
    .command('principles')
    .description('show a principle: why it matters, its evidence, the actions, questions and risks')
    .argument('[id]', `principle id or number (${rb.principles.map((p) => p.id).join(', ')})`)
    .addOption(new Option('--role <role>', 'show only the actions for this role').choices(rb.roles.map((r) => r.id)))
    .addOption(rulebookOption())
    .addHelpText('after', example('gp-change principles bottom-up --role practice'))
    .action(async (id: string | undefined, opts, cmd: Command) => {
      const book = await active(opts.rulebook);
      const list = id ? book.principles.filter((p) => p.id === id || String(p.number) === id) : book.principles;
      if (!list.length)
        throw new UsageError(
          `no principle "${id}"${didYouMean(
            id!,
            book.principles.map((p) => p.id),
          )}; principles: ${book.principles.map((p) => p.id).join(', ')}`,
        );
      await printMarkdown(list.map((p) => principleMarkdown(book, p, opts.role)).join('\n'), colourOf(cmd));
    });

  program
    .command('evidence')
    .description('list the references, or show one and everything in the rulebook that cites it; or export the bibliography')
    .argument('[id]', 'reference id, e.g. doran-2011')
    .addOption(
      new Option('--format <format>', 'export the bibliography (local entries included) for Zotero or Pandoc').choices(EXPORT_FORMATS),
    )
    .option('-o, --output <file>', 'write to a file (atomically) instead of standard output')
    .option('--force', 'replace the --output file if it exists (otherwise asked at a terminal, refused elsewhere)')
    .addOption(rulebookOption())
    .addHelpText('after', `${example('gp-change evidence doran-2011')}  gp-change evidence --format bibtex --output references.bib\n`)
    .action(async (id: string | undefined, opts, cmd: Command) => {
      const book = await active(opts.rulebook);
      const refs = id ? book.references.filter((r) => r.id === id) : book.references;
      if (id && !refs.length)
        throw new UsageError(
          `no reference "${id}"${didYouMean(
            id,
            book.references.map((r) => r.id),
          )}; run \`gp-change evidence\` for the list`,
        );
      const replace = await confirmReplace(opts.output, opts.force);
      let text: string;
      if (opts.format) {
        const { exportReferences } = await import('../render/bibliography.js');
        text = await exportReferences(refs, opts.format);
      } else {
        text = clean(id ? referenceMarkdown(book, refs[0]!) : bibliographyMarkdown(book));
        if (!opts.output) return printMarkdown(text, colourOf(cmd));
      }
      if (opts.output) writeFileAtomic(opts.output, text, { replace });
      else process.stdout.write(text);
    });

  program
    .command('explain')
    .description('explain a risk in full: what it means, when it fires, the evidence and what to do')
    .argument('<risk-id>', 'a risk id, e.g. top-down-imposition')
    .addOption(rulebookOption())
    .addHelpText('after', example('gp-change explain target-displacement'))
    .action(async (id: string, opts, cmd: Command) => {
      const book = await active(opts.rulebook);
      const risks = book.principles.flatMap((p) => p.risks);
      const risk = risks.find((r) => r.id === id);
      const disabled = book.disabledRisks?.find((d) => d.id === id);
      if (!risk && book.perceptionGap?.id === id) return printMarkdown(perceptionGapMarkdown(book), colourOf(cmd));
      if (!risk && disabled)
        throw new UsageError(`risk "${id}" is switched off by the rulebook ${disabled.by}${disabled.why ? `: ${disabled.why}` : ''}`);
      if (!risk)
        throw new UsageError(
          `no risk "${id}"${didYouMean(
            id,
            risks.map((r) => r.id),
          )}; risks: ${risks.map((r) => r.id).join(', ')}`,
        );
      await printMarkdown(riskMarkdown(book, risk), colourOf(cmd));
    });

  program
    .command('interview')
    .description(
      'a guided walk through your change, principle by principle, ending with the report and an offer to save the draft (needs a terminal)',
    )
    .addOption(new Option('--role <role>', 'your role (asked if not given)').choices(rb.roles.map((r) => r.id)))
    .option('--from <file>', 'start from a draft or a recovery file and ask only what is still unanswered')
    .option('--review', "with --from: ask every question again, with the draft's answers as defaults")
    .option('--save <file>', 'where to save the draft at the end (asks before replacing a file)')
    .addOption(rulebookOption())
    .addHelpText(
      'after',
      `${example('gp-change interview --role practice')}  gp-change interview --from ~/.local/state/gp-change/recovery-2026-11-23-101503.yaml   # carry on after Ctrl-C\n`,
    )
    .action(async (opts, cmd: Command) => {
      const { runInterview } = await import('../commands/interview.js');
      exitCode = await runInterview({ ...opts, color: cmd.optsWithGlobals().color }, { root: ROOT });
    });

  program
    .command('init')
    .description(
      'write a commented draft to fill in (asks before replacing an existing file; without a terminal, replaces one only with --force)',
    )
    .argument('[file]', 'where to write it ("-" for standard output)', 'change.yaml')
    .addOption(new Option('--role <role>', 'your role').choices(rb.roles.map((r) => r.id)).default(rb.roles[0]!.id))
    .option('--force', 'replace the file if it exists, without asking')
    .addOption(rulebookOption())
    .addHelpText('after', example('gp-change init drafts/same-day-hub.yaml --role ics'))
    .action(async (file: string, opts) => {
      const book = await active(opts.rulebook);
      if (file === '-') {
        // "-" is standard output, as for any command-line tool: the schema line then has to be absolute.
        process.stdout.write(
          draftTemplate(
            book,
            join(ROOT, 'schemas', 'proposal.schema.json'),
            opts.role,
            'my-change',
            opts.rulebook ? resolve(opts.rulebook) : undefined,
          ),
        );
        return;
      }
      const replace = await confirmReplace(file, opts.force);
      // Relative when the schema sits in the same project as the draft (gp-change in its node_modules, or
      // a draft inside this checkout), so the line still works once committed; absolute otherwise.
      const schemaFile = join(ROOT, 'schemas', 'proposal.schema.json');
      const sameProject = schemaFile.startsWith(process.cwd() + sep) || resolve(file).startsWith(ROOT + sep);
      const schema = sameProject ? relative(dirname(resolve(file)), schemaFile) : schemaFile;
      const rulebookPath = opts.rulebook ? relative(dirname(resolve(file)), resolve(opts.rulebook)) : undefined;
      writeFileAtomic(file, draftTemplate(book, schema, opts.role, fileStem(file), rulebookPath), { replace });
      process.stdout.write(`Wrote ${cleanLine(file)}. Fill it in, then run: ${selfCommand()} assess ${shellWord(cleanLine(file))}\n`);
    });

  program
    .command('schema')
    .description('print a JSON Schema: the proposal draft (generated from the rulebook) or the rulebook format')
    .argument('<which>', 'proposal or rulebook')
    .addOption(rulebookOption())
    .addHelpText(
      'after',
      `${example('gp-change schema proposal > proposal.schema.json')}  gp-change schema proposal --rulebook pcn.rulebook.yaml   # local questions included\n`,
    )
    .action(async (which: string, opts) => {
      // A local rulebook's questions become descriptions in the schema: printed with jsonSafe.
      if (which === 'proposal') process.stdout.write(`${jsonSafe(JSON.stringify(proposalSchema(await active(opts.rulebook)), null, 2))}\n`);
      else if (which === 'rulebook') process.stdout.write(`${JSON.stringify(rulebookSchema(), null, 2)}\n`);
      else throw new UsageError(`schema must be "proposal" or "rulebook"; got "${which}"`);
    });

  const rulebookCmd = program.command('rulebook').description('check or show a rulebook');
  rulebookCmd
    .command('validate')
    .description('check a local rulebook file, or with no file the built-in rulebook sources (rules/, evidence/)')
    .argument('[file]', 'a local rulebook file')
    .addHelpText(
      'after',
      `${example('gp-change rulebook validate examples/rulebooks/pcn-local-measures.yaml')}  gp-change rulebook validate   # the built-in rulebook's sources\n`,
    )
    .action(async (file: string | undefined) => {
      let checked: Rulebook;
      if (file) checked = (await rulebookAt(file)).rulebook;
      else {
        const { loadRulebookFromSources } = await import('../rulebook/load-builtin-sources.js');
        checked = loadRulebookFromSources(ROOT);
      }
      const n = (f: (p: Rulebook['principles'][number]) => number) => checked.principles.reduce((s, p) => s + f(p), 0);
      const chain = checked.chain ? ` (${checked.chain.map((c) => `${c.id} ${c.version}`).join(' -> ')})` : '';
      process.stdout.write(
        `rulebook ${checked.id} ${checked.version}${chain} is valid: ${checked.principles.length} principles, ${n((p) => p.evidence.length)} evidence claims, ` +
          `${n((p) => Object.values(p.actions).flat().length)} actions, ${n((p) => p.questions.length)} questions, ${n((p) => p.risks.length)} risks` +
          `${checked.disabledRisks?.length ? ` (${checked.disabledRisks.length} switched off)` : ''}, ${checked.references.length} references, every reference cited\n`,
      );
    });
  rulebookCmd
    .command('show')
    .description('print the resolved rulebook (after extends and overrides) as YAML, each item commented with where it came from')
    .argument('[file]', 'a local rulebook file (default: the built-in rulebook)')
    .addHelpText('after', example('gp-change rulebook show examples/rulebooks/pcn-local-measures.yaml'))
    .action(async (file: string | undefined) => {
      const chosen = await rulebookAt(file);
      const { showRulebook } = await import('../render/rulebook-yaml.js');
      process.stdout.write(showRulebook(chosen.rulebook, chosen.origins));
    });

  if (argv.length === 0) {
    // In a terminal, `gp-change` alone starts the interview; elsewhere (CI, pipes) it is a usage error.
    if (!process.stdin.isTTY || !process.stdout.isTTY) {
      program.outputHelp({ error: true });
      return 2;
    }
    argv = ['interview'];
  }
  await program.parseAsync(argv, { from: 'user' });
  return exitCode;
}

function fail(error: unknown, debug: boolean): number {
  const chalk = new Chalk({ level: useColour(undefined, true, process.stderr) ? 1 : 0 });
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
    return 2; // commander has already printed the message
  }
  if (error instanceof InputError) {
    for (const p of error.problems) process.stderr.write(formatError(p, chalk));
    return 2;
  }
  if (error instanceof UsageError) {
    // Messages quote arguments and file names, which may hold terminal escapes.
    process.stderr.write(`${chalk.red('error:')} ${clean(error.message)}\n`);
    return 2;
  }
  process.stderr.write(`${chalk.red('internal error')} ${clean(String((error as Error)?.message ?? error))}\n`);
  if (debug) process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
  else process.stderr.write('Run again with --debug for details, and please report it.\n');
  return 2;
}

// A reader that stops early (`| head`) closes the pipe: that is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

const args = process.argv.slice(2);
main(args).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.exitCode = fail(error, args.includes('--debug'));
  },
);
