/**
 * Issue 20, defect 4: the printable report is rendered in a pool worker (task `report`); its map figure draws every
 * node and tie, and held the event loop for 2.3 s on a 100k-node version. The worker's copy of the pseudonyms must
 * hide the same teachers as the loop's did.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { DatasetSchema } from '../../src/model/index.ts';
import { saveVersion } from '../../src/store/versions.ts';
import { makeServer, type TestServer } from './helpers.ts';
import { smallEcosystem } from './fixtures.ts';

let s: TestServer;
const R = '/api/workspaces/rep/versions/latest/report';
beforeAll(async () => {
  s = await makeServer();
  await saveVersion(s.store, 'rep', DatasetSchema.parse(smallEcosystem()), { createWorkspace: true, author: 'test' });
}, 120_000);
afterAll(async () => {
  await s?.dispose();
});

describe('the report rendered in a worker', () => {
  it('is an HTML download with every node on its map, and with pseudonyms names no teacher', async () => {
    const plain = await request(s.app).get(R).expect(200);
    expect(plain.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
    expect(plain.headers['content-disposition']).toBe('attachment; filename="rep-v1-report-all.html"');
    expect(plain.text).toContain(`aria-label="Map of the selection: ${smallEcosystem().nodes.length} nodes"`);
    expect(plain.text).toContain('<title>Mari Maasikas</title>');
    expect(plain.text).toContain('<title>Škola Ü</title>'); // UTF-8 across the thread boundary
    const pseudo = await request(s.app).get(`${R}?pseudonymise=true`).expect(200);
    for (const needle of ['Mari Maasikas', 'Jaan Tamm', 'Liis Kask']) expect(pseudo.text).not.toContain(needle);
    expect(pseudo.text).toMatch(/<title>Teacher [0-9a-f]{6}<\/title>/);
    expect(pseudo.text).toContain('<title>Škola Ü</title>');
  });
});
