/**
 * `hubgraph workspace accept | revert | reopen` as a programme lead types them, on PGlite and on a
 * PostgreSQL server: the question about proposed pairs, the preview, a stale round refused then
 * rebased without writing a tie twice, revert and reopen.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetSchema } from '../../src/model/index.ts';
import { matchMentors } from '../../src/match/mentors.ts';
import { mentorRound } from '../../src/store/match-rounds.ts';
import { createRound, loadWorkspaceDataset, openStore, saveVersion, type Store } from '../../src/store/index.ts';
import { smallEcosystem } from '../server/fixtures.ts';
import { freshPgliteDir } from '../store/engines.ts';

const BIN = join(import.meta.dirname, '../../bin/hubgraph.js');
const url = process.env.DATABASE_URL;

interface Target {
  name: string;
  available: boolean;
  setup(): Promise<{ flags: string[]; open(): Promise<Store>; dispose(): Promise<void> }>;
}
const TARGETS: Target[] = [
  {
    name: 'pglite',
    available: true,
    async setup() {
      const dir = await freshPgliteDir();
      return { flags: ['--data', dir], open: () => openStore({ dataDir: dir }), dispose: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'postgres',
    available: Boolean(url),
    async setup() {
      const schema = `hubgraph_cli_${randomBytes(6).toString('hex')}`;
      // The CLI takes a URL; the schema goes in the connection's search_path.
      const withSchema = `${url}${url!.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
      return {
        flags: ['--db', withSchema],
        open: () => openStore({ databaseUrl: url!, schema }),
        async dispose() {
          const c = new pg.Client({ connectionString: url });
          await c.connect();
          await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
          await c.end();
        },
      };
    },
  },
];

for (const target of TARGETS) {
  describe.skipIf(!target.available)(`workspace accept / revert / reopen [${target.name}${target.available ? '' : ': skipped, set DATABASE_URL'}]`, () => {
    let t: Awaited<ReturnType<Target['setup']>>;
    let pairs = 0;
    const hub = (...args: string[]) => {
      const env: NodeJS.ProcessEnv = { ...process.env, HUBGRAPH_USER: 'lead', NO_COLOR: '1' };
      delete env.DATABASE_URL;
      delete env.HUBGRAPH_DATA;
      const r = spawnSync(process.execPath, [BIN, ...args, ...t.flags], { env, encoding: 'utf8', timeout: 120_000 });
      return { code: r.status, out: r.stdout, err: r.stderr };
    };

    beforeAll(async () => {
      t = await target.setup();
      const store = await t.open();
      try {
        const dataset = DatasetSchema.parse(smallEcosystem());
        await saveVersion(store, 'north', dataset, { createWorkspace: true });
        const m = matchMentors(dataset, {});
        pairs = m.pairs.length;
        await createRound(store, 'north', mentorRound(m, { version: 1 }));
        await createRound(store, 'north', mentorRound(m, { version: 1 }));
      } finally {
        await store.close();
      }
    }, 120_000);
    afterAll(async () => {
      await t?.dispose();
    });

    // Each invocation starts a process (seconds each on a busy machine): keep the count small.
    it('asks about proposed pairs, previews, refuses a stale round, rebases it without duplicates, reverts and reopens', async () => {
      expect(pairs).toBeGreaterThanOrEqual(2);
      const ask = hub('workspace', 'accept', 'north', '2');
      expect(ask.code).toBe(2);
      expect(ask.err).toMatch(/--proposed: round 2 still has \d+ proposed pairs; pass --proposed accept \(accept them all\) or --proposed leave/);

      const preview = hub('workspace', 'accept', 'north', '2', '--proposed', 'accept', '--preview', '--date', '2025-09-01');
      expect(preview.code, preview.err).toBe(0);
      expect(preview.out).toMatch(new RegExp(`${pairs} mentoring ties? to write dated 2025-09-01 \\(${pairs} proposed, accepted now\\)`));
      expect(preview.out).toContain('Proto School →');

      const acc = hub('workspace', 'accept', 'north', '2', '--proposed', 'accept', '--date', '2025-09-01', '--expect-version', '1');
      expect(acc.code, acc.err).toBe(0);
      expect(acc.out).toMatch(new RegExp(`round 2 accepted into version 2: ${pairs} mentoring ties? written dated 2025-09-01`));

      const stale = hub('workspace', 'accept', 'north', '1', '--proposed', 'accept');
      expect(stale.code).not.toBe(0);
      expect(stale.err).toMatch(/made on version 1, but the current version is 2/);

      const rebased = hub('workspace', 'accept', 'north', '1', '--proposed', 'accept', '--rebase', '--json');
      expect(rebased.code, rebased.err).toBe(0);
      const doc = JSON.parse(rebased.out);
      expect(doc.written).toBe(0);
      expect(doc.plan.dropped.map((d: { code: string }) => d.code)).toEqual(Array(pairs).fill('already-tied'));

      // The round for people, with its CSV; then how a pair went and a new maturity value.
      const csvPath = join(tmpdir(), `hubgraph-round-${process.pid}-${target.name}.csv`);
      const shown = hub('workspace', 'round', 'north', '2', '--csv', csvPath);
      expect(shown.code, shown.err).toBe(0);
      expect(shown.out).toMatch(new RegExp(`round 2 \\(mentoring, on version 1\\): accepted; ${pairs} pairs, \\d+ not in a pair`));
      expect(shown.out).toContain('Proto School');
      const csv = readFileSync(csvPath, 'utf8');
      rmSync(csvPath, { force: true });
      expect(csv.split('\n')[0]).toMatch(/^row,mentor,mentor_school,mentor_region,mentor_hub,mentee,/);
      expect(csv.split('\n').filter((l) => l.startsWith('pair,'))).toHaveLength(pairs);
      const first = JSON.parse(rebased.out).plan.dropped[0] as { left: string; right: string };
      const met = hub('workspace', 'outcome', 'north', '2', first.left, first.right, '--met', 'no', '--rating', '2', '--note', 'no time');
      expect(met.code, met.err).toBe(0);
      expect(met.out).toMatch(/did not meet, rated 2 \(1 outcomes recorded for this round\)/);
      const mat = hub('workspace', 'maturity', 'north', first.right, '2.5', '--date', '2026-06-01');
      expect(mat.code, mat.err).toBe(0);
      expect(mat.out).toContain('maturity 2.5 on 2026-06-01');

      const rev = hub('workspace', 'revert', 'north', '2');
      expect(rev.code, rev.err).toBe(0);
      expect(rev.out).toMatch(new RegExp(`round 2 reverted: version 4 has ${pairs} fewer mentoring ties \\(version 2 still has them\\)`));
      const reopen = hub('workspace', 'reopen', 'north', '2');
      expect(reopen.out).toMatch(/round 2 is open again/);

      const store = await t.open();
      try {
        const v3 = (await loadWorkspaceDataset(store, 'north', 3)).dataset.edges.filter((e) => e.type === 'mentoring');
        expect(new Set(v3.map((e) => `${e.source}→${e.target}`)).size).toBe(pairs);
        expect(v3).toHaveLength(pairs);
        expect((await loadWorkspaceDataset(store, 'north', 4)).dataset.edges.filter((e) => e.type === 'mentoring')).toHaveLength(0);
      } finally {
        await store.close();
      }
    }, 600_000);
  });
}
