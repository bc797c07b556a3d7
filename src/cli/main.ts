import { runCli } from './program.ts';

/**
 * The hubgraph CLI entry (bin/hubgraph.js runs the compiled copy, dist/cli/main.js). Commands are
 * listed, and loaded on demand, in ./program.ts: each lives in ./commands/<name>.ts and exports
 * `register(program)`.
 * Exit codes: 0 ok, 1 invalid input data, 2 usage error.
 */
process.exitCode = await runCli(process.argv);
