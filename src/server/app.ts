import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import cors from 'cors';
import { pino, type Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PAJEK_MODES_HEADER } from '../model/vocabulary.ts';
import type { Store } from '../store/open.ts';
import { getCachedResult, putCachedResult } from '../store/cache.ts';
import { parseJsonInSlices } from './json-result.ts';
import { claimJobServer, failOrphanedJobs, getJob, heartbeatJobs, insertJob, updateJob } from '../store/jobs.ts';
import { authenticate, type TokenInfo } from './auth.ts';
import { ResultCache } from './cache.ts';
import type { ServerContext } from './context.ts';
import { JobRegistry } from './jobs.ts';
import { buildOpenApi } from './openapi.ts';
import { HttpProblem, problemHandler } from './problems.ts';
import { bodyBytesOf, mountRoutes, type RouteSpec } from './route.ts';
import { spoolUpload, sweepUploads } from './upload-stream.ts';
import { jsonBodyEncoding, jsonUploadBody, jsonWorkerBody, spoolsJson } from './json-body.ts';
import { UPLOAD_BODIES, type UploadBodyName } from './upload-body.ts';
import { WORKER_BODIES, type WorkerBodyName } from './worker-bodies.ts';
import { roleAtLeast, type Caller } from './roles.ts';
import { hostGuard, originGuard, refuseUnstorableText, writeLimiter } from './security.ts';
import { apiDocs, webApp } from './static.ts';
import { storePinger } from './store-ping.ts';
import { callerKey, poolCaller, WorkerPool } from './worker-pool.ts';
import { serviceRoutes } from './routes/service.ts';
import { workspaceRoutes } from './routes/workspaces.ts';
import { graphRoutes, type Overlay } from './routes/graph.ts';
import { nodeRoutes } from './routes/nodes.ts';
import { analysisOptions, analysisRoutes, analysisIndex } from './routes/analysis.ts';
import { researchRoutes } from './routes/research.ts';
import { partnerRoutes } from './routes/partners.ts';
import { roundRoutes } from './routes/rounds.ts';
import { jobRoutes } from './routes/jobs.ts';
import { surveyPublicGuards, surveyRoutes } from './routes/surveys.ts';
import { pruneAllRetained, privacyRoutes } from './routes/privacy.ts';
import type { RetentionResult } from '../store/retention.ts';
import { viewExportRoutes } from './routes/view-export.ts';
import { reportRoutes } from './routes/report.ts';
import { layoutRoutes } from './routes/layouts.ts';
import { VersionCache } from './routes/common.ts';
import { verifyToken as storeVerifyToken } from '../store/tokens.ts';
import type { AnalysisResult } from '../analysis/analyze.ts';

export interface AppLimits {
  /** Ceiling on every route's JSON body cap, in bytes (default none: each route's own `bodyBytes`, route.ts). */
  jsonBytes?: number;
  /** Per-file upload limit in bytes (default 50 MB). */
  uploadBytes?: number;
  /** Files per upload (default 10). */
  uploadFiles?: number;
  /** Writes per minute per token or address (default 120). */
  writesPerMinute?: number;
  /** Multipart uploads one caller may have in progress at once (default 2); more are refused with 429 before their body is read. */
  uploadsPerCaller?: number;
  /** Node detail waits for the analysis only on versions up to this many nodes (default 20,000); larger ones answer at once. */
  nodeDetailWaitNodes?: number;
  /** The graph waits for a layout not yet computed only up to this work, (iterations + 15) × (nodes + ties) (default 1,000,000, about 2 s); above it, a seed layout at once and ForceAtlas2 in the background. */
  layoutWaitWork?: number;
  /** JSON bodies of upload routes larger than this (bytes, default 64 KiB) are spooled to disk and parsed in a worker, not on the event loop. */
  jsonSpoolBytes?: number;
  /** JSON bodies of the other large-body routes (WORKER_BODIES: a saved layout, view export, round decisions, outcomes, maturity) larger than this (bytes, default 256 KiB) are spooled, parsed and validated in a worker. */
  jsonLoopBytes?: number;
}

