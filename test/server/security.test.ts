/** Issue 20: what a hostile or careless caller tries, through the real HTTP app. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { createToken } from '../../src/store/tokens.ts';
import { createWorkspace } from '../../src/store/workspaces.ts';
import { saveVersion } from '../../src/store/versions.ts';
import { DatasetSchema } from '../../src/model/index.ts';
import { makeServer, type TestServer } from './helpers.ts';
import { smallEcosystem } from './fixtures.ts';

let s: TestServer;
let viewer = '';
const v1 = DatasetSchema.parse(smallEcosystem());
// v2 drops teacher t3 (Liis Kask) and her affiliation: she exists only in v1.
const v2 = DatasetSchema.parse({
  ...smallEcosystem(),
  nodes: smallEcosystem().nodes.filter((n) => n.id !== 't3'),
  edges: smallEcosystem().edges.filter((e) => e.source !== 't3'),
});

beforeAll(async () => {
  s = await makeServer({ mode: 'local' });
  viewer = (await createToken(s.store, { name: 'viewer', role: 'viewer', actor: 'test' })).token;
  await createWorkspace(s.store, 'w', { actor: 'test' });
  await saveVersion(s.store, 'w', v1, { author: 'test' });
  await saveVersion(s.store, 'w', v2, { author: 'test' });
}, 120_000);
afterAll(async () => {
  await s?.dispose();
});

describe('local mode Host check (DNS rebinding)', () => {
  it('refuses a forged Host even with the matching Origin, and serves loopback names', async () => {
    const r = await request(s.app)
      .post('/api/tokens')
      .set('Host', 'evil.example:4130')
      .set('Origin', 'http://evil.example:4130')
      .send({ name: 'stolen', role: 'admin' })
      .expect(403);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.body.detail).toContain('evil.example');
    await request(s.app).get('/api/workspaces').set('Host', 'evil.example').expect(403);
    await request(s.app).get('/api/workspaces').set('Host', '127.0.0.2.evil.example:80').expect(403);
    for (const host of ['127.0.0.1:4130', 'localhost:4130', '[::1]:4130', 'LOCALHOST', 'localhost.']) {
      await request(s.app).get('/api/workspaces').set('Host', host).expect(200);
    }
    expect((await s.store.db.query(`SELECT name FROM api_tokens WHERE name = 'stolen'`)).length).toBe(0);
  });

  it('serves the configured public origin, and token mode is not restricted by Host', async () => {
    const proxied = s.variant({ publicOrigins: ['https://hub.example.org'] });
    await request(proxied.app).get('/api/workspaces').set('Host', 'hub.example.org').expect(200);
    await request(proxied.app).get('/api/workspaces').set('Host', 'evil.example').expect(403);
    const token = s.variant({ mode: 'token' });
    await request(token.app).get('/api/workspaces').set('Host', 'hub.example.org').set('Authorization', `Bearer ${viewer}`).expect(200);
  });
});

describe('diff pseudonymisation', () => {
  it('hides teachers known only to the older version from viewers', async () => {
    const token = s.variant({ mode: 'token' });
    const r = await request(token.app).get('/api/workspaces/w/diff?from=1&to=2').set('Authorization', `Bearer ${viewer}`).expect(200);
    expect(r.body.nodes.removed).toHaveLength(1);
    expect(r.body.nodes.removed[0]).toMatch(/^p-[0-9a-f]{10}$/);
    expect(r.body.edges.removed[0].source).toBe(r.body.nodes.removed[0]);
    for (const secret of ['"t3"', 'Liis Kask', '"t1"', '"t2"']) expect(r.text).not.toContain(secret);
    // The same pseudonym as v1's dataset gives her, so a viewer can follow one person across versions.
    const d = await request(token.app).get('/api/workspaces/w/versions/1/dataset').set('Authorization', `Bearer ${viewer}`).expect(200);
    expect(d.body.nodes.map((n: { id: string }) => n.id)).toContain(r.body.nodes.removed[0]);
    // Callers who may see real ids still do.
    const local = await request(s.app).get('/api/workspaces/w/diff?from=1&to=2').expect(200);
    expect(local.body.nodes.removed).toEqual(['t3']);
  });
});

describe('CSV exports quote CR, LF, delimiter and quote', () => {
  it('a CR inside a cell does not start a new row, in a spreadsheet reader or on re-import', async () => {
    const ds = smallEcosystem();
    ds.nodes.find((n) => n.id === '__proto__')!.label = 'Proto\r=1+1\rSchool';
    ds.nodes.find((n) => n.id === 'constructor')!.label = 'Builder\n"School";, ok';
    await createWorkspace(s.store, 'csv', { actor: 'test' });
    await request(s.app).post('/api/workspaces/csv/versions').send({ dataset: ds }).expect(201);
    const nodes = await request(s.app).get('/api/workspaces/csv/versions/1/export?format=csv&part=nodes').expect(200);
    const edges = await request(s.app).get('/api/workspaces/csv/versions/1/export?format=csv&part=edges').expect(200);
    // Python's csv module, as a spreadsheet would read it: one row per node, and no cell is a formula.
    const { execFileSync } = await import('node:child_process');
    const py = 'import csv,io,sys,json; rows=list(csv.reader(io.StringIO(sys.stdin.read(), newline=""))); print(json.dumps(rows))';
    const rows = JSON.parse(execFileSync('/usr/bin/python3', ['-c', py], { input: nodes.text }).toString()) as string[][];
    expect(rows).toHaveLength(ds.nodes.length + 1);
    expect(rows.flat().filter((c) => /^[=+@]/.test(c))).toEqual([]);
    expect(rows.flat()).toContain('Proto\r=1+1\rSchool');
    // hubgraph re-imports its own export, labels intact.
    await request(s.app)
      .post('/api/workspaces/csv/versions')
      .attach('files', Buffer.from(nodes.text), 'nodes.csv')
      .attach('files', Buffer.from(edges.text), 'edges.csv')
      .expect(201);
    const back = await request(s.app).get('/api/workspaces/csv/versions/2/dataset').expect(200);
    const labels = Object.fromEntries(back.body.nodes.map((n: { id: string; label: string }) => [n.id, n.label]));
    expect(labels.__proto__).toBe('Proto\r=1+1\rSchool');
    expect(labels.constructor).toBe('Builder\n"School";, ok');
  });

  it('every writer shares the quoting', async () => {
    const { toCsv } = await import('../../src/io/csv-write.ts');
    expect(
      toCsv([
        ['a\rb', 'c'],
        ['d\ne', 'f,g', 'h"i', 'j;k'],
      ]),
    ).toBe('"a\rb",c\n"d\ne","f,g","h""i",j;k\n');
    expect(toCsv([['j;k', 'x\ry']], { delimiter: ';' })).toBe('"j;k";"x\ry"\n');
  });
});

describe('bad names and paths are a 400 with the reason', () => {
  const problem = (r: request.Response) => {
    expect(r.headers['content-type']).toContain('application/problem+json');
    return r.body as { detail: string; errors: { in: string; path: string; message: string }[] };
  };

  it('refuses NUL in a path, lone surrogates and NUL in bodies, bidi and zero-width names', async () => {
    let p = problem(await request(s.app).get('/api/workspaces/w%00/versions').expect(400));
    expect(p.errors[0]).toMatchObject({ in: 'path' });
    p = problem(await request(s.app).get('/api/workspaces/w%ED%A0%80').expect(400));
    p = problem(await request(s.app).post('/api/workspaces').set('Content-Type', 'application/json').send('{"name":"bad \\ud800 name"}').expect(400));
    expect(p.errors[0]).toMatchObject({ in: 'body', path: 'name' });
    expect(p.errors[0].message).toContain('lone surrogate');
    p = problem(await request(s.app).post('/api/workspaces').send({ name: 'ok', description: 'nul \u0000 here' }).expect(400));
    expect(p.errors[0]).toMatchObject({ in: 'body', path: 'description' });
    p = problem(await request(s.app).post('/api/workspaces').send({ name: 'evil\u202Egnp.exe' }).expect(400));
    expect(p.errors[0].message).toContain('bidirectional');
    p = problem(await request(s.app).post('/api/workspaces').send({ name: 'w\u200B' }).expect(400));
    expect(p.errors[0].message).toContain('zero-width');
    await request(s.app).get('/api/workspaces/x?limit=%00').expect(400);
    await request(s.app).delete('/api/tokens/a%00b').expect(400);
    const names = (await s.store.db.query<{ name: string }>('SELECT name FROM workspaces')).map((r) => r.name);
    expect(names.filter((n) => n !== n.normalize('NFC') || /[\u0000\u202E\u200B]/.test(n))).toEqual([]);
  });

  it('normalises names to NFC: café typed two ways is one workspace', async () => {
    const composed = 'caf\u00e9',
      decomposed = 'cafe\u0301';
    await request(s.app).post('/api/workspaces').send({ name: decomposed }).expect(201);
    const dup = await request(s.app).post('/api/workspaces').send({ name: composed }).expect(409);
    expect(dup.body.detail).toContain('already exists');
    const r = await request(s.app)
      .get(`/api/workspaces/${encodeURIComponent(decomposed)}`)
      .expect(200);
    expect(r.body.name).toBe(composed);
    await request(s.app)
      .get(`/api/workspaces/${encodeURIComponent(composed)}`)
      .expect(200);
    // The store API normalises too (CLI path).
    const { saveVersion: save } = await import('../../src/store/versions.ts');
    const info = await save(s.store, decomposed, v1, { author: 'test' });
    expect(info.workspace).toBe(composed);
  });
});

describe('header-only files', () => {
  it('are refused with a clear message unless allowEmpty=true', async () => {
    await createWorkspace(s.store, 'empty', { actor: 'test' });
    const upload = (q: string) =>
      request(s.app)
        .post(`/api/workspaces/empty/versions${q}`)
        .attach('files', Buffer.from('id,type,label\n'), 'nodes.csv')
        .attach('files', Buffer.from('source,target,type\n'), 'edges.csv');
    const r = await upload('').expect(400);
    expect(r.body.detail).toContain('has no nodes');
    expect(r.body.detail).toContain('allowEmpty=true');
    expect((await request(s.app).get('/api/workspaces/empty').expect(200)).body.currentVersion).toBeNull();
    const ok = await upload('?allowEmpty=true').expect(201);
    expect(ok.body.version.counts).toEqual({ nodes: 0, edges: 0 });
  });
});

describe('data rights over HTTP (admin only)', () => {
  const tokenApp = () => s.variant({ mode: 'token' });
  // Teacher t2 renamed so that no other workspace of this store has her.
  const rename = (x: string) => (x === 't2' ? 'rights-t2' : x);
  const rights = () => {
    const d = smallEcosystem();
    return {
      ...d,
      nodes: d.nodes.map((n) => (n.id === 't2' ? { ...n, id: 'rights-t2', label: 'Rita Rightsholder' } : n)),
      edges: d.edges.map((e) => ({ ...e, source: rename(e.source), target: rename(e.target) })),
    };
  };
  it('erases a teacher: no response, export or stored row has her id or name afterwards', async () => {
    await createWorkspace(s.store, 'rights', { actor: 'test' });
    await request(s.app).post('/api/workspaces/rights/versions').send({ dataset: rights() }).expect(201);
    await request(s.app).post('/api/workspaces/rights/versions').send({ dataset: rights() }).expect(201);
    const urls = (v: number) => [
      `/api/workspaces/rights/versions/${v}/dataset`,
      `/api/workspaces/rights/versions/${v}/graph`,
      `/api/workspaces/rights/versions/${v}/analysis`,
      `/api/workspaces/rights/versions/${v}/export?format=csv&part=nodes`,
      `/api/workspaces/rights/versions/${v}/export?format=graphml`,
      `/api/workspaces/rights/versions/${v}/nodes/a%20school`,
    ];
    for (const u of [...urls(1), ...urls(2)]) expect((await request(s.app).get(u).expect(200)).text).toContain('Rita Rightsholder'); // now cached in memory and in the store
    const coordinator = (await createToken(s.store, { name: 'coord', role: 'coordinator', actor: 'test' })).token;
    const t = tokenApp();
    await request(t.app)
      .post('/api/workspaces/rights/erasures')
      .set('Authorization', `Bearer ${coordinator}`)
      .send({ id: 'rights-t2', confirm: 'rights-t2' })
      .expect(403);
    await request(s.app).post('/api/workspaces/rights/erasures').send({ id: 'rights-t2', confirm: 't3' }).expect(400);
    const person = await request(s.app).get('/api/workspaces/rights/people/rights-t2').expect(200);
    expect(person.body.versions).toHaveLength(2);
    expect(person.body.versions[0].node).toMatchObject({ id: 'rights-t2', label: 'Rita Rightsholder' });
    const r = await request(s.app).post('/api/workspaces/rights/erasures').send({ id: 'rights-t2', confirm: 'rights-t2' }).expect(200);
    expect(r.body.erased).toMatchObject({ versions: 2, nodes: 2 });
    for (const u of [...urls(1), ...urls(2), '/api/workspaces/rights/diff?from=1&to=2', '/api/workspaces/rights/audit']) {
      const text = (await request(s.app).get(u).expect(200)).text;
      expect(`${u}: ${text.includes('Rita Rightsholder') || text.includes('rights-t2')}`).toBe(`${u}: false`);
    }
    await request(s.app).get('/api/workspaces/rights/versions/1/nodes/rights-t2').expect(404);
    await request(s.app).get('/api/workspaces/rights/people/rights-t2').expect(404);
    const tables = await s.store.db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
    );
    for (const { table_name } of tables) {
      const rows = await s.store.db.query(`SELECT 1 FROM ${table_name} t WHERE strpos(t::text, 'Rita Rightsholder') > 0 OR strpos(t::text, 'rights-t2') > 0`);
      expect(`${table_name}: ${rows.length}`).toBe(`${table_name}: 0`);
    }
  });

  it('deletes a workspace with confirmation; a recreated one starts clean', async () => {
    await createWorkspace(s.store, 'doomed', { actor: 'test' });
    await request(s.app).post('/api/workspaces/doomed/versions').send({ dataset: smallEcosystem() }).expect(201);
    expect((await request(s.app).get('/api/workspaces/doomed/versions/1/dataset').expect(200)).body.nodes.length).toBe(smallEcosystem().nodes.length);
    const t = tokenApp();
    await request(t.app).delete('/api/workspaces/doomed?confirm=doomed').set('Authorization', `Bearer ${viewer}`).expect(403);
    await request(s.app).delete('/api/workspaces/doomed?confirm=other').expect(400);
    const r = await request(s.app).delete('/api/workspaces/doomed?confirm=doomed').expect(200);
    expect(r.body.deleted).toEqual({ name: 'doomed', versions: 1, rounds: 0 });
    await request(s.app).get('/api/workspaces/doomed').expect(404);
    await request(s.app).get('/api/workspaces/doomed/versions/1/dataset').expect(404);
    await createWorkspace(s.store, 'doomed', { actor: 'test' });
    const small = { nodes: [{ id: 'only', type: 'school' }], edges: [] };
    await request(s.app).post('/api/workspaces/doomed/versions').send({ dataset: small }).expect(201);
    const d = await request(s.app).get('/api/workspaces/doomed/versions/1/dataset').expect(200);
    expect(d.body.nodes.map((n: { id: string }) => n.id)).toEqual(['only']);
  });
});

describe('stored result cache', () => {
  it('grows only for roles that may write', async () => {
    const t = s.variant({ mode: 'token' });
    const coordinator = (await createToken(s.store, { name: 'coord cache', role: 'coordinator', actor: 'test' })).token;
    const count = async () => (await s.store.db.query<{ n: number }>('SELECT count(*)::int AS n FROM analysis_cache'))[0].n;
    const before = await count();
    for (const seed of [11, 12, 13]) {
      await request(t.app).get(`/api/workspaces/w/versions/1/graph?seed=${seed}&layoutIterations=5`).set('Authorization', `Bearer ${viewer}`).expect(200);
    }
    expect(await count()).toBe(before);
    await request(t.app).get('/api/workspaces/w/versions/1/graph?seed=14&layoutIterations=5').set('Authorization', `Bearer ${coordinator}`).expect(200);
    expect(await count()).toBe(before + 1);
  });
});

describe('input that validates but cannot be stored', () => {
  it('is refused in validation with file, line and field: NUL, lone surrogates, deep nesting', async () => {
    await createWorkspace(s.store, 'unstorable', { actor: 'test' });
    const up = (files: [string, string][]) => {
      let r = request(s.app).post('/api/workspaces/unstorable/versions');
      for (const [name, text] of files) r = r.attach('files', Buffer.from(text), name);
      return r;
    };
    let r = await up([
      ['nodes.csv', 'id,type,label\na,school,A\nb,school,B\u0000ad\n'],
      ['edges.csv', 'source,target\na,b\n'],
    ]).expect(422);
    expect(r.body.errors).toEqual([expect.objectContaining({ in: 'file', path: 'nodes.csv:3:label' })]);
    r = await up([['d.json', '{"nodes":[\n{"id":"a","type":"school","label":"\\ud800"}],"edges":[]}']]).expect(422);
    expect(r.body.errors[0]).toMatchObject({ path: 'd.json:2:label' });
    expect(r.body.errors[0].expected).toContain('lone surrogate');
    const deep = '['.repeat(6000) + ']'.repeat(6000);
    r = await up([['d.json', `{"nodes":[{"id":"a","type":"school","attrs":{"x":${deep}}}],"edges":[]}`]]).expect(422);
    expect(r.body.errors[0]).toMatchObject({ path: 'd.json:1:x' });
    r = await request(s.app)
      .post('/api/workspaces/unstorable/versions')
      .set('Content-Type', 'application/json')
      .send(`{"dataset":{"nodes":[{"id":"a","type":"school","attrs":{"x":${deep}}}],"edges":[]}}`)
      .expect(400);
    expect(r.body.errors[0].expected).toContain('nested at most');
    expect((await request(s.app).get('/api/workspaces/unstorable').expect(200)).body.currentVersion).toBeNull();
  });
});

describe('worker task registry', () => {
  it('is typed by task name: a wrong payload or task does not compile, the result is typed', async () => {
    const { WorkerPool } = await import('../../src/server/worker-pool.ts');
    const pool = new WorkerPool({ size: 1 });
    try {
      const parsed = await pool.run('parse', { files: [{ name: 'd.json', content: JSON.stringify(smallEcosystem()) }], format: 'json' });
      expect(parsed.dataset.nodes.length).toBe(smallEcosystem().nodes.length); // typed as LoadResult, no cast
      // @ts-expect-error: no such task
      await expect(pool.run('nope', {})).rejects.toThrow(/unknown task/);
      // @ts-expect-error: the layout task takes a dataset, not files
      void (() => pool.run('layout', { files: [] }));
    } finally {
      await pool.close();
    }
  });
});

describe('worker pool fairness and quotas', () => {
  it("runs another caller's task before the rest of one caller's burst, and caps what one caller queues", async () => {
    const { WorkerPool } = await import('../../src/server/worker-pool.ts');
    const pool = new WorkerPool({ size: 1, maxQueuedPerCaller: 2 });
    const files = [{ name: 'd.json', content: JSON.stringify(smallEcosystem()) }];
    const done: string[] = [];
    try {
      const run = (caller: string, tag: string) =>
        pool.run('parse', { files, format: 'json' }, { caller }).then(() => {
          done.push(tag);
        });
      const all = [run('a', 'a1'), run('a', 'a2'), run('a', 'a3'), run('b', 'b1')];
      // a1 started at once; a2, a3 wait: a fourth from a is refused, b is not.
      const refused = await pool.run('parse', { files, format: 'json' }, { caller: 'a' }).then(
        () => null,
        (e: Error & { status?: number }) => e,
      );
      expect(refused?.status).toBe(429);
      await Promise.all(all);
      expect(done).toEqual(['a1', 'b1', 'a2', 'a3']);
    } finally {
      await pool.close();
    }
  });
});
