/** Issue 20 at the store, on PGlite and on a PostgreSQL server. */
import { afterEach, expect, it } from 'vitest';
import { DatasetSchema } from '../../src/model/index.ts';
import { createToken, flushTokenUse, listTokens, verifyToken } from '../../src/store/tokens.ts';
import { seedIfEmpty } from '../../src/store/seed.ts';
import { listVersions, listWorkspaces } from '../../src/store/index.ts';
import { forEachEngine, type TestStore } from './engines.ts';
import { smallEcosystem } from '../server/fixtures.ts';

const dataset = DatasetSchema.parse(smallEcosystem());
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

forEachEngine('store security', (engine) => {
  let t: TestStore | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  it('two servers seeding one empty store seed once', async () => {
    t = await engine.fresh();
    const other = engine.name === 'postgres' ? await t.reopen() : t.store; // PGlite: one process, still concurrent calls
    const opts = { author: 'test', message: 'seed', origin: { kind: 'import' as const } };
    const results = await Promise.all([seedIfEmpty(t.store, 'sample', dataset, opts), seedIfEmpty(other, 'sample', dataset, opts)]);
    expect(results.sort()).toEqual([false, true]);
    expect((await listWorkspaces(t.store)).map((w) => w.name)).toEqual(['sample']);
    expect((await listVersions(t.store, 'sample')).map((v) => v.number)).toEqual([1]);
    expect(await seedIfEmpty(t.store, 'sample', dataset, opts)).toBe(false);
  });

  it("records a token's use at most once a minute, after the answer", async () => {
    t = await engine.fresh();
    const { token } = await createToken(t.store, { name: 'busy', role: 'viewer', actor: 'test' });
    expect(await verifyToken(t.store, token)).toEqual({ name: 'busy', role: 'viewer' });
    await flushTokenUse();
    const first = (await listTokens(t.store))[0].lastUsedAt;
    expect(first).not.toBeNull();
    for (let i = 0; i < 5; i++) expect(await verifyToken(t.store, token)).not.toBeNull();
    await flushTokenUse();
    expect((await listTokens(t.store))[0].lastUsedAt).toBe(first);
    await sleep(5);
    await verifyToken(t.store, token, { touchEveryMs: 0 });
    await flushTokenUse();
    expect((await listTokens(t.store))[0].lastUsedAt).not.toBe(first);
  });
});
