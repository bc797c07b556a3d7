/**
 * .ci/postgres.sh keeps its state per checkout: two CI runs on one machine (two clones) each start
 * their own throwaway cluster, and stopping one leaves the other running. Needs Debian's PostgreSQL
 * and root (the script runs the server as the `postgres` user); skipped otherwise.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../cli/run-cli.ts';

const hasPostgres = existsSync('/usr/lib/postgresql') && readdirSync('/usr/lib/postgresql').some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`));
const isRoot = process.getuid?.() === 0;

/** A checkout with just the script, as a second clone would have it. */
function checkout(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hubgraph-ci-checkout-'));
  mkdirSync(join(dir, '.ci'));
  copyFileSync(join(ROOT, '.ci/postgres.sh'), join(dir, '.ci/postgres.sh'));
  return dir;
}
const script = (dir: string, cmd: 'start' | 'stop') =>
  execFileSync('bash', [join(dir, '.ci/postgres.sh'), cmd], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, HUBGRAPH_PG_STATE: '' },
  });

async function answers(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await c.connect();
    return (await c.query('SELECT 1 AS one')).rows[0].one === 1;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) {
    try {
      script(d, 'stop');
    } catch {
      // already stopped
    }
    rmSync(d, { recursive: true, force: true });
  }
});

describe.skipIf(!hasPostgres || !isRoot)('.ci/postgres.sh in two checkouts', () => {
  it('starts a cluster per checkout; stopping one leaves the other running', async () => {
    const [a, b] = [checkout(), checkout()];
    dirs.push(a, b);
    const urlOf = (out: string) => /export DATABASE_URL=(\S+)/.exec(out)![1];
    const ua = urlOf(script(a, 'start'));
    const ub = urlOf(script(b, 'start'));
    expect(ua).not.toBe(ub);
    expect(await answers(ua)).toBe(true);
    expect(await answers(ub)).toBe(true);
    // A second start in the same checkout refuses: its own cluster is recorded.
    expect(() => script(a, 'start')).toThrow(/already running/);
    script(a, 'stop');
    expect(await answers(ua)).toBe(false);
    expect(await answers(ub)).toBe(true);
    script(b, 'stop');
    expect(await answers(ub)).toBe(false);
  }, 180_000);
});
