/**
 * What a JSON body at its route's cap costs the event loop (route.ts, bodyBytes): for each route that
 * declares more than the default, a body of the largest size its schema allows (or its cap holds), timed
 * as the loop runs it: express.json's JSON.parse, the unstorable-text check and the route's zod schema.
 * The WORKER_BODIES routes (layout, view export, decisions, outcomes, maturity) parse and validate a body over
 * limits.jsonLoopBytes in a worker; their loop cost is then the structured clone of the validated body coming
 * back, timed as v8.deserialize, against the loop path.
 *
 * Run: `node --import tsx bench/body-caps.ts` (median and max of 7 rounds, the routes alternating).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { pino } from 'pino';
import { createApp } from '../src/server/app.ts';
import { bodyBytesOf, DEFAULT_BODY_BYTES } from '../src/server/route.ts';
import { findUnstorable } from '../src/server/security.ts';
import { openStore } from '../src/store/open.ts';

const id = (p: string, i: number) => `${p}-${String(i).padStart(7, '0')}`;
const pairs = (n: number) => Array.from({ length: n }, (_, i) => [id('mentee', i), id('mentor', i)]);
const BODIES: [string, string, () => unknown][] = [
  ['put', '/api/workspaces/:ws/versions/:v/layout', () => ({ nodes: 1e6, positions: Buffer.alloc(8e6, 7).toString('base64') })],
  [
    'post',
    '/api/workspaces/:ws/maturity',
    () => ({ assessments: Array.from({ length: 100_000 }, (_, i) => ({ node: id('school', i), value: 3, date: '2026-01-15' })) }),
  ],
  [
    'put',
    '/api/workspaces/:ws/rounds/:round/outcomes',
    () => ({
      outcomes: Array.from({ length: 10_000 }, (_, i) => ({ left: id('mentee', i), right: id('mentor', i), met: true, rating: 4, note: 'n'.repeat(300) })),
    }),
  ],
  [
    'patch',
    '/api/workspaces/:ws/rounds/:round/pairs',
    () => ({ decisions: Array.from({ length: 10_000 }, (_, i) => ({ left: id('mentee', i), right: id('mentor', i), status: 'accepted' })) }),
  ],
  ['post', '/api/workspaces/:ws/versions/:v/export/view', () => ({ format: 'json', nodes: Array.from({ length: 1e6 }, (_, i) => id('participant', i)) })],
  ['post', '/api/workspaces/:ws/surveys/:n/links', () => ({ respondents: Array.from({ length: 100_000 }, (_, i) => id('teacher', i)) })],
  ['post', '/api/workspaces/:ws/versions/:v/rounds', () => ({ kind: 'mentoring', config: { excludePairs: pairs(10_000) } })],
  ['post', '/api/workspaces', () => ({ name: 'w', description: 'd'.repeat(2000) })],
];

const dir = mkdtempSync(path.join(tmpdir(), 'hubgraph-body-caps-'));
const store = await openStore({ dataDir: dir, env: {} });
const app = createApp({ store, logger: pino({ level: 'silent' }), poolSize: 1, mode: 'local' });
const cases = BODIES.map(([method, p, make]) => {
  const spec = app.routes.find((r) => r.method === method && r.path === p);
  if (!spec?.body) throw new Error(`no route ${method} ${p} with a body`);
  const value = make();
  const text = JSON.stringify(value);
  const cap = bodyBytesOf(spec);
  if (text.length > cap) throw new Error(`${method} ${p}: the body (${text.length} bytes) is over the route's cap (${cap})`);
  const r = spec.body.safeParse(value);
  if (!r.success) throw new Error(`${method} ${p}: ${r.error.message.slice(0, 300)}`);
  return { name: `${method.toUpperCase()} ${p}`, spec, text, cap, clone: serialize(r.data), times: { loop: [] as number[], back: [] as number[] } };
});

for (let round = 0; round < 7; round++)
  for (const c of cases) {
    let t = performance.now();
    const v = JSON.parse(c.text);
    findUnstorable(v, 'body', [], 20);
    c.spec.body!.safeParse(v);
    c.times.loop.push(performance.now() - t);
    t = performance.now();
    deserialize(c.clone);
    c.times.back.push(performance.now() - t);
  }

const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const fmt = (xs: number[]) => `${med(xs).toFixed(1)} ms (max ${Math.max(...xs).toFixed(1)})`;
console.log(`default cap ${DEFAULT_BODY_BYTES} bytes; median (max) of 7 rounds`);
for (const c of cases)
  console.log(
    `${c.name}: cap ${(c.cap / 2 ** 20).toFixed(2)} MiB, body ${(c.text.length / 2 ** 20).toFixed(2)} MiB; on the loop ${fmt(c.times.loop)}; ` +
      `structured clone back from a worker ${fmt(c.times.back)}`,
  );
await app.close();
await store.close();
rmSync(dir, { recursive: true, force: true });
