import { z } from 'zod';
import { bodyBytesOf, type RouteSpec } from './route.ts';
import { ProblemSchema } from './contract/common.ts';
import { IMPORT_FORMATS } from '../io/load.ts';

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const s = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  delete s.$schema;
  return s;
}

/** Query and path schemas are objects: each property becomes one OpenAPI parameter. */
function parameters(where: 'path' | 'query', schema: z.ZodType | undefined): unknown[] {
  if (!schema) return [];
  const js = jsonSchema(schema, 'input') as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (js.required ?? []).includes(name),
    ...(s.description ? { description: s.description } : {}),
    schema: s,
  }));
}

const toOpenApiPath = (p: string) => p.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/** The OpenAPI 3.1 document, generated from the very zod schemas the routes validate with. */
export function buildOpenApi(routes: readonly RouteSpec[], info: { title: string; version: string; description?: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const item = (paths[toOpenApiPath(r.path)] ??= {});
    const responses: Record<string, unknown> = {};
    for (const [status, spec] of Object.entries(r.responses)) {
      const ct = spec.contentType ?? 'application/json';
      responses[status] = {
        description: spec.description,
        ...(spec.schema ? { content: { [ct]: { schema: jsonSchema(spec.schema, 'output') } } } : spec.contentType ? { content: { [ct]: {} } } : {}),
      };
    }
    const problem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
    if (r.body) {
      // Every body route inflates gzip / deflate / br under its byte cap and reads UTF-8 only (jsonBodyEncoding).
      responses['413'] ??= { description: `The body, once inflated, is larger than the route allows (${bodyBytesOf(r)} bytes)`, content: problem };
      responses['415'] ??= { description: 'A Content-Encoding other than gzip, deflate or br, or a charset other than UTF-8', content: problem };
    }
    responses.default = { description: 'A problem (RFC 9457)', content: problem };
    const params = [...parameters('path', r.params), ...parameters('query', r.query)];
    if (r.heavy)
      params.push({
        name: 'Prefer',
        in: 'header',
        required: false,
        description: '`respond-async` returns 202 with a job instead of waiting',
        schema: { type: 'string' },
      });
    let requestBody: unknown;
    if (r.body) {
      const content: Record<string, unknown> = { 'application/json': { schema: jsonSchema(r.body, 'input') } };
      if (r.multipart)
        content['multipart/form-data'] = {
          schema: {
            type: 'object',
            properties: {
              files: { type: 'array', items: { type: 'string', contentMediaType: 'application/octet-stream' } },
              message: { type: 'string', description: 'Note stored with the version' },
              format: { type: 'string', enum: [...IMPORT_FORMATS] },
            },
            required: ['files'],
          },
        };
      requestBody = { required: true, content };
    }
    item[r.method] = {
      operationId: `${r.method}${toOpenApiPath(r.path)
        .replace(/^\/api/, '')
        .replace(/[{}]/g, '')
        .split(/[/-]/)
        .map((s) => s.charAt(0).toUpperCase() + s.slice(1))
        .join('')}`,
      summary: r.summary,
      ...(r.description ? { description: r.description } : {}),
      tags: [r.tag],
      ...(r.role ? { security: [{ bearer: [] }], 'x-min-role': r.role } : { security: [] }),
      ...(params.length ? { parameters: params } : {}),
      ...(requestBody ? { requestBody } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info,
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      schemas: { Problem: jsonSchema(ProblemSchema, 'output') },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'Token from `hubgraph token create`; roles viewer < coordinator < admin' } },
    },
  };
}
