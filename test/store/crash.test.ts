import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { listVersions, loadWorkspaceDataset, openStore, saveVersion } from '../../src/store/index.ts';
import { freshPgliteDir } from './engines.ts';
import { generatedDataset, trickyDataset } from './fixtures.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function child(dir: string, n: number, m: number) {
  return spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures/crash-import.ts'), dir, String(n), String(m)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

it('a process SIGKILLed mid-import leaves the previous version current and the store consistent', async () => {
  const dir = await freshPgliteDir();
  dirs.push(dir);
  const before = trickyDataset();
  const s0 = await openStore({ dataDir: dir });
  await saveVersion(s0, 'crash', before, { createWorkspace: true });
  await s0.close();

  const proc = child(dir, 20_000, 200_000);
  let out = '';
  let err = '';
  proc.stderr.on('data', (d) => (err += d));
  const outcome = await new Promise<string>((resolve) => {
    proc.stdout.on('data', (d) => {
      out += d;
      if (out.includes('MID-IMPORT')) {
        proc.kill('SIGKILL');
      }
    });
    proc.on('exit', (code, signal) => resolve(signal ?? `exit ${code}`));
  });
  expect(outcome, `child output: ${out}\n${err}`).toBe('SIGKILL');
  expect(out).not.toContain('DONE');
  // The dead process's lock is left behind; it is detected as stale and taken over.
  expect(JSON.parse(readFileSync(join(dir, 'lock'), 'utf8')).pid).toBe(proc.pid);

  const s1 = await openStore({ dataDir: dir });
  try {
    expect((await listVersions(s1, 'crash')).map((v) => v.number)).toEqual([1]);
    expect((await loadWorkspaceDataset(s1, 'crash')).dataset).toEqual(before);
    const [orphans] = await s1.db.query<{ nodes: number; edges: number }>(
      `SELECT (SELECT count(*)::int FROM version_nodes WHERE version_id NOT IN (SELECT id FROM dataset_versions)) AS nodes,
              (SELECT count(*)::int FROM version_edges WHERE version_id NOT IN (SELECT id FROM dataset_versions)) AS edges`,
    );
    expect(orphans).toEqual({ nodes: 0, edges: 0 });
    // and the store keeps working
    const v2 = await saveVersion(s1, 'crash', generatedDataset(100, 300));
    expect(v2.number).toBe(2);
  } finally {
    await s1.close();
  }
  expect(existsSync(join(dir, 'lock'))).toBe(false);
}, 240_000);

it('refuses a second process on the same PGlite data directory while the first is alive', async () => {
  const dir = await freshPgliteDir();
  dirs.push(dir);
  const s = await openStore({ dataDir: dir });
  try {
    const proc = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `import('${join(import.meta.dirname, '../../src/store/index.ts')}').then(m => m.openStore({ dataDir: ${JSON.stringify(dir)} })).then(() => process.exit(0), (e) => { console.error(e.message); process.exit(3); })`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let err = '';
    proc.stderr.on('data', (d) => (err += d));
    const code = await new Promise<number | null>((r) => proc.on('exit', (c) => r(c)));
    expect(code).toBe(3);
    expect(err).toMatch(new RegExp(`in use by process ${process.pid}.*DATABASE_URL`));
    await expect(openStore({ dataDir: dir })).rejects.toThrow(/already open in this process/);
  } finally {
    await s.close();
  }
}, 120_000);
