/**
 * Issue 20: a stored version is decoded on the event loop only when a route reads it there. Exports and
 * dataset reads render from the packed copy in a worker, so the first export of a large version no longer
 * stalls the loop for its JSON.parse and snapshot; node detail decodes its node records once (in slices, chunked-json.ts;
 * the snapshot is built in a worker), then reads them from memory.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import request from 'supertest';
import { DatasetSchema } from '../../src/model/index.ts';
import { saveVersion } from '../../src/store/versions.ts';
import { makeServer, type TestServer } from './helpers.ts';
import { randomEcosystem } from './fixtures.ts';

let s: TestServer;
const data = DatasetSchema.parse(randomEcosystem(2000, 6000, 9));

beforeAll(async () => {
  s = await makeServer({ mode: 'local' });
  await saveVersion(s.store, 'w', data, { createWorkspace: true, author: 'test' });
}, 120_000);
afterAll(async () => {
  await s?.dispose();
});

describe('version decode', () => {
  it('exports and dataset reads do not parse the version on the event loop; node detail parses it once', async () => {
    // Parses of a version on this thread, by the version cache (not the client's reading of the answers).
    const original = JSON.parse;
    let decoded = 0;
    const parse = vi.spyOn(JSON, 'parse').mockImplementation((text, reviver) => {
      const stack = new Error().stack ?? '';
      // Results coming from the pool are parsed in slices too (json-result.ts); those are not the version.
      if ((stack.includes('routes/common.ts') || stack.includes('chunked-json.ts')) && !stack.includes('json-result.ts')) decoded++;
      return original(text, reviver);
    });
    const decodes = () => decoded;
    try {
      const gml = await request(s.app).get('/api/workspaces/w/versions/latest/export?format=graphml').expect(200);
      expect(gml.text).toContain(`<node id="${data.nodes[5].id}"`);
      const csv = await request(s.app).get('/api/workspaces/w/versions/latest/export?format=csv&part=edges').expect(200);
      expect(csv.text.trim().split('\n')).toHaveLength(data.edges.length + 1);
      const ds = await request(s.app).get('/api/workspaces/w/versions/latest/dataset').expect(200);
      expect(ds.body.nodes).toHaveLength(data.nodes.length);
      expect(decodes()).toBe(0);
      const after: number[] = [];
      for (const id of [data.nodes[0].id, data.nodes[1].id]) {
        const r = await request(s.app)
          .get(`/api/workspaces/w/versions/latest/nodes/${encodeURIComponent(id)}?suggestions=none`)
          .expect(200);
        expect(r.body.node.id).toBe(id);
        after.push(decodes());
      }
      // The first read decodes the node records only (one slice of 2,000 elements: the ties go to the worker that
      // builds the snapshot); the second reads memory.
      expect(after).toEqual([1, 1]);
    } finally {
      parse.mockRestore();
    }
  });
});
