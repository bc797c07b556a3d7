import { z } from 'zod';
import { defineRoute, type RouteSpec } from '../route.ts';
import { HealthSchema, MeSchema, OpenApiDocumentSchema, type Health } from '../contract/service.ts';
import { processLoopDelay } from '../loop-delay.ts';
import type { ServerContext } from '../context.ts';

export interface StoreHealth {
  ping(): Promise<Health['store']>;
}

export function serviceRoutes(ctx: ServerContext, store: StoreHealth, openapi: () => unknown): RouteSpec[] {
  const loop = processLoopDelay(); // from the start, so the first window closes a few seconds after it
  return [
    defineRoute({
      method: 'get',
      path: '/api/health',
      tag: 'service',
      role: null,
      summary: 'Liveness and store status',
      description:
        "Answers from the event loop without touching the worker pool or waiting behind a long store write (store.busy); 503 when the store fails or has not answered for a minute. eventLoop: the event loop's delay over the last closed 5 s window.",
      responses: { 200: { description: 'Healthy', schema: HealthSchema }, 503: { description: 'Store unavailable', schema: HealthSchema } },
      handler: async ({ res }) => {
        const s = await store.ping();
        const body: z.infer<typeof HealthSchema> = {
          status: s.ok ? 'ok' : 'degraded',
          store: s,
          uptimeSeconds: Math.round((Date.now() - ctx.startedAt) / 1000),
          version: ctx.version,
          mode: ctx.mode,
          workers: ctx.pool.stats(),
          eventLoop: loop.last(),
        };
        res.status(s.ok ? 200 : 503).json(body);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/me',
      tag: 'service',
      role: null,
      summary: 'Who the server takes the caller to be',
      responses: { 200: { description: 'Caller', schema: MeSchema } },
      handler: ({ caller }) => ({
        role: caller?.role ?? null,
        mode: ctx.mode,
        pseudonymised: caller?.mustPseudonymise ?? true,
        ...(caller && caller.name !== 'local' ? { tokenName: caller.name } : {}),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/openapi.json',
      tag: 'service',
      role: null,
      summary: 'This API as OpenAPI 3.1 (generated from the validation schemas)',
      responses: { 200: { description: 'OpenAPI document', schema: OpenApiDocumentSchema } },
      handler: () => openapi(),
    }),
  ];
}
