import { z } from 'zod';
import { defineRoute, type RouteSpec } from '../route.ts';
import { HealthSchema, MeSchema, OpenApiDocumentSchema } from '../contract/service.ts';
import type { ServerContext } from '../context.ts';

export interface StoreHealth {
  ping(): Promise<{ ok: boolean; kind: string; error?: string }>;
}

export function serviceRoutes(ctx: ServerContext, store: StoreHealth, openapi: () => unknown): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/health',
      tag: 'service',
      role: null,
      summary: 'Liveness and store status',
      description: 'Answers from the event loop without touching the worker pool; 503 when the store does not answer.',
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
