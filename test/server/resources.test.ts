import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { EXPORT_FORMATS } from '../../src/io/export.ts';
import { parseDatasetFiles } from '../../src/io/load.ts';
import { matchPartners } from '../../src/match/partners.ts';
import { DatasetSchema } from '../../src/model/index.ts';
import { RoundWithPairsSchema } from '../../src/server/contract/index.ts';
import { createRound } from '../../src/store/rounds.ts';
import { makeServer, type TestServer } from './helpers.ts';
import { smallEcosystem } from './fixtures.ts';

let s: TestServer;
const ws = 'region one';
const W = `/api/workspaces/${encodeURIComponent(ws)}`;
const V = `${W}/versions/latest`;

beforeAll(async () => {
  s = await makeServer();
  await request(s.app).post('/api/workspaces').send({ name: ws, description: 'test' }).expect(201);
  await request(s.app).post(`${W}/versions`).send({ dataset: smallEcosystem(), message: 'first' }).expect(201);
}, 120_000);
afterAll(async () => {
  await s?.dispose();
});

const problem = (r: request.Response) => {
  expect(r.headers['content-type']).toContain('application/problem+json');
  return r.body as { status: number; type: string; detail?: string; errors?: { in: string; path: string; expected: string; message: string }[] };
};

describe('workspaces', () => {
  it('lists and reads workspaces', async () => {
    const list = await request(s.app).get('/api/workspaces').expect(200);
    expect(list.body.workspaces.map((w: { name: string }) => w.name)).toContain(ws);
    const one = await request(s.app).get(W).expect(200);
    expect(one.body).toMatchObject({ name: ws, description: 'test', currentVersion: 1, versions: 1 });
  });

  it('validates the body: field path and expectation, unknown keys, taken names', async () => {
    let p = problem(await request(s.app).post('/api/workspaces').send({ name: '', extra: 1 }).expect(400));
    expect(p.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ in: 'body', path: 'name', expected: 'length ≥ 1' }),
        expect.objectContaining({ in: 'body', path: '', expected: expect.stringContaining('extra') }),
      ]),
    );
    p = problem(await request(s.app).post('/api/workspaces').send({ name: 42 }).expect(400));
    expect(p.errors![0]).toMatchObject({ path: 'name', expected: 'string' });
    p = problem(await request(s.app).post('/api/workspaces').set('Content-Type', 'application/json').send('{"name": ').expect(400));
    expect(p.errors![0].expected).toBe('a JSON document');
    p = problem(await request(s.app).post('/api/workspaces').set('Content-Type', 'text/plain').send('name=x').expect(400));
    expect(p.errors![0].expected).toContain('JSON body');
    expect(problem(await request(s.app).post('/api/workspaces').send({ name: ws }).expect(409)).detail).toContain('already exists');
    expect(problem(await request(s.app).post('/api/workspaces').send({ name: 'a/b' }).expect(400)).detail).toContain('slashes');
  });

  it('404s unknown workspaces, versions and rounds', async () => {
    expect(problem(await request(s.app).get('/api/workspaces/nope').expect(404)).detail).toContain('nope');
    await request(s.app).get(`${W}/versions/99`).expect(404);
    await request(s.app).get('/api/workspaces/nope/versions/latest/graph').expect(404);
    await request(s.app).get(`${W}/rounds/77`).expect(404);
    const p = problem(await request(s.app).get(`${W}/versions/abc`).expect(400));
    expect(p.errors![0]).toMatchObject({ in: 'path', path: 'v', expected: 'a version number or "latest"' });
  });
});

