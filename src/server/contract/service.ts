import { z } from 'zod';
import { RoleSchema } from '../../model/vocabulary.ts';

/** The event loop's delay over the last closed window (ms beyond the sampling timer's interval): the server's own responsiveness. */
export const LoopDelaySchema = z.object({
  windowSeconds: z.number(),
  endedAt: z.string(),
  p50Ms: z.number(),
  p99Ms: z.number(),
  maxMs: z.number(),
  samples: z.number().int(),
});
export type LoopDelay = z.infer<typeof LoopDelaySchema>;

export const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  store: z.object({
    ok: z.boolean(),
    kind: z.string(),
    error: z.string().optional(),
    /** True when the store is working through a long write (an import): it answered before and its ping is queued. */
    busy: z.boolean().optional(),
  }),
  uptimeSeconds: z.number(),
  version: z.string(),
  mode: z.enum(['local', 'token']),
  workers: z.object({ size: z.number().int(), started: z.number().int(), busy: z.number().int(), queued: z.number().int() }),
  /** Null until the first window has closed (a few seconds after start). */
  eventLoop: LoopDelaySchema.nullable().optional(),
});
export type Health = z.infer<typeof HealthSchema>;

export const MeSchema = z.object({
  role: RoleSchema.nullable(),
  mode: z.enum(['local', 'token']),
  tokenName: z.string().optional(),
  pseudonymised: z.boolean(),
});
export type Me = z.infer<typeof MeSchema>;

export const OpenApiDocumentSchema = z
  .object({
    openapi: z.string(),
    info: z.object({ title: z.string(), version: z.string() }).loose(),
    paths: z.record(z.string(), z.record(z.string(), z.unknown())),
    components: z.record(z.string(), z.unknown()),
  })
  .loose();