export interface AppOptions {
  store: Store;
  /** `local` (no token needed; only for loopback servers — startServer enforces that) or `token` (default). */
  mode?: 'local' | 'token';
  /** Origins allowed besides the server's own (default none). */
  corsOrigins?: readonly string[];
  limits?: AppLimits;
  /** Origin(s) the server is reached at besides loopback names (local mode refuses other Host headers). */
  publicOrigins?: readonly string[];
  /** Worker pool to use (default: a new one of `poolSize`). */
  pool?: WorkerPool;
  poolSize?: number;
  /** In-memory cache entries (default 64). */
  cacheEntries?: number;
  /** In-memory cache bytes, estimated (default 256 MiB). */
  cacheBytes?: number;
  /** Stored result cache bytes of result JSON (default 1 GiB); least recently used results are evicted. */
  storedCacheBytes?: number;
  logger?: Logger;
  /** Key for teacher pseudonyms; default random per process (set it for pseudonyms stable across restarts). */
  pseudonymKey?: string;
  /** Built web app directory (default web/dist of the repository). */
  webDist?: string;
  /** Where uploads are written while they arrive, one temp directory per request, removed when it ends (default <os tmpdir>/hubgraph-uploads). */
  uploadDir?: string;
  /** Resolves bearer tokens; default the store's hashed tokens. */
  verifyToken?: (secret: string) => Promise<TokenInfo | null>;
}

