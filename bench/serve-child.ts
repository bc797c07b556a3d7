/**
 * `hubgraph serve` in a child process on a free port over a data directory, as the server benches
 * measure it (its own process, so its event loop and memory are its own): resolves with the child
 * and its URL once it says where it serves.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProbeReport } from './api-load-probe.ts';

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

/** The child's peak resident memory (VmHWM) in MiB, from /proc; undefined off Linux or once it has gone. */
export function peakRssMB(pid: number | undefined): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** A GET without fetch's 300 s header timeout: a first read or a warm-up computes for minutes on a busy machine. */
export function slowGet(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    httpGet(url, { headers }, (res) => {
      let body = '';
      res
        .setEncoding('utf8')
        .on('data', (c: string) => {
          body += c;
        })
        .on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

/** Probing from its own process until `stop` (SIGUSR2) or `seconds`, every `everyMs`. */
export function probeUntil(url: string, seconds: number, everyMs: number): { report: Promise<ProbeReport>; stop: () => void } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/api-load-probe.ts'), url, String(seconds), String(everyMs)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => {
    out += b;
  });
  const report = new Promise<ProbeReport>((resolve, reject) =>
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as ProbeReport) : reject(new Error(`health probe exited ${code}`)))),
  );
  return { report, stop: () => child.kill('SIGUSR2') };
}
