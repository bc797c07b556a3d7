/**
 * The HTTP API's response contract: one zod schema per response body, wired into the route specs
 * (and so into /api/openapi.json), parsed against every 2xx body in the API tests, and imported as
 * types by the web app. Only zod and src/model may be imported here.
 */
export * from './common.ts';
export * from './service.ts';
export * from './workspaces.ts';
export * from './graph.ts';
export * from './nodes.ts';
export * from './analysis.ts';
export * from './rounds.ts';
export * from './surveys.ts';
export * from './layouts.ts';
export * from './partners.ts';