describe('dataset versions', () => {
  it('imports multipart CSV files and reports what it read', async () => {
    await request(s.app).post('/api/workspaces').send({ name: 'csv' }).expect(201);
    const r = await request(s.app)
      .post('/api/workspaces/csv/versions')
      .field('message', 'from the form')
      .attach('files', Buffer.from('id,type,label\ns1,school,One\nc1,company,Co\n'), 'nodes.csv')
      .attach('files', Buffer.from('source,target,type,weight\ns1,c1,partnership,2\n'), 'edges.csv')
      .expect(201);
    expect(r.body.version).toMatchObject({ workspace: 'csv', number: 1, message: 'from the form', counts: { nodes: 2, edges: 1 } });
    expect(r.body.report).toMatchObject({ format: 'csv', nodes: 2, edges: 1 });
    expect(r.headers.location).toBe('/api/workspaces/csv/versions/1');
  });

  it('imports JSON files (GEXF as text) and a JSON dataset', async () => {
    const gexf = `<?xml version="1.0" encoding="UTF-8"?><gexf xmlns="http://gexf.net/1.3" version="1.3"><graph defaultedgetype="undirected">
      <nodes><node id="a" label="A"/><node id="b" label="B"/></nodes><edges><edge id="0" source="a" target="b"/></edges></graph></gexf>`;
    const r = await request(s.app)
      .post('/api/workspaces/csv/versions')
      .send({ files: [{ name: 'x.gexf', content: gexf }] })
      .expect(201);
    expect(r.body.version.number).toBe(2);
    expect(r.body.report.format).toBe('gexf');
    const list = await request(s.app).get('/api/workspaces/csv/versions').expect(200);
    expect(list.body.versions.map((v: { number: number }) => v.number)).toEqual([2, 1]);
  });

  it('refuses invalid data with every problem located (file:line:field), storing nothing', async () => {
    const r = await request(s.app)
      .post('/api/workspaces/csv/versions')
      .attach('files', Buffer.from('id,type,lat\ns1,school,\ns2,school,200\n'), 'nodes.csv')
      .attach('files', Buffer.from('source,target,weight\ns1,s2,heavy\ns1,ghost,1\n'), 'edges.csv')
      .expect(422);
    const p = problem(r);
    expect(p.type).toContain('/import');
    const paths = p.errors!.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['nodes.csv:3:lat', 'edges.csv:2:weight']));
    expect(p.errors!.every((e) => e.in === 'file' && e.expected)).toBe(true);
    expect((await request(s.app).get('/api/workspaces/csv').expect(200)).body.versions).toBe(2);
  });

  it('refuses malformed uploads: no files, wrong part name, bad UTF-8, broken multipart', async () => {
    let p = problem(await request(s.app).post('/api/workspaces/csv/versions').send({}).expect(400));
    expect(p.errors![0]).toMatchObject({ in: 'body', path: 'files', message: 'give exactly one of files or dataset' });
    p = problem(await request(s.app).post('/api/workspaces/csv/versions').attach('upload', Buffer.from('x'), 'nodes.csv').expect(400));
    expect(p.errors![0].expected).toContain('"files"');
    p = problem(
      await request(s.app)
        .post('/api/workspaces/csv/versions')
        .attach('files', Buffer.from([0x69, 0x64, 0xff, 0xfe, 0x0a]), 'edges.csv')
        .expect(422),
    );
    expect(p.errors![0].expected).toContain('UTF-8');
    p = problem(
      await request(s.app)
        .post('/api/workspaces/csv/versions')
        .set('Content-Type', 'multipart/form-data; boundary=XYZ')
        .send('--XYZ\r\nContent-Disposition: form-data; name="files"; filename="a.csv"\r\n\r\nid,type')
        .expect(400),
    );
    expect(p.type).toContain('validation');
  });

  it('reads a version, its dataset, and exports every format with a formula guard', async () => {
    const v = await request(s.app).get(`${W}/versions/1`).expect(200);
    expect(v.body).toMatchObject({ number: 1, counts: { nodes: 11, edges: 11 }, message: 'first' });
    const d = await request(s.app).get(`${V}/dataset`).expect(200);
    expect(d.body.nodes.map((n: { id: string }) => n.id)).toEqual(expect.arrayContaining(['__proto__', 'constructor', 'Škola ü', 't1']));
    const nodes = await request(s.app).get(`${V}/export?format=csv&part=nodes`).expect(200);
    expect(nodes.headers['content-disposition']).toContain('attachment');
    expect(nodes.text.split('\n')[0]).toMatch(/^id,type/);
    const edges = await request(s.app).get(`${V}/export?format=csv&part=edges`).expect(200);
    expect(edges.text).toContain('__proto__');
    const gexf = await request(s.app).get(`${V}/export?format=gexf`).expect(200);
    expect(gexf.text).toContain('<gexf');
    const gml = await request(s.app).get(`${V}/export?format=graphml`).expect(200);
    expect(gml.text).toContain('<graphml');
    const json = await request(s.app).get(`${V}/export?format=json`).expect(200);
    expect(json.headers['content-type']).toContain('application/json');
    const rep = await request(s.app).get(`${V}/export?format=report`).expect(200);
    expect(rep.text).toContain('11 nodes, 11 edges');
    const bad = problem(await request(s.app).get(`${V}/export?format=xls`).expect(400));
    expect(bad.errors![0]).toMatchObject({ in: 'query', path: 'format' });
  });

  it('exports GML, Pajek and GDF that read back as the version: same node ids (even __proto__ and Škola ü) and ties', async () => {
    const d = await request(s.app).get(`${V}/dataset`).expect(200);
    const ids = d.body.nodes.map((n: { id: string }) => n.id).sort();
    for (const [format, name] of [
      ['gml', 'dataset.gml'],
      ['pajek', 'dataset.net'],
      ['gdf', 'dataset.gdf'],
    ]) {
      const r = await request(s.app)
        .get(`${V}/export?format=${format}`)
        .buffer(true)
        .parse((res, cb) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => cb(null, text));
        });
      expect(r.status, format).toBe(200);
      expect(r.headers['content-disposition'], format).toContain(name);
      const back = parseDatasetFiles([{ name, content: r.body as string }]);
      expect(back.dataset.nodes.map((n) => n.id).sort(), format).toEqual(ids);
      expect(back.dataset.edges.length, format).toBeGreaterThan(0);
    }
  });

  it('lists every export format of the registry in OpenAPI, and cuts a GDF of the map view', async () => {
    const doc = (await request(s.app).get('/api/openapi.json').expect(200)).body;
    const exportParams = doc.paths['/api/workspaces/{ws}/versions/{v}/export'].get.parameters as { name: string; schema: { enum?: string[] } }[];
    expect(exportParams.find((p) => p.name === 'format')!.schema.enum).toEqual([...EXPORT_FORMATS, 'report']);
    const view = doc.paths['/api/workspaces/{ws}/versions/{v}/export/view'].post.requestBody.content['application/json'].schema;
    expect(view.properties.format.enum).toEqual([...EXPORT_FORMATS]);
    const ids = (await request(s.app).get(`${V}/dataset`).expect(200)).body.nodes.map((n: { id: string }) => n.id).slice(0, 4);
    const r = await request(s.app).post(`${V}/export/view`).send({ format: 'gdf', nodes: ids }).expect(200);
    expect(r.headers['content-disposition']).toMatch(/-view-dataset\.gdf"/);
    expect(r.text.startsWith('nodedef>name VARCHAR,')).toBe(true);
    expect(parseDatasetFiles([{ name: 'view.gdf', content: r.text }]).dataset.nodes.map((n) => n.id)).toEqual(ids);
  });

  it('pseudonymises teachers on request, consistently across dataset, export and lookups', async () => {
    const d = await request(s.app).get(`${V}/dataset?pseudonymise=true`).expect(200);
    const t = d.body.nodes.filter((n: { type: string }) => n.type === 'teacher');
    expect(t).toHaveLength(3);
    for (const n of t) {
      expect(n.id).toMatch(/^p-[0-9a-f]{10}$/);
      expect(n.label).toMatch(/^Teacher [0-9a-f]{6}$/);
      expect(n.lat).toBeUndefined();
      expect(n.attrs).toEqual({});
    }
    const csv = await request(s.app).get(`${V}/export?format=csv&part=nodes&pseudonymise=true`).expect(200);
    expect(csv.text).not.toContain('Mari Maasikas');
    expect(csv.text).not.toContain('mari@example.org');
    const pid = d.body.edges.find((e: { target: string }) => e.target === '__proto__').source;
    const detail = await request(s.app).get(`${V}/nodes/${pid}?pseudonymise=true`).expect(200);
    expect(detail.body.node.id).toBe(pid);
  });

  it('diffs two versions', async () => {
    const r = await request(s.app).get('/api/workspaces/csv/diff?from=1&to=2').expect(200);
    expect(r.body).toMatchObject({ from: 1, to: 2 });
    expect(JSON.stringify(r.body)).toContain('s1');
    await request(s.app).get('/api/workspaces/csv/diff?from=x').expect(400);
  });
});

