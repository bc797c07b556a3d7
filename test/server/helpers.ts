import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import { pino } from 'pino';
import { openStore, type Store } from '../../src/store/open.ts';
import { createApp, type AppOptions, type HubgraphApp } from '../../src/server/app.ts';
import type { RouteSpec } from '../../src/server/route.ts';

export interface TestServer extends HubgraphApp {
  store: Store;
  dir: string;
  /** Every 2xx JSON body that did not parse against its route's response schema (the test already failed with a 500). */
  contractViolations: string[];
  /** Another app over the same store (opening PGlite is the slow part). Closed by dispose(). */
  variant(options: Partial<AppOptions>): HubgraphApp;
  dispose(): Promise<void>;
}

/** Why `body`, sent with `status` for `method path`, breaks the contract; undefined when it keeps it. */
export function contractProblem(routes: readonly RouteSpec[], method: string, urlPath: string, status: number, body: unknown): string | undefined {
  const spec = routes.find((r) => r.method === method.toLowerCase() && routePattern(r.path).test(urlPath));
  const where = `${method.toUpperCase()} ${urlPath} → ${status}`;
  if (!spec) return `${where}: no route spec describes this response`;
  const schema = spec.responses[status]?.schema;
  if (!schema) return `${where}: route ${spec.path} declares no response schema for ${status}`;
  const r = schema.safeParse(body);
  if (r.success) return undefined;
  return `${where}: ${r.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`)
    .join('; ')}`;
}

const patterns = new Map<string, RegExp>();
function routePattern(p: string): RegExp {
  let re = patterns.get(p);
  if (!re) patterns.set(p, (re = new RegExp(`^${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z0-9_]+/g, '[^/]+')}/?$`)));
  return re;
}

/**
 * The app behind a front that parses every 2xx JSON body against the response schema of the route
 * that sent it. A body that breaks the contract is answered with a 500 naming the problem (so the
 * test's status check fails) and recorded in `violations`.
 */
export function contractChecked(h: HubgraphApp, violations: string[]): Express {
  const outer = express();
  outer.disable('x-powered-by');
  outer.use((req, res, next) => {
    const json = res.json.bind(res);
    // JSON bodies rendered in a worker are streamed as bytes (res.write/res.end, not res.json): check those on the wire.
    let viaJson = false;
    const chunks: Buffer[] = [];
    const streamedJson = () =>
      !viaJson &&
      res.statusCode >= 200 &&
      res.statusCode < 300 &&
      /^application\/json/.test(String(res.getHeader('content-type') ?? '')) &&
      !res.getHeader('content-disposition');
    const write = res.write.bind(res) as (...a: unknown[]) => boolean;
    const end = res.end.bind(res) as (...a: unknown[]) => typeof res;
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (streamedJson() && chunk && typeof chunk !== 'function') chunks.push(Buffer.from(chunk as Uint8Array));
      return write(chunk, ...rest);
    }) as typeof res.write;
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      if (chunk && typeof chunk !== 'function' && streamedJson()) chunks.push(Buffer.from(chunk as Uint8Array));
      // A 204 or an empty body has no document to check.
      if (streamedJson() && res.statusCode !== 204 && chunks.length) {
        const problem = contractProblem(
          h.routes,
          req.method,
          req.originalUrl.split('?')[0],
          res.statusCode,
          JSON.parse(Buffer.concat(chunks).toString('utf8')),
        );
        if (problem) {
          violations.push(problem);
          console.error(`contract: ${problem}`);
        }
      }
      return end(chunk, ...rest);
    }) as typeof res.end;
    res.json = (body: unknown) => {
      viaJson = true;
      if (res.statusCode >= 200 && res.statusCode < 300) {
        // Parse the wire form (NaN → null, Dates → strings), as a client reads it.
        const wire = body === undefined ? undefined : JSON.parse(JSON.stringify(body));
        const problem = contractProblem(h.routes, req.method, req.originalUrl.split('?')[0], res.statusCode, wire);
        if (problem) {
          violations.push(problem);
          console.error(`contract: ${problem}`);
          res.status(500);
          return json({ title: 'contract violation', detail: problem });
        }
      }
      return json(body);
    };
    next();
  });
  outer.use(h.app);
  return outer;
}

/** A fresh app on a fresh PGlite data dir in a temp folder; its 2xx bodies are checked against the contract. */
export async function makeServer(options: Partial<AppOptions> = {}, store_: { pgliteThread?: boolean } = {}): Promise<TestServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'hubgraph-server-'));
  // HUBGRAPH_PGLITE_THREAD=1 runs the server suites on PGlite in its own thread, as `hubgraph serve` does; a suite
  // that measures the event loop asks for it (in-process PGlite runs every statement on the loop it measures).
  const store = await openStore({ dataDir: dir, env: {}, pgliteThread: store_.pgliteThread ?? process.env.HUBGRAPH_PGLITE_THREAD === '1' });
  const contractViolations: string[] = [];
  const make = (o: Partial<AppOptions>) => {
    const a = createApp({ store, logger: pino({ level: 'silent' }), poolSize: 1, mode: 'local', ...o });
    return { ...a, app: contractChecked(a, contractViolations) };
  };
  const h = make(options);
  const others: HubgraphApp[] = [];
  return {
    ...h,
    store,
    dir,
    contractViolations,
    variant(o) {
      const v = make({ ...options, ...o });
      others.push(v);
      return v;
    },
    async dispose() {
      await h.close();
      for (const o of others) await o.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
      if (contractViolations.length) throw new Error(`responses broke the contract:\n${contractViolations.join('\n')}`);
    },
  };
}

/** `app` listening on a free loopback port, for tests that need raw sockets; `close` also ends open connections. */
export async function listenLoopback(app: Express): Promise<{ server: Server; port: number; close: () => void }> {
  const server = await new Promise<Server>((resolve) => {
    const x = app.listen(0, '127.0.0.1', () => resolve(x));
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}
