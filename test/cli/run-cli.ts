import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../src/cli/program.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = `${ROOT}bin/hubgraph.js`;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

type Write = typeof process.stdout.write;
let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs `hubgraph ARGS…` in this process: the same `runCli` the bin script calls, with stdout and
 * stderr captured, so a test pays no process start-up or TypeScript compilation. Calls are
 * serialised (the capture replaces process.stdout/stderr.write while one runs).
 */
export function hubgraph(...args: string[]): Promise<CliResult> {
  const run = queue.then(async () => {
    const out: string[] = [],
      err: string[] = [];
    const capture = (into: string[]): Write =>
      ((chunk: string | Uint8Array, enc?: unknown, cb?: unknown) => {
        into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
        const done = typeof enc === 'function' ? enc : cb;
        if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
        return true;
      }) as Write;
    const saved = { out: process.stdout.write, err: process.stderr.write, color: process.env.NO_COLOR };
    process.stdout.write = capture(out);
    process.stderr.write = capture(err);
    process.env.NO_COLOR = '1';
    try {
      const code = await runCli([process.execPath, BIN, ...args]);
      return { code, stdout: out.join(''), stderr: err.join('') };
    } finally {
      process.stdout.write = saved.out;
      process.stderr.write = saved.err;
      if (saved.color === undefined) delete process.env.NO_COLOR;
      else process.env.NO_COLOR = saved.color;
    }
  });
  queue = run.catch(() => undefined);
  return run;
}

/** Runs `hubgraph ARGS…` as a user would (`npx hubgraph` is `node bin/hubgraph.js`), from the repo root, in a new process. */
export function hubgraphProcess(...args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 2 ** 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}