describe('graph, node detail and analysis', () => {
  it('serves the display graph with a deterministic cached layout', async () => {
    const a = await request(s.app).get(`${V}/graph`).expect(200);
    expect(a.body.layout).toEqual({ algorithm: 'forceatlas2', iterations: 200, seed: 1 });
    expect(a.body.nodes).toHaveLength(11);
    expect(a.body.edges).toHaveLength(11);
    const proto = a.body.nodes.find((n: { id: string }) => n.id === '__proto__');
    expect(Number.isFinite(proto.x) && Number.isFinite(proto.y)).toBe(true);
    expect(proto.degree).toBe(4);
    const b = await request(s.app).get(`${V}/graph`).expect(200);
    expect(b.headers['x-cache']).toBe('hit');
    expect(b.body.nodes.map((n: { x: number }) => n.x)).toEqual(a.body.nodes.map((n: { x: number }) => n.x));
    const only = await request(s.app).get(`${V}/graph?edgeTypes=affiliation`).expect(200);
    expect(only.body.edges).toHaveLength(3);
    expect(problem(await request(s.app).get(`${V}/graph?seed=-1`).expect(400)).errors!.map((e) => e.path)).toEqual(['seed']);
    const p = problem(await request(s.app).get(`${V}/graph?edgeTypes=friendship`).expect(400));
    expect(p.errors!.map((e) => [e.path, e.message])).toEqual([['edgeTypes', expect.stringMatching(/unknown tie type friendship/)]]);
  });

  it('answers a graph whose layout takes long with a seed layout at once, and the refined positions when its job is done', async () => {
    // layoutWaitWork 0: every version counts as large. Seed 7: a layout no other test computed.
    const quick = s.variant({ limits: { layoutWaitWork: 0 } });
    const a = await request(quick.app).get(`${V}/graph?seed=7`).expect(200);
    expect(a.headers['x-cache']).toBe('miss');
    const { refining, ...layout } = a.body.layout;
    expect(layout).toEqual({ algorithm: 'seed', iterations: 0, seed: 0 });
    expect(refining).toMatchObject({ job: { kind: 'layout' }, positions: `${V}/graph/positions?seed=7` });
    type Pos = { id: string; x: number; y: number };
    const seeded = new Map<string, Pos>(a.body.nodes.map((n: Pos) => [n.id, n]));
    // Every tie's ends are apart (no two nodes on one spot) and a tie is shorter than the map is wide.
    const xs = [...seeded.values()].map((n) => n.x);
    const span = Math.max(...xs) - Math.min(...xs);
    for (const e of a.body.edges as { source: string; target: string }[]) {
      const d = Math.hypot(seeded.get(e.source)!.x - seeded.get(e.target)!.x, seeded.get(e.source)!.y - seeded.get(e.target)!.y);
      expect(d).toBeGreaterThan(0.1);
      expect(d).toBeLessThan(span);
    }
    let job = refining.job;
    for (let i = 0; i < 600 && job.status !== 'succeeded'; i++) {
      expect(['queued', 'running']).toContain(job.status);
      await new Promise((r) => setTimeout(r, 50));
      job = (await request(quick.app).get(job.url).expect(200)).body;
    }
    expect(job.resultUrl).toBe(refining.positions);
    const p = await request(quick.app).get(refining.positions).expect(200);
    expect(p.body).toMatchObject({ layout: { algorithm: 'forceatlas2', iterations: 200, seed: 7 }, nodes: 11, encoding: 'float32le-xy-base64' });
    // The same positions the graph now carries (from the cache), as Float32.
    const b = await request(quick.app).get(`${V}/graph?seed=7`).expect(200);
    expect(b.headers['x-cache']).toBe('hit');
    expect(b.body.layout).toEqual({ algorithm: 'forceatlas2', iterations: 200, seed: 7 });
    const buf = Buffer.from(p.body.positions, 'base64');
    expect(buf.byteLength).toBe(11 * 8);
    b.body.nodes.forEach((n: Pos, i: number) => {
      expect(buf.readFloatLE(i * 8)).toBeCloseTo(n.x, 2);
      expect(buf.readFloatLE(i * 8 + 4)).toBeCloseTo(n.y, 2);
    });
    // layoutWait: the old answer, ForceAtlas2 computed before the graph is sent.
    const w = await request(quick.app).get(`${V}/graph?seed=8&layoutWait=true`).expect(200);
    expect(w.body.layout).toEqual({ algorithm: 'forceatlas2', iterations: 200, seed: 8 });
  });

  it('gives node detail: metrics, neighbours with edge types, community, isolation reasons, suggestions', async () => {
    const r = await request(s.app)
      .get(`${V}/nodes/${encodeURIComponent('__proto__')}`)
      .expect(200);
    expect(r.body.node.id).toBe('__proto__');
    expect(r.body.metrics.degree).toBe(4);
    expect(typeof r.body.metrics.betweenness).toBe('number');
    expect(r.body.community).toMatchObject({ id: expect.any(Number) });
    expect(r.body.neighbours[0]).toMatchObject({ id: 'constructor', weight: 3, edgeTypes: ['collaboration'] });
    expect(r.body.neighbours.find((n: { id: string }) => n.id === 'acme').edgeTypes).toEqual(['cocreation']);
    expect(['mentors', 'mentees']).toContain(r.body.suggestions.kind);
    const lonely = await request(s.app).get(`${V}/nodes/lonely`).expect(200);
    expect(lonely.body.isolation.status).toBe('isolated');
    expect(lonely.body.isolation.reasons.length).toBeGreaterThan(0);
    expect(lonely.body.neighbours).toEqual([]);
    const uni = await request(s.app)
      .get(`${V}/nodes/${encodeURIComponent('Škola ü')}`)
      .expect(200);
    expect(uni.body.node.label).toBe('Škola Ü');
    const teacher = await request(s.app).get(`${V}/nodes/t1`).expect(200);
    expect(teacher.body.node.label).toBe('Mari Maasikas');
    expect(teacher.body.neighbours.map((n: { id: string }) => n.id).sort()).toEqual(['__proto__', 't2']);
    const acme = await request(s.app).get(`${V}/nodes/acme`).expect(200);
    expect(acme.body.suggestions.kind).toBe('partners');
    await request(s.app).get(`${V}/nodes/nobody`).expect(404);
  });

  it('mentee detail names its proposed mentor with an explanation', async () => {
    const r = await request(s.app)
      .get(`${V}/nodes/${encodeURIComponent('a school')}`)
      .expect(200);
    // Proto School (maturity 5, capacity 2, teaches math) is the default matching's mentor for A School (maturity 1, math).
    expect(r.body.suggestions).toEqual({
      kind: 'mentors',
      items: [{ id: '__proto__', label: 'Proto School', score: expect.any(Number), explanation: expect.stringContaining('shares math') }],
    });
    expect(r.body.suggestions.items[0].explanation).toContain('maturity 5 → 1');
    const mentor = await request(s.app).get(`${V}/nodes/__proto__`).expect(200);
    expect(mentor.body.suggestions.kind).toBe('mentees');
    expect(mentor.body.suggestions.items.map((i: { id: string }) => i.id).sort()).toEqual(['a school', 'lonely']);
  });

  it('serves the analysis, metrics table, communities, isolation (filtered), indicators and a temporal diff', async () => {
    const all = await request(s.app).get(`${V}/analysis`).expect(200);
    expect(all.body.graph).toMatchObject({ nodes: 11, edges: 11 });
    const m = await request(s.app).get(`${V}/analysis/metrics?sort=degree&limit=2`).expect(200);
    expect(m.body.total).toBe(11);
    expect(m.body.rows.map((r: { id: string }) => r.id)).toEqual(['__proto__', 'hub']);
    expect(m.body.columns).toContain('pagerank');
    const c = await request(s.app).get(`${V}/analysis/communities`).expect(200);
    expect(c.body.communities.flatMap((x: { members: string[] }) => x.members).sort()).toHaveLength(11);
    const iso = await request(s.app).get(`${V}/analysis/isolation?region=South`).expect(200);
    expect(iso.body.schools.length).toBeGreaterThan(0);
    expect(iso.body.schools.every((x: { region: string }) => x.region === 'South')).toBe(true);
    const byHub = await request(s.app).get(`${V}/analysis/isolation?hub=hub`).expect(200);
    expect(byHub.body.schools.every((x: { hub: string }) => x.hub === 'hub')).toBe(true);
    const ind = await request(s.app).get(`${V}/analysis/indicators?by=region`).expect(200);
    expect(ind.body.groups.map((g: { key: string }) => g.key)).toEqual(['North', 'South']);
    const diff = await request(s.app).get(`${V}/analysis/diff?from=2022-06-01&to=2023-06-01`).expect(200);
    expect(diff.body.ties.formed.length).toBeGreaterThan(0);
    const bad = problem(await request(s.app).get(`${V}/analysis/diff?from=2023-06-01&to=2022-06-01`).expect(400));
    expect(bad.errors![0]).toMatchObject({ path: 'to', message: 'to on or after from' });
    const bad2 = problem(await request(s.app).get(`${V}/analysis?at=2023-02-30&weighted=maybe`).expect(400));
    expect(bad2.errors!.map((e) => e.path).sort()).toEqual(['at', 'weighted']);
  });

  it('runs heavy reads as jobs on request, with progress over SSE and a result URL', async () => {
    const start = await request(s.app).get(`${V}/analysis?seed=5`).set('Prefer', 'respond-async').expect(202);
    expect(start.body).toMatchObject({ kind: 'analysis', url: `/api/jobs/${start.body.id}` });
    const events = await request(s.app)
      .get(start.body.eventsUrl)
      .buffer(true)
      .parse((res, cb) => {
        let text = '';
        res.on('data', (c: Buffer) => {
          text += c;
        });
        res.on('end', () => cb(null, text));
      })
      .expect(200);
    expect(events.headers['content-type']).toContain('text/event-stream');
    expect(events.body).toMatch(/event: done\ndata: .*"resultUrl"/);
    const job = await request(s.app).get(start.body.url).expect(200);
    expect(job.body.status).toBe('succeeded');
    const result = await request(s.app).get(job.body.resultUrl).expect(200);
    expect(result.headers['x-cache']).toBe('hit');
    expect(result.body.graph.settings.seed).toBe(5);
    const posted = await request(s.app)
      .post('/api/jobs')
      .send({ kind: 'layout', workspace: ws, version: 'latest', params: { seed: '9' } })
      .expect(202);
    let j = posted.body;
    for (let i = 0; i < 100 && j.status !== 'succeeded' && j.status !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      j = (await request(s.app).get(j.url)).body;
    }
    expect(j.status).toBe('succeeded');
    expect((await request(s.app).get(j.resultUrl).expect(200)).body.layout.seed).toBe(9);
    await request(s.app).get('/api/jobs/not-a-uuid').expect(400);
    await request(s.app).get('/api/jobs/00000000-0000-4000-8000-000000000000').expect(404);
    const badJob = problem(await request(s.app).post('/api/jobs').send({ kind: 'dance', workspace: ws, version: 'latest' }).expect(400));
    expect(badJob.errors![0].path).toBe('kind');
  });
});

