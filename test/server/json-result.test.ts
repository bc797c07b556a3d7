/**
 * Issue 20, defect 4: a worker's large result (a 100k-node analysis) crosses to the event loop as JSON bytes,
 * parsed there in slices, and is stored in the result cache with the text it came as — not rebuilt by
 * structured clone and stringified again in one go on the loop. What the routes and the store see must not change.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/analyze.ts';
import { DatasetSchema } from '../../src/model/index.ts';
import { WorkerPool } from '../../src/server/worker-pool.ts';
import { shareDataset } from '../../src/server/shared-dataset.ts';
import { decodeJsonResult, parseJsonInSlices } from '../../src/server/json-result.ts';
import { jsonOf } from '../../src/util/serialised-json.ts';
import { getCachedResult, putCachedResult } from '../../src/store/cache.ts';
import { saveVersion } from '../../src/store/versions.ts';
import { randomEcosystem } from './fixtures.ts';
import { forEachEngine, type TestStore } from '../store/engines.ts';

const pool = new WorkerPool({ size: 1 });
afterAll(() => pool.close());

describe('results as JSON bytes', () => {
  it("the pool's analysis equals the analysis computed here, as the store would give it back", async () => {
    const dataset = DatasetSchema.parse(randomEcosystem(400, 1200, 7));
    const direct = await analyze(dataset, {});
    const viaPool = await pool.run('analysis', { dataset: shareDataset('json-result-test', dataset), options: {} });
    // Timings (the all-pairs budget's estimates) differ between runs; everything else must be equal.
    const untimed = (v: unknown) => JSON.parse(JSON.stringify(v, (k, x) => (/Seconds$/.test(k) ? 0 : x)));
    expect(untimed(viaPool)).toEqual(untimed(direct));
    // The text it came as is what the store writes, once; then it is stringified like any value.
    const text = jsonOf(viaPool);
    expect(JSON.parse(text)).toEqual(viaPool);
    expect(jsonOf(viaPool)).toBe(JSON.stringify(viaPool));
  });

  it('parses objects in slices and anything else whole', async () => {
    const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
    for (const v of [{ nodes: [{ a: 1 }, { a: '}' }], n: 2, s: { t: [1] } }, [1, { b: 2 }], 'text', 3, null])
      expect(await parseJsonInSlices(enc(v))).toEqual(v);
    const value = await decodeJsonResult(enc({ nodes: [1, 2, 3] }));
    expect(jsonOf(value)).toBe('{"nodes":[1,2,3]}');
  });
});

forEachEngine('stored results read back in slices', (engine) => {
  let t: TestStore | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  it('a result stored from its text reads back equal, as text parsed in slices and as the row', async () => {
    t = await engine.fresh();
    const { store } = t;
    const v = await saveVersion(store, 'w', DatasetSchema.parse({ nodes: [{ id: 'a', type: 'school' }], edges: [] }), { author: 't', createWorkspace: true });
    const result = { nodes: Array.from({ length: 5000 }, (_, i) => ({ id: `n${i}`, score: i / 3, label: i % 2 ? 'é, "x"' : null })), summary: { n: 5000 } };
    const decoded = await decodeJsonResult(new TextEncoder().encode(JSON.stringify(result)));
    await putCachedResult(store, v.id, 'analysis', { seed: 1 }, decoded);
    expect(await getCachedResult(store, v.id, 'analysis', { seed: 1 })).toEqual(result);
    expect(await getCachedResult(store, v.id, 'analysis', { seed: 1 }, { parse: (json) => parseJsonInSlices(Buffer.from(json)) })).toEqual(result);
  });
});