export interface HubgraphApp {
  app: Express;
  ctx: ServerContext;
  /** The route specs mounted, with their request and response schemas. */
  routes: readonly RouteSpec[];
  /** Prunes every workspace with a retention period and drops this server's in-memory copies of what went (the server runs it daily). */
  pruneRetention(options?: { now?: Date }): Promise<RetentionResult[]>;
  /** Stops the worker pool (the store belongs to the caller). */
  close(): Promise<void>;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;
const isJson = (req: express.Request) => Boolean(req.is(['application/json', 'application/*+json']));

export function createApp(options: AppOptions): HubgraphApp {
  const limits = {
    jsonBytes: Number.POSITIVE_INFINITY,
    uploadBytes: 50 * 2 ** 20,
    uploadFiles: 10,
    writesPerMinute: 120,
    uploadsPerCaller: 2,
    nodeDetailWaitNodes: 20_000,
    layoutWaitWork: 1_000_000,
    jsonSpoolBytes: 64 * 2 ** 10,
    jsonLoopBytes: 256 * 2 ** 10,
    ...options.limits,
  };
  const log = options.logger ?? pino({ level: process.env.LOG_LEVEL ?? 'info' });
  const pool = options.pool ?? new WorkerPool({ size: options.poolSize });
  const ctx: ServerContext = {
    pool,
    log,
    cache: new ResultCache({
      maxEntries: options.cacheEntries,
      maxBytes: options.cacheBytes,
      persistent: {
        get: (id, kind, params) => getCachedResult(options.store, id, kind, params, { parse: (json) => parseJsonInSlices(Buffer.from(json)) }),
        set: (id, kind, params, value) => putCachedResult(options.store, id, kind, params, value, { maxBytes: options.storedCacheBytes }),
      },
    }),
    jobs: new JobRegistry({
      persistence: {
        insert: (j) => insertJob(options.store.db, j),
        update: (id, patch) => updateJob(options.store.db, id, patch),
        get: (id) => getJob(options.store.db, id),
        heartbeat: (serverId) => heartbeatJobs(options.store.db, serverId),
        failOrphaned: (serverId, before, error) => failOrphanedJobs(options.store.db, serverId, before, error),
        claim: (serverId) => claimJobServer(options.store.db, serverId),
      },
      // One process holds a PGlite store at a time: every job it finds active, but those of apps live in this process, belongs to a stopped one.
      orphansAtStart: options.store.engine === 'pglite' ? 'all' : 'stale',
      onError: (err) => log.warn({ err }, 'job state not written to the store'),
    }),
    mode: options.mode ?? 'token',
    pseudonymKey: options.pseudonymKey ?? randomBytes(32).toString('hex'),
    version: '0.1.0',
    nodeDetailWaitNodes: limits.nodeDetailWaitNodes,
    layoutWaitWork: limits.layoutWaitWork,
    startedAt: Date.now(),
  };
  const store = options.store;
  const verifyToken =
    options.verifyToken ??
    (async (secret: string) => {
      const t = await storeVerifyToken(store, secret);
      return t && { id: t.name, name: t.name, role: t.role };
    });

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.set('etag', false);
  app.use(
    pinoHttp({
      logger: log,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'info' : 'debug'),
      serializers: { req: (r) => ({ id: r.id, method: r.method, url: r.url }), res: (r) => ({ statusCode: r.statusCode }) },
    }),
  );
  app.use(helmet());
  if (ctx.mode === 'local') app.use(hostGuard(options.publicOrigins ?? []));
  app.use(originGuard(options.corsOrigins ?? []));
  // CORS headers only for allow-listed origins (the origin guard has already refused the rest).
  app.use(
    cors({
      origin: options.corsOrigins?.length ? [...options.corsOrigins] : false,
      methods: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'Prefer', 'X-Request-Id'],
      exposedHeaders: ['X-Request-Id', 'X-Cache', 'Location', 'Retry-After', PAJEK_MODES_HEADER],
      maxAge: 600,
    }),
  );
  // Every JSON body: gzip / deflate / br inflated under the route's byte cap, other encodings and non-UTF-8 refused (415).
  app.use('/api', jsonBodyEncoding());
  // Respondents' public routes: their own small body limit and rate limits, before the API's parser.
  app.use('/api/survey', ...surveyPublicGuards());
  // Each route's JSON body is parsed under its own cap (route.ts, bodyBytes), refused with 413 before parsing
  // when over it. A large one of an upload route or a WORKER_BODIES route is not parsed here but spooled and
  // parsed in a worker (src/server/json-body.ts).
  const spooledJson = new WeakSet<express.Request>();
  const workerJson = new WeakSet<express.Request>();
  const parsers = new Map<number, RequestHandler>();
  const parserFor = (cap: number) => {
    let p = parsers.get(cap);
    if (!p) parsers.set(cap, (p = express.json({ limit: cap, type: (req) => isJson(req as express.Request) })));
    return p;
  };
  app.use('/api', (req, res, next) => {
    const spec = routeOf(req.method, req.baseUrl + req.path);
    if (spec && uploadBodyName(spec) && spoolsJson(req, limits.jsonSpoolBytes)) spooledJson.add(req);
    else if (spec && workerBodyName(spec) && spoolsJson(req, limits.jsonLoopBytes)) workerJson.add(req);
    else return parserFor(bodyBytesOf(spec ?? {}, limits.jsonBytes))(req, res, next);
    next();
  });
  app.use('/api', refuseUnstorableText());
  app.use('/api', authenticate({ mode: ctx.mode, verifyToken }));
  app.use('/api', writeLimiter(limits.writesPerMinute));
  // Worker-pool work is queued fairly per caller (token, else address).
  app.use('/api', (req, res, next) => {
    const c = res.locals.caller as { tokenId?: string } | undefined;
    poolCaller.run(callerKey(c?.tokenId, req.ip), next);
  });

  const uploadDir = options.uploadDir ?? join(tmpdir(), 'hubgraph-uploads');
  let routeOf: (method: string, path: string) => RouteSpec | undefined = () => undefined; // set once the routes are known
  sweepUploads(uploadDir);
  // Uploads in progress per caller: refused before the body is read, so ten parallel 45 MB uploads are not buffered (issue 20, defect 7).
  const uploading = new Map<string, number>();
  // A caller whose role may not use an upload route is answered by its role check without the body being read.
  const forbiddenUpload =
    (role: RouteSpec['role']): RequestHandler =>
    (req, res, next) => {
      const c = res.locals.caller as Caller | undefined;
      if ((req.is('multipart/form-data') || spooledJson.has(req)) && role && !(c && roleAtLeast(c.role, role))) {
        res.setHeader('Connection', 'close');
        res.locals.uploadUnread = true;
      }
      next();
    };
  const multipart = (): RequestHandler => (req, res, next) => {
    const json = spooledJson.has(req);
    if ((!req.is('multipart/form-data') && !json) || res.locals.uploadUnread) return next();
    const c = res.locals.caller as { tokenId?: string } | undefined;
    const who = callerKey(c?.tokenId, req.ip);
    const n = uploading.get(who) ?? 0;
    if (n >= limits.uploadsPerCaller) {
      res.setHeader('Connection', 'close'); // the unread body is not drained
      return next(
        new HttpProblem(
          'rate-limited',
          `at most ${limits.uploadsPerCaller} uploads at a time per caller (limits.uploadsPerCaller); wait for yours to finish`,
          undefined,
          {
            'Retry-After': '5',
          },
        ),
      );
    }
    uploading.set(who, n + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const left = (uploading.get(who) ?? 1) - 1;
      if (left > 0) uploading.set(who, left);
      else uploading.delete(who);
    };
    res.on('finish', release);
    res.on('close', release);
    if (json) {
      const spec = routeOf(req.method, req.baseUrl + req.path)!;
      const body = uploadBodyName(spec)!;
      jsonUploadBody(req, res, uploadDir, { maxBytes: bodyBytesOf(spec, limits.jsonBytes), body, parse: (p) => pool.run('jsonBody', p) }).then((b) => {
        res.locals.multipartBody = b;
        next();
      }, next);
      return;
    }
    // Streamed to a temp file per part, the size cap enforced while it arrives (issue 20, defect 7).
    spoolUpload(req, res, uploadDir, { fileBytes: limits.uploadBytes, files: limits.uploadFiles, fields: 20 }).then(({ fields, files }) => {
      res.locals.multipartBody = { ...fields, files };
      next();
    }, next);
  };

  // A large body of a WORKER_BODIES route, once the caller may use the route (else its role check answers, the body unread).
  const workerBody =
    (spec: RouteSpec, body: WorkerBodyName): RequestHandler =>
    (req, res, next) => {
      if (!workerJson.has(req)) return next();
      const c = res.locals.caller as Caller | undefined;
      if (spec.role && !(c && roleAtLeast(c.role, spec.role))) {
        res.setHeader('Connection', 'close');
        return next();
      }
      jsonWorkerBody(req, res, uploadDir, { maxBytes: bodyBytesOf(spec, limits.jsonBytes), body, parse: (p) => pool.run('jsonValue', p) }).then((v) => {
        res.locals.validBody = v;
        next();
      }, next);
    };

  const routes: RouteSpec[] = [];
  let openapiDoc: unknown;
  const openapi = () =>
    (openapiDoc ??= buildOpenApi(routes, {
      title: 'hubgraph API',
      version: ctx.version,
      description: 'Network analysis and matchmaking for learning and innovation ecosystems. See docs/api.md.',
    }));
  const versions = new VersionCache(store, ctx);
  routes.push(
    ...serviceRoutes(ctx, { ping: storePinger(store) }, openapi),
    ...workspaceRoutes(ctx, store, versions),
    ...graphRoutes(ctx, versions, overlay(ctx)),
    ...nodeRoutes(ctx, versions),
    ...analysisRoutes(ctx, versions),
    ...researchRoutes(ctx, versions),
    ...partnerRoutes(ctx, versions),
    ...roundRoutes(ctx, store, versions),
    ...jobRoutes(ctx, versions),
    ...surveyRoutes(ctx, store, versions),
    ...privacyRoutes(ctx, store, versions),
    ...viewExportRoutes(versions),
    ...reportRoutes(ctx, store, versions),
    ...layoutRoutes(store, versions),
  );

  // The route a request is for, before the router runs, so its body is read under that route's cap (express
  // matches in this order too, case-insensitively, with an optional trailing slash).
  const pattern = (p: string) => p.replace(/[.+*?^${}()|[\]\\]/g, '\\$&').replace(/:[^/]+/g, '[^/]+');
  const table = routes.map((r) => ({ method: r.method.toUpperCase(), re: new RegExp(`^${pattern(r.path)}/?$`, 'i'), spec: r }));
  routeOf = (method, path) => table.find((t) => t.method === method && t.re.test(path))?.spec;

  const router = express.Router();
  mountRoutes(router, routes, (spec) => {
    const w = workerBodyName(spec);
    return spec.multipart ? [forbiddenUpload(spec.role), multipart()] : w ? [workerBody(spec, w)] : [];
  });
  app.use(router);
  app.use(apiDocs());
  app.use('/api', (req, _res, next) => next(new HttpProblem('not-found', `no route ${req.method} ${req.baseUrl}${req.path}`)));
  app.use(webApp(options.webDist ?? fileURLToPath(new URL('../../web/dist', import.meta.url))));
  app.use(
    problemHandler((err, p, reqId) => {
      if (p.status >= 500) log.error({ err, reqId }, 'request failed');
    }),
  );

  return {
    app,
    ctx,
    routes,
    pruneRetention: (o) => pruneAllRetained(ctx, store, versions, o),
    close: async () => {
      ctx.jobs.close();
      await pool.close();
    },
  };
}

/** The name of an upload route's body schema (its JSON body may be spooled to the `jsonBody` worker task). */
function uploadBodyName(r: RouteSpec): UploadBodyName | undefined {
  if (!r.multipart || r.method !== 'post') return undefined;
  return (Object.keys(UPLOAD_BODIES) as UploadBodyName[]).find((k) => UPLOAD_BODIES[k] === r.body);
}
/** The name of a large-body route's schema (its JSON body over limits.jsonLoopBytes goes to the `jsonValue` worker task). */
function workerBodyName(r: RouteSpec): WorkerBodyName | undefined {
  return (Object.keys(WORKER_BODIES) as WorkerBodyName[]).find((k) => WORKER_BODIES[k] === r.body);
}

/** Community and isolation on the display graph, from the default analysis when it is already in memory. */
function overlay(ctx: ServerContext): Overlay {
  return (versionId) => {
    const r = ctx.cache.peek<AnalysisResult>(versionId, 'analysis', analysisOptions({}));
    if (!r) return {};
    const ix = analysisIndex(r);
    return {
      community: (i) => r.nodes[i]?.community ?? null,
      isolation: (id) => {
        const k = ix.isolationRank.get(id);
        return k === undefined ? null : r.isolation![k].score;
      },
    };
  };
}