describe('matching rounds', () => {
  it('runs a round, changes pair statuses, accepts it into a new version, and refuses a second accept', async () => {
    const bad = problem(
      await request(s.app)
        .post(`${V}/rounds?wait=true`)
        .send({ kind: 'mentoring', config: { mentorMinMaturity: 9, weights: { subjects: 'lots' } } })
        .expect(400),
    );
    expect(bad.errors!.map((e) => e.path).sort()).toEqual(['config.mentorMinMaturity', 'config.weights.subjects']);
    const r = await request(s.app)
      .post(`${V}/rounds?wait=true`)
      .send({ kind: 'mentoring', name: 'spring', config: { mentorMinMaturity: 4, menteeMaxMaturity: 2 } })
      .expect(201);
    expect(r.body).toMatchObject({ number: 1, kind: 'mentoring', name: 'spring', status: 'open', version: 1 });
    expect(r.body.pairs.length).toBeGreaterThan(0);
    const pair = r.body.pairs[0];
    expect(pair.explanation.text).toEqual(expect.any(String));
    const rounds = await request(s.app).get(`${W}/rounds`).expect(200);
    expect(rounds.body.rounds).toHaveLength(1);
    const impact = await request(s.app).get(`${W}/rounds/1/impact`).expect(200);
    expect(impact.body).toHaveProperty('before.isolatedSchools');
    expect(impact.body.newTies).toBe(r.body.pairs.length);
    const csv = await request(s.app).get(`${W}/rounds/1/export`).expect(200);
    expect(csv.text.split('\n')[0]).toBe(
      'row,mentor,mentor_school,mentor_region,mentor_hub,mentee,mentee_school,mentee_region,mentee_hub,score,status,reasons,changed_by,changed_at,mentor_id,mentee_id',
    );
    const badStatus = problem(
      await request(s.app)
        .patch(`${W}/rounds/1/pairs`)
        .send({ decisions: [{ left: pair.left, right: pair.right, status: 'maybe' }] })
        .expect(400),
    );
    expect(badStatus.errors![0].path).toBe('decisions.0.status');
    await request(s.app)
      .patch(`${W}/rounds/1/pairs`)
      .send({ decisions: [{ left: 'x', right: 'y', status: 'accepted' }] })
      .expect(404);
    const d = await request(s.app)
      .patch(`${W}/rounds/1/pairs`)
      .send({ decisions: [{ left: pair.left, right: pair.right, status: 'accepted' }] })
      .expect(200);
    expect(d.body.pairs[0].status).toBe('accepted');
    const acc = await request(s.app).post(`${W}/rounds/1/accept`).send({ date: '2024-09-01', proposed: 'leave' }).expect(200);
    expect(acc.body).toMatchObject({ round: { status: 'accepted' }, written: 1, version: { number: 2 } });
    await request(s.app).post(`${W}/rounds/1/accept`).send({ proposed: 'leave' }).expect(409);
    await request(s.app)
      .patch(`${W}/rounds/1/pairs`)
      .send({ decisions: [{ left: pair.left, right: pair.right, status: 'rejected' }] })
      .expect(409);
    const v2 = await request(s.app).get(`${W}/versions/2/dataset`).expect(200);
    expect(
      v2.body.edges.some(
        (e: { source: string; target: string; type: string; start: string }) =>
          e.source === pair.left && e.target === pair.right && e.type === 'mentoring' && e.start === '2024-09-01',
      ),
    ).toBe(true);
  });

  it('runs partner matching as a job and serves the config schemas', async () => {
    const job = await request(s.app).post(`${W}/versions/1/rounds`).send({ kind: 'partnership' }).expect(202);
    let j = job.body;
    for (let i = 0; i < 200 && j.status !== 'succeeded' && j.status !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      j = (await request(s.app).get(j.url)).body;
    }
    expect(j.status).toBe('succeeded');
    const round = await request(s.app).get(j.resultUrl).expect(200);
    expect(round.body.kind).toBe('partnership');
    // How the pairs were scored is stored with the round: the read-back says what the matcher said, in the contract's shape.
    const engine = matchPartners(DatasetSchema.parse(smallEcosystem()), {});
    expect(RoundWithPairsSchema.parse(round.body).scoring).toEqual(engine.scoring);
    expect(round.body.config).toEqual(engine.config);
    const listed = await request(s.app).get(`${W}/rounds`).expect(200);
    expect(listed.body.rounds.find((r: { number: number }) => r.number === round.body.number).scoring).toEqual(engine.scoring);
    // Hand-set weights by choice: the response lists them by signal, the config read back has no trace of the stored scoring.
    const weights = await request(s.app)
      .post(`${V}/rounds?wait=true`)
      .send({ kind: 'partnership', config: { scoring: 'weights', weights: { proximity: 0.3 } } })
      .expect(201);
    const stored = { kind: 'weights', weights: { themes: 1, complementarity: 0.5, proximity: 0.3, adamicAdar: 1 } };
    expect(weights.body.scoring).toEqual(stored);
    const again = await request(s.app).get(`${W}/rounds/${weights.body.number}`).expect(200);
    expect(again.body.scoring).toEqual(stored);
    expect(Object.keys(again.body.config)).not.toContain('$scoring');
    expect(again.body.config.scoring).toBe('weights');
    const accepted = await request(s.app).post(`${W}/rounds/${weights.body.number}/accept`).send({ proposed: 'accept' }).expect(200);
    expect(accepted.body.round.scoring).toEqual(stored);
    // A round stored before the scoring was kept still reads, without one (the web says "not recorded").
    const old = await createRound(s.store, ws, { kind: 'partnership', version: 1, pairs: [{ left: 'acme', right: 'uni', score: 0.4 }] }, 'test');
    const oldRead = await request(s.app).get(`${W}/rounds/${old.number}`).expect(200);
    expect(RoundWithPairsSchema.parse(oldRead.body)).not.toHaveProperty('scoring');
    const schemas = await request(s.app).get('/api/schemas/match-config').expect(200);
    expect(schemas.body.mentoring.properties.mentorMinMaturity.default).toBe(4);
    expect(schemas.body.partnership.type).toBe('object');
  });
});
