import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { parse } from 'csv-parse/sync';
import { DatasetSchema } from '../../src/model/index.ts';
import { createToken } from '../../src/store/tokens.ts';
import { saveVersion } from '../../src/store/versions.ts';
import { makeServer, type TestServer } from './helpers.ts';
import { smallEcosystem } from './fixtures.ts';

let s: TestServer;
let app: Express;
const tokens = { viewer: '', coordinator: '' };
const auth = (role: keyof typeof tokens) => ({ Authorization: `Bearer ${tokens[role]}` });
const TOKEN = 'X-Survey-Token';

beforeAll(async () => {
  s = await makeServer({ mode: 'token' });
  app = s.app;
  for (const role of ['viewer', 'coordinator'] as const) tokens[role] = (await createToken(s.store, { name: `${role} s`, role, actor: 'test' })).token;
  await saveVersion(s.store, 'w', DatasetSchema.parse(smallEcosystem()), { author: 'test', createWorkspace: true });
}, 120_000);
afterAll(async () => {
  await s?.dispose();
});

async function newWave(body: Record<string, unknown>) {
  const r = await request(app).post('/api/workspaces/w/surveys').set(auth('coordinator')).send(body).expect(201);
  const links = await request(app).post(`/api/workspaces/w/surveys/${r.body.number}/links`).set(auth('coordinator')).send({}).expect(200);
  return { number: r.body.number as number, links: links.body.links as { respondent: string; token: string; url: string; email: string | null }[] };
}

describe('survey API', () => {
  it('only coordinators manage surveys; respondents need their link', async () => {
    await request(app).get('/api/workspaces/w/surveys').set(auth('viewer')).expect(403);
    await request(app).get('/api/workspaces/w/surveys').expect(401);
    await request(app).get('/api/survey/form').expect(401);
    await request(app).get('/api/survey/form').set(TOKEN, 'hs_nottherealthingatall12345').expect(404);
    const schema = await request(app).get('/api/survey-config-schema').set(auth('coordinator')).expect(200);
    expect(schema.body.properties.title).toBeTruthy();
  });

  it("a link opens its own respondent's form only; the roster shows names and schools, never ids", async () => {
    const { number, links } = await newWave({ title: 'Advice network', respondents: { types: ['teacher'] }, roster: { types: ['teacher', 'school'] } });
    expect(links.map((l) => l.respondent).sort()).toEqual(['t1', 't2', 't3']);
    expect(links.find((l) => l.respondent === 't1')!.email).toBe('mari@example.org');
    expect(links[0].url).toMatch(/\/survey\.html#hs_/);
    const t1 = links.find((l) => l.respondent === 't1')!;
    const form = await request(app).get('/api/survey/form').set(TOKEN, t1.token).expect(200);
    expect(form.body).toMatchObject({ survey: number, self: { label: 'Mari Maasikas' }, state: 'pending', open: true });
    expect(form.headers['cache-control']).toBe('no-store');
    const text = JSON.stringify(form.body.roster);
    for (const id of ['t1', 't2', 't3', '__proto__', 'a school', 'Škola ü']) expect(text).not.toContain(`"${id}"`);
    expect(form.body.roster.find((e: { label: string }) => e.label === 'Jaan Tamm')).toMatchObject({ type: 'teacher', school: 'A School' });
    // Saving through t1's link changes t1's answers only.
    const jaan = form.body.roster.find((e: { label: string }) => e.label === 'Jaan Tamm').key;
    await request(app)
      .put('/api/survey/answers')
      .set(TOKEN, t1.token)
      .send({ answers: { named: [{ key: jaan, tieType: 'collaboration' }] }, submit: true })
      .expect(200);
    const t2 = links.find((l) => l.respondent === 't2')!;
    expect((await request(app).get('/api/survey/form').set(TOKEN, t2.token).expect(200)).body.answers).toBeNull();
    const status = await request(app).get(`/api/workspaces/w/surveys/${number}/status`).set(auth('coordinator')).expect(200);
    expect(status.body.status).toMatchObject({ total: 3, submitted: 1, pending: 2 });
  });

  it('withdrawn and expired links fail; a closed survey refuses answers; CSV links for a mail merge', async () => {
    const { number, links } = await newWave({ title: 'Wave', respondents: { types: ['school'], regions: ['South'] } });
    const [a, b] = links;
    await request(app)
      .post(`/api/workspaces/w/surveys/${number}/revoke`)
      .set(auth('coordinator'))
      .send({ respondents: [a.respondent] })
      .expect(200);
    const revoked = await request(app).get('/api/survey/form').set(TOKEN, a.token).expect(403);
    expect(revoked.body.detail).toMatch(/withdrawn/);
    await s.store.db.query(`UPDATE survey_respondents SET link_expires = now() - interval '1 day' WHERE node_id = $1`, [b.respondent]);
    expect((await request(app).get('/api/survey/form').set(TOKEN, b.token).expect(403)).body.detail).toMatch(/expired/);
    const csv = await request(app).post(`/api/workspaces/w/surveys/${number}/links`).set(auth('coordinator')).send({ format: 'csv' }).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const rows = parse(csv.text, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.respondent).sort()).toEqual(['a school', 'lonely', 'Škola ü']);
    expect(rows[0].link).toMatch(/#hs_/);
    const fresh = rows.find((r) => r.respondent === 'lonely')!.link.split('#')[1];
    await request(app).post(`/api/workspaces/w/surveys/${number}/close`).set(auth('coordinator')).send({}).expect(200);
    const late = await request(app).put('/api/survey/answers').set(TOKEN, fresh).send({ answers: {}, submit: true }).expect(409);
    expect(late.body.detail).toMatch(/closed/);
  });

  it('answers are validated by JSON path; HTML in answers stays text', async () => {
    const { number, links } = await newWave({ title: 'Wave <b>3</b>', respondents: { ids: ['lonely'] } });
    const token = links[0].token;
    const bad = await request(app)
      .put('/api/survey/answers')
      .set(TOKEN, token)
      .send({ answers: { named: [{ key: 'x' }], node: { maturity: 9 } } })
      .expect(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['answers.named.0.key', 'answers.node.maturity']);
    const html = '<img src=x onerror=alert(1)>';
    await request(app)
      .put('/api/survey/answers')
      .set(TOKEN, token)
      .send({ answers: { added: [{ name: html, type: 'community', note: '<script>x</script>' }] }, submit: true })
      .expect(200);
    const status = await request(app).get(`/api/workspaces/w/surveys/${number}/status`).set(auth('coordinator')).expect(200);
    expect(status.body.status.additions[0]).toMatchObject({ key: 'lonely#0', name: html, note: '<script>x</script>' });
    const refused = await request(app).post(`/api/workspaces/w/surveys/${number}/close`).set(auth('coordinator')).send({}).expect(409);
    expect(refused.body.errors[0].path).toBe('review.lonely#0');
    const closed = await request(app)
      .post(`/api/workspaces/w/surveys/${number}/close`)
      .set(auth('coordinator'))
      .send({ review: { 'lonely#0': { action: 'add', id: 'club' } } })
      .expect(200);
    const node = await request(app).get(`/api/workspaces/w/versions/${closed.body.version.number}/nodes/club`).set(auth('coordinator')).expect(200);
    expect(JSON.stringify(node.body)).toContain(html);
  });

  it('public routes are rate-limited per link', async () => {
    const { links } = await newWave({ title: 'Busy', respondents: { ids: ['acme'] } });
    let last = 0;
    for (let i = 0; i < 61; i++) last = (await request(app).get('/api/survey/form').set(TOKEN, links[0].token)).status;
    expect(last).toBe(429);
  });
});
