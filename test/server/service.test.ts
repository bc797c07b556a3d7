import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { makeServer, type TestServer } from './helpers.ts';

let s: TestServer;
beforeAll(async () => {
  s = await makeServer();
});
afterAll(async () => {
  await s.dispose();
});

describe('service routes', () => {
  it('reports health with store status and worker pool', async () => {
    const r = await request(s.app).get('/api/health').expect(200);
    expect(r.body.status).toBe('ok');
    expect(r.body.store).toEqual({ ok: true, kind: 'pglite' });
    expect(r.body.mode).toBe('local');
    expect(r.body.workers.size).toBe(1);
  });

  it('sets security headers and a request id, echoing a sane incoming one', async () => {
    const r = await request(s.app).get('/api/health').set('X-Request-Id', 'abc-123');
    expect(r.headers['x-request-id']).toBe('abc-123');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['content-security-policy']).toContain("default-src 'self'");
    expect(r.headers['x-powered-by']).toBeUndefined();
    const bad = await request(s.app).get('/api/health').set('X-Request-Id', 'no spaces <allowed>');
    expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown API routes with a problem+json 404, no stack', async () => {
    const r = await request(s.app).get('/api/nope').expect(404);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.body).toMatchObject({ type: 'https://hubgraph.dev/problems/not-found', status: 404, instance: '/api/nope' });
    expect(r.body.requestId).toBe(r.headers['x-request-id']);
    expect(JSON.stringify(r.body)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('serves an OpenAPI 3.1 document generated from the route schemas', async () => {
    const r = await request(s.app).get('/api/openapi.json').expect(200);
    expect(r.body.openapi).toBe('3.1.0');
    expect(r.body.paths['/api/health'].get.responses['200'].content['application/json'].schema.properties.status.enum).toEqual(['ok', 'degraded']);
    expect(r.body.components.securitySchemes.bearer.scheme).toBe('bearer');
    const detail = r.body.paths['/api/workspaces/{ws}/versions/{v}/nodes/{node}'].get;
    expect(detail['x-min-role']).toBe('viewer');
    expect(detail.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toEqual(
      expect.arrayContaining(['path:ws', 'path:v', 'path:node', 'query:pseudonymise', 'header:Prefer']),
    );
    const upload = r.body.paths['/api/workspaces/{ws}/versions'].post.requestBody.content;
    expect(Object.keys(upload).sort()).toEqual(['application/json', 'multipart/form-data']);
    const round = r.body.paths['/api/workspaces/{ws}/versions/{v}/rounds'].post.requestBody.content['application/json'].schema;
    expect(JSON.stringify(round)).toContain('mentorMinMaturity');
    expect(Object.keys(r.body.paths).length).toBeGreaterThanOrEqual(25);
  });

  it('serves the interactive reference from local files', async () => {
    const page = await request(s.app).get('/api/docs').expect(200);
    expect(page.text).toContain('/api/docs/assets/swagger-ui-bundle.js');
    expect(page.text).not.toMatch(/https?:\/\//);
    const js = await request(s.app).get('/api/docs/assets/swagger-ui-bundle.js').expect(200);
    expect(js.headers['content-type']).toContain('javascript');
    await request(s.app)
      .get('/api/docs/init.js')
      .expect(200)
      .expect(/openapi\.json/);
  });

  it('refuses requests from foreign origins and allows the listed ones', async () => {
    const r = await request(s.app).get('/api/health').set('Origin', 'https://evil.example').expect(403);
    expect(r.body.type).toContain('forbidden');
    const t = s.variant({ corsOrigins: ['https://region.example'] });
    {
      const ok = await request(t.app).get('/api/health').set('Origin', 'https://region.example').expect(200);
      expect(ok.headers['access-control-allow-origin']).toBe('https://region.example');
      await request(t.app).options('/api/workspaces').set('Origin', 'https://region.example').set('Access-Control-Request-Method', 'POST').expect(204);
    }
  });

  it('tells the caller its role: admin in local mode, none in token mode', async () => {
    expect((await request(s.app).get('/api/me').expect(200)).body).toMatchObject({ role: 'admin', mode: 'local' });
    const t = s.variant({ mode: 'token' });
    {
      expect((await request(t.app).get('/api/me').expect(200)).body).toMatchObject({ role: null, mode: 'token' });
      const bad = await request(t.app).get('/api/me').set('Authorization', 'Bearer nope').expect(401);
      expect(bad.headers['www-authenticate']).toContain('invalid_token');
      await request(t.app).get('/api/me').set('Authorization', 'Basic abc').expect(401);
    }
  });

  it('serves a page for client routes outside /api', async () => {
    const r = await request(s.app).get('/map/some-route').set('Accept', 'text/html').expect(200);
    expect(r.headers['content-type']).toContain('html');
  });
});
