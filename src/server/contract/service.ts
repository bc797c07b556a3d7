import { z } from 'zod';
import { RoleSchema } from '../../model/vocabulary.ts';

export const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  store: z.object({ ok: z.boolean(), kind: z.string(), error: z.string().optional() }),
  uptimeSeconds: z.number(),
  version: z.string(),
  mode: z.enum(['local', 'token']),
  workers: z.object({ size: z.number().int(), started: z.number().int(), busy: z.number().int(), queued: z.number().int() }),
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
