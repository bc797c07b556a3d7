import { Command, CommanderError } from 'commander';
import { EXIT, reportError } from './output.ts';
import { register as registerValidate } from './commands/validate.ts';
import { register as registerInfo } from './commands/info.ts';
import { register as registerConvert } from './commands/convert.ts';
import { register as registerProject } from './commands/project.ts';
import { register as registerAnalyze } from './commands/analyze.ts';
import { register as registerDiff } from './commands/diff.ts';
import { register as registerAssign } from './commands/assign.ts';
import { register as registerMatch } from './commands/match.ts';
import { register as registerWorkspace } from './commands/workspace.ts';
import { register as registerDb } from './commands/db.ts';
import { register as registerToken } from './commands/token.ts';
import { register as registerServe } from './commands/serve.ts';
import { register as registerSignificance } from './commands/significance.ts';
import { register as registerQap } from './commands/qap.ts';

/**
 * The hubgraph CLI. Each command lives in ./commands/<name>.ts and exports
 * `register(program)`; add one import and one register line below.
 * Exit codes: 0 ok, 1 invalid input data, 2 usage error.
 */
const program = new Command('hubgraph')
  .description('Network analysis and matchmaking for learning and innovation ecosystems')
  .version('0.1.0')
  .showHelpAfterError('(run with --help for usage)')
  // Usage errors exit 2 (commander's default is 1, which we keep for invalid data).
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

registerValidate(program);
registerInfo(program);
registerConvert(program);
registerProject(program);
registerAnalyze(program);
registerDiff(program);
registerAssign(program);
registerMatch(program);
registerWorkspace(program);
registerDb(program);
registerToken(program);
registerServe(program);
registerSignificance(program);
registerQap(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) process.exitCode = err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  else process.exitCode = reportError(err);
}
