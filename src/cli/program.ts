/**
 * The command line as commander reads it: each command's arguments, options, help and example, wired to
 * its run function in src/commands/. Nothing here does the work; a command's module is loaded when that
 * command runs, except assess's, which is the common case.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { builtinRulebook as rb } from '../rulebook/builtin.js';
import { EXPORT_FORMATS } from '../render/export-formats.js';
import { clean } from '../render/sanitize.js';
import { wrap } from '../render/wrap.js';
import { outputOption } from '../io/output.js';
import { FAIL_ON } from '../rulebook/severity.js';
import { FORMATS, runAssess } from '../commands/assess.js';
import { COMPARE_FORMATS } from '../commands/compare-formats.js';
import { PLAN_FORMATS } from '../render/plan-formats.js';
import type { Context } from '../commands/context.js';

function example(text: string): string {
  return `\nExample:\n  ${text}\n`;
}

/** The first thing a newcomer reads; the example runs in any folder, not only in a clone. */
const START_HERE = [
  'Start here: run gp-change with no arguments in a terminal for a guided interview that ends with the report. Or write a draft with gp-change init, fill it in, and check it with gp-change assess.',
  `Example (works in any folder):\n  gp-change init my-change.yaml --role practice\n  gp-change assess my-change.yaml`,
];
const EXIT_CODES = ['Commands that read the rulebook: principles, evidence, explain. Exit codes: 0 ok, 1 below the bar, 2 bad input.'];

/** Prose paragraphs wrapped by word to the terminal, at most 80 columns; a paragraph holding a line break is kept as written. */
function paragraphs(texts: string[]): string {
  const width = Math.min(process.stdout.columns || 80, 80);
  return `${texts.map((t) => (t.includes('\n') ? t : wrap(t, width, 0))).join('\n\n')}\n`;
}

