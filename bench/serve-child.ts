/**
 * `hubgraph serve` in a child process on a free port over a data directory, as the server benches
 * measure it (its own process, so its event loop and memory are its own): resolves with the child
 * and its URL once it says where it serves.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** `extra`: more serve flags (e.g. `--auth token`); `nodeArgs`: flags for the server's node (e.g. `--cpu-prof`). */
export function startServeChild(dataDir: string, extra: string[] = [], nodeArgs: string[] = []): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, join(ROOT, 'bin/hubgraph.js'), 'serve', '--port', '0', '--data', dataDir, ...extra], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'info', PORT: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 120_000);
    child.stdout!.on('data', (b: Buffer) => {
      out += b;
      const m = /hubgraph serving on (http:\/\/[^"\s]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1] });
      }
    });
    child.stderr!.on('data', (b: Buffer) => {
      out += b;
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited ${code}: ${out}`));
    });
  });
}

/** Stops a served child: SIGTERM, then SIGKILL if it has not exited within 10 s. */
export async function stopServeChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}
