import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';

/** A command module: `register(program)` adds the command (and its subcommands) to the program. */
export interface CommandModule {
  register(program: Command): void;
}

interface CommandEntry {
  /** The one-line description shown in `hubgraph --help`; a test checks it equals the command's own. */
  summary: string;
  load: () => Promise<CommandModule>;
}

/**
 * Every command of the CLI, loaded on demand: only the module of the command being run is imported
 * (with its dependencies), so `hubgraph --version` or `hubgraph info` never pay for the server, the
 * store or the matcher. To add a command, write ./commands/<name>.ts exporting `register(program)`
 * and add one line here.
 */
export const COMMANDS: Record<string, CommandEntry> = {
  validate: { summary: 'check a dataset and list every problem with file, line and field', load: () => import('./commands/validate.ts') },
  info: { summary: 'summarise a network: counts by type, components, density, isolated nodes, dates, regions, hubs', load: () => import('./commands/info.ts') },
  convert: { summary: 'convert between formats; csv writes a folder with nodes.csv + edges.csv', load: () => import('./commands/convert.ts') },
  project: {
    summary: 'one-mode projection: tie nodes of one type by what they share (e.g. teachers by projects)',
    load: () => import('./commands/project.ts'),
  },
  analyze: {
    summary: 'centralities, communities, structure, brokers, isolated schools and indicators of a network',
    load: () => import('./commands/analyze.ts'),
  },
  diff: {
    summary: 'what changed between two dates: ties formed and ended, schools joining or leaving the isolated list, community moves, indicator deltas',
    load: () => import('./commands/diff.ts'),
  },
  assign: { summary: 'optimal capacitated assignment of scored pairs (left,right,score CSV), exact', load: () => import('./commands/assign.ts') },
  match: { summary: 'matchmaking: mentor matches, partner pairings, their evaluation and impact', load: () => import('./commands/match.ts') },
  workspace: {
    summary: 'workspaces that last: dataset versions, match rounds and their audit, in PGlite or PostgreSQL',
    load: () => import('./commands/workspace.ts'),
  },
  db: { summary: 'the store’s database: schema migrations', load: () => import('./commands/db.ts') },
  token: { summary: 'API tokens for the HTTP server (only their SHA-256 is stored)', load: () => import('./commands/token.ts') },
  survey: { summary: 'relationship surveys: ask the people in the network who they work with, wave after wave', load: () => import('./commands/survey.ts') },
  report: {
    summary:
      'a printable, self-contained HTML report for a region or hub: indicators over time, flagged schools with reasons, a map, the current mentoring round and its expected impact',
    load: () => import('./commands/report.ts'),
  },
  significance: {
    summary: 'is a graph-level figure real? observed vs degree-preserving or G(n, m) null samples: mean, sd, z, empirical p',
    load: () => import('./commands/significance.ts'),
  },
  qap: {
    summary: 'dyadic hypotheses: QAP correlation and MRQAP regression (sna::netlm conventions) with permutation p-values',
    load: () => import('./commands/qap.ts'),
  },
  serve: {
    summary: 'Serve the HTTP API and the web app (seeds workspace "sample" from SOURCE or data/sample when the store is empty)',
    load: () => import('./commands/serve.ts'),
  },
};

/** The package version, read from package.json (two levels up from src/cli or dist/cli). */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** `--json` among the options (not after `--`, where it would be an argument). */
function wantsJson(args: string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).includes('--json');
}

/** The first argument that is not an option: the command name, if any. */
function commandName(args: string[]): string | undefined {
  return args.find((a) => !a.startsWith('-'));
}

/**
 * Runs the CLI on `argv` (as process.argv: node, script, args…) and resolves to the exit code:
 * 0 ok, 1 invalid input data, 2 usage error. Output goes to process.stdout / process.stderr.
 * The bin script and the in-process tests both call this.
 */
export async function runCli(argv: string[]): Promise<number> {
  const saved = process.exitCode;
  process.exitCode = undefined;
  const args = argv.slice(2);
  const json = wantsJson(args);
  const program = new Command('hubgraph')
    .description('Network analysis and matchmaking for learning and innovation ecosystems')
    .version(packageVersion())
    .showHelpAfterError('(run with --help for usage)')
    // Usage errors exit 2 (commander's default is 1, which we keep for invalid data).
    .exitOverride()
    .configureOutput({
      writeOut: (s) => process.stdout.write(s),
      // With --json, commander's own usage errors (and the hint after them) are printed below as one JSON document instead.
      writeErr: (s) => (json ? undefined : process.stderr.write(s)),
    });
  let name = commandName(args);
  if (name === 'help') name = commandName(args.slice(args.indexOf('help') + 1));
  for (const [command, entry] of Object.entries(COMMANDS)) {
    // The command being run is registered for real; the others only as names for --help and suggestions.
    if (command === name) (await entry.load()).register(program);
    else program.command(command).description(entry.summary).allowUnknownOption().allowExcessArguments();
  }
  let code: number;
  try {
    await program.parseAsync(argv);
    code = typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      code = err.exitCode === 0 ? 0 : 2;
      if (json && code) process.stderr.write(`${JSON.stringify({ error: 'usage', message: err.message.replace(/^error: /, '') }, null, 2)}\n`);
    } else code = (await import('./output.ts')).reportError(err);
  } finally {
    process.exitCode = saved;
  }
  return code;
}