function intInRange(min: number, max: number) {
  return (value: string) => {
    // Digits only: Number() would read '' and ' ' as 0 (a CI variable left unset would switch the check off) and 0x50 as 80.
    const n = /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}`);
    return n;
  };
}

const roles = () => rb.roles.map((r) => r.id);
const rulebookOption = () => new Option('--rulebook <file>', 'a local rulebook (YAML that extends builtin); default: the built-in one');
const FORCE = 'replace the --output file if it exists (otherwise asked at a terminal, refused elsewhere)';
const TO_FILE = 'write to a file (atomically) instead of standard output ("-": standard output)';

function invalid(message: string): never {
  throw new InvalidArgumentError(message);
}

/** --output: `-` is standard output (no file); an empty name is refused (see outputOption). */
function outputFile(value: string): string | undefined {
  try {
    return outputOption(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message.replace(/^--output /, ''));
  }
}

/** A command's options with the global ones (--no-color), as its run function takes them. */
const flags = <T extends object>(opts: T, cmd: Command) => ({ ...opts, color: cmd.optsWithGlobals().color as boolean | undefined });

/** The program; `done` receives each command's exit code. */
export function program(ctx: Context, done: (code: number) => void): Command {
  const p = new Command('gp-change')
    .description(
      "Check a proposed change in general practice against The King's Fund four principles (2022): scores, risks, evidence and what to do.",
    )
    .version(`${ctx.version} (rulebook ${rb.id} ${rb.version})`, '-V, --version')
    .option('--no-color', 'plain output, no colour')
    .option('--debug', 'show internal error details')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(clean(s)) })
    .addHelpText('before', () => paragraphs(START_HERE))
    .addHelpText('after', () => `\n${paragraphs(EXIT_CODES)}`);

  p.command('assess')
    .description('assess one or more drafts (files, folders or quoted globs) and print a report')
    .argument('<files...>', "draft files, folders or globs such as 'drafts/**/*.yaml'")
    .addOption(new Option('-f, --format <format>', 'report format').choices(FORMATS).default('text'))
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of standard output ("-": standard output)', outputFile)
    .option('--force', FORCE)
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a risk at or above this severity is not acknowledged')
        .choices(FAIL_ON)
        .default('high'),
    )
    .option('--min-score <n>', 'exit 1 when any principle scores below n (0-100)', intInRange(0, 100), 0)
    .addOption(new Option('--role <role>', 'whose actions to show (overrides the draft)').choices(roles()))
    .addOption(rulebookOption())
    .option('--strict-acknowledgements', 'exit 1 when an acknowledgement has expired or names a risk that no longer fires')
    .option('-q, --quiet', 'print only drafts that fall short, and the summary line')
    .option(
      '--detail',
      'in the terminal report, each risk in full with its evidence, and the references (markdown and HTML always have them)',
    )
    .option('--whatif', 'JSON: add what would move each verdict (gp-change whatif) to every assessment')
    .option('--no-whatif', 'text, markdown, html: leave out the "What would move this" section')
    .addHelpText('after', example("gp-change assess 'drafts/**/*.yaml' --fail-on medium --format markdown --output report.md"))
    .action(async (files: string[], opts, cmd: Command) => {
      done(await runAssess(files, flags(opts, cmd), ctx));
    });

  p.command('diff')
    .description('two versions of one draft: answers changed, scores moved, risks resolved and new, verdict before and after')
    .argument('<old>', 'the earlier version')
    .argument('<new>', 'the later version')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'markdown', 'json']).default('text'))
    .option('-o, --output <file>', TO_FILE, outputFile)
    .option('--force', FORCE)
    .addOption(new Option('--role <role>', 'assess both as this role').choices(roles()))
    .addOption(rulebookOption())
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a new risk at or above this severity is not acknowledged')
        .choices(FAIL_ON)
        .default('high'),
    )
    .addHelpText(
      'after',
      `${example('gp-change diff drafts/hub-v1.yaml drafts/hub-v2.yaml --format markdown')}  Exit 1 when the verdict or any principle's band gets worse, or a new risk reaches --fail-on.\n`,
    )
    .action(async (oldFile: string, newFile: string, opts, cmd: Command) => {
      const { runDiff } = await import('../commands/diff.js');
      done(await runDiff(oldFile, newFile, flags(opts, cmd)));
    });

  p.command('compare')
    .description(
      'set drafts side by side; respondents of the same change (same id) are grouped, with the spread of their scores and any perception gap',
    )
    .argument('<files...>', 'draft files, folders or quoted globs')
    .addOption(new Option('-f, --format <format>', 'output format').choices(COMPARE_FORMATS).default('text'))
    .option('-o, --output <file>', TO_FILE, outputFile)
    .option('--force', FORCE)
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a perception gap at or above this severity is found')
        .choices(FAIL_ON)
        .default('high'),
    )
    .addOption(new Option('--role <role>', 'whose actions to show (overrides the drafts)').choices(roles()))
    .option('--title <text>', "a heading for the comparison, e.g. the board paper's subject")
    .addOption(rulebookOption())
    .addHelpText(
      'after',
      `${example('gp-change compare examples/same-day-hub-ics.yaml examples/same-day-hub-practice.yaml')}  gp-change compare proposals/*.yaml --format html --title "Access proposals, March board" --output board.html\n`,
    )
    .action(async (files: string[], opts, cmd: Command) => {
      const { runCompare } = await import('../commands/compare.js');
      done(await runCompare(files, flags(opts, cmd)));
    });

  p.command('whatif')
    .description(
      'what would move the verdict: the smallest answer changes your role can make that move the verdict up a level, and each principle up a band',
    )
    .argument('<draft>', 'one draft file')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('-o, --output <file>', TO_FILE)
    .option('--force', FORCE)
    .addOption(new Option('--role <role>', 'whose changes to consider (overrides the draft)').choices(roles()))
    .addOption(rulebookOption())
    .addHelpText('after', example('gp-change whatif examples/access-target.yaml --role ics'))
    .action(async (file: string, opts, cmd: Command) => {
      const { runWhatIf } = await import('../commands/whatif.js');
      done(await runWhatIf(file, flags(opts, cmd)));
    });

  p.command('plan')
    .description(
      "a checklist to act on: the changes whatif proposes and the guide's actions for each open risk, with owner and due-date columns",
    )
    .argument('<draft>', 'one draft file')
    .addOption(
      new Option('-f, --format <format>', 'output format (yaml: a plan: list to paste into the draft)')
        .choices(PLAN_FORMATS)
        .default('markdown'),
    )
    .option('-o, --output <file>', TO_FILE)
    .option('--force', FORCE)
    .addOption(new Option('--role <role>', 'whose changes and actions (overrides the draft)').choices(roles()))
    .addOption(rulebookOption())
    .addHelpText('after', example('gp-change plan examples/access-target.yaml --format html --output plan.html'))
    .action(async (file: string, opts) => {
      const { runPlan } = await import('../commands/plan.js');
      done(await runPlan(file, opts));
    });

  p.command('principles')
    .description('show a principle: why it matters, its evidence, the actions, questions and risks')
    .argument('[id]', `principle id or number (${rb.principles.map((x) => x.id).join(', ')})`)
    .addOption(new Option('--role <role>', 'show only the actions for this role').choices(roles()))
    .addOption(rulebookOption())
    .addHelpText('after', example('gp-change principles bottom-up --role practice'))
    .action(async (id: string | undefined, opts, cmd: Command) => {
      const { runPrinciples } = await import('../commands/principles.js');
      done(await runPrinciples(id, flags(opts, cmd)));
    });

  p.command('evidence')
    .description('list the references, or show one and everything in the rulebook that cites it; or export the bibliography')
    .argument('[id]', 'reference id, e.g. doran-2011')
    .addOption(
      new Option('--format <format>', 'export the bibliography (local entries included) for Zotero or Pandoc').choices(EXPORT_FORMATS),
    )
    .option('-o, --output <file>', TO_FILE, outputFile)
    .option('--force', FORCE)
    .addOption(rulebookOption())
    .addHelpText('after', `${example('gp-change evidence doran-2011')}  gp-change evidence --format bibtex --output references.bib\n`)
    .action(async (id: string | undefined, opts, cmd: Command) => {
      const { runEvidence } = await import('../commands/evidence.js');
      done(await runEvidence(id, flags(opts, cmd)));
    });

  p.command('explain')
    .description('explain a risk in full: what it means, when it fires, the evidence and what to do; or a question')
    .argument('[id]', 'a risk id, e.g. top-down-imposition, or a question id; none: list the risks')
    .addOption(rulebookOption())
    .addHelpText('after', example('gp-change explain target-displacement'))
    .action(async (id: string | undefined, opts, cmd: Command) => {
      const { runExplain } = await import('../commands/explain.js');
      done(await runExplain(id, flags(opts, cmd)));
    });

  p.command('interview')
    .description(
      'a guided walk through your change, principle by principle, ending with the report and an offer to save the draft (needs a terminal)',
    )
    .addOption(new Option('--role <role>', 'your role (asked if not given)').choices(roles()))
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
      done(await runInterview(flags(opts, cmd), ctx));
    });

  p.command('init')
    .description(
      'write a commented draft to fill in (asks before replacing an existing file; without a terminal, replaces one only with --force)',
    )
    .argument(
      '[file]',
      'where to write it ("-" for standard output)',
      (value: string) => (value.trim() === '' ? invalid('needs a file name ("-" for standard output); got an empty one') : value),
      'change.yaml',
    )
    .addOption(new Option('--role <role>', `your role (default: ${rb.roles[0]!.id}; init says which it used)`).choices(roles()))
    .option('--force', 'replace the file if it exists, without asking')
    .addOption(rulebookOption())
    .addHelpText('after', example('gp-change init drafts/same-day-hub.yaml --role ics'))
    .action(async (file: string, opts) => {
      const { runInit } = await import('../commands/init.js');
      done(await runInit(file, opts, ctx));
    });

  p.command('schema')
    .description('print a JSON Schema: the proposal draft (generated from the rulebook) or the rulebook format')
    .argument('<which>', 'proposal or rulebook')
    .addOption(rulebookOption())
    .addHelpText(
      'after',
      `${example('gp-change schema proposal > proposal.schema.json')}  gp-change schema proposal --rulebook pcn.rulebook.yaml   # local questions included\n`,
    )
    .action(async (which: string, opts) => {
      const { runSchema } = await import('../commands/schema.js');
      done(await runSchema(which, opts));
    });

  const rulebook = p.command('rulebook').description('check or show a rulebook');
  rulebook
    .command('validate')
    .description('check a local rulebook file, or with no file the built-in rulebook sources (rules/, evidence/)')
    .argument('[file]', 'a local rulebook file')
    .addHelpText(
      'after',
      `${example('gp-change rulebook validate examples/rulebooks/pcn-local-measures.yaml')}  gp-change rulebook validate   # the built-in rulebook's sources\n`,
    )
    .action(async (file: string | undefined) => {
      const { runRulebookValidate } = await import('../commands/rulebook.js');
      done(await runRulebookValidate(file, ctx));
    });
  rulebook
    .command('show')
    .description('print the resolved rulebook (after extends and overrides) as YAML, each item commented with where it came from')
    .argument('[file]', 'a local rulebook file (default: the built-in rulebook)')
    .addHelpText('after', example('gp-change rulebook show examples/rulebooks/pcn-local-measures.yaml'))
    .action(async (file: string | undefined) => {
      const { runRulebookShow } = await import('../commands/rulebook.js');
      done(await runRulebookShow(file));
    });
  return p;
}
