import { deleteLayout, getLayout, layoutBytes, saveLayout } from '../../store/layouts.ts';
import type { Store } from '../../store/open.ts';
import { LAYOUT_ENCODING, SaveLayoutBodySchema, SavedLayoutSchema, type SavedLayoutPayload } from '../contract/layouts.ts';
import { HttpProblem } from '../problems.ts';
import { defineRoute, type RouteSpec } from '../route.ts';
import { VersionParams, type VersionCache } from './common.ts';

const PATH = '/api/workspaces/:ws/versions/:v/layout';

/** Saved map positions of a version: read by anyone who may see the map, written by coordinators. */
export function layoutRoutes(store: Store, versions: VersionCache): RouteSpec[] {
  const payload = async (ws: string, v: number | undefined): Promise<SavedLayoutPayload> => {
    const info = await versions.info(ws, v);
    const saved = await getLayout(store, ws, info.number);
    return {
      workspace: ws,
      version: info.number,
      nodes: info.nodeCount,
      saved: saved && {
        encoding: LAYOUT_ENCODING,
        positions: Buffer.from(saved.positions.buffer, saved.positions.byteOffset, saved.positions.byteLength).toString('base64'),
        savedBy: saved.savedBy,
        savedAt: saved.savedAt,
        inheritedFrom: saved.inheritedFrom,
      },
    };
  };
  return [
    defineRoute({
      method: 'get',
      path: PATH,
      tag: 'graph',
      role: 'viewer',
      summary: 'The map positions saved with this version (null when none were saved)',
      params: VersionParams,
      responses: { 200: { description: 'Saved layout', schema: SavedLayoutSchema } },
      handler: ({ params }) => payload(params.ws, params.v),
    }),
    defineRoute({
      method: 'put',
      path: PATH,
      tag: 'graph',
      role: 'coordinator',
      summary: 'Save map positions with this version, so everyone who opens it sees this layout',
      params: VersionParams,
      // A 1,000,000-node layout (HUBGRAPH_UPLOAD_MAX_NODES): 8,000,000 bytes are 10,666,668 base64 characters, plus the wrapper.
      bodyBytes: 10.5 * 2 ** 20,
      body: SaveLayoutBodySchema,
      responses: { 200: { description: 'Saved layout', schema: SavedLayoutSchema } },
      handler: async ({ params, body, caller }) => {
        const info = await versions.info(params.ws, params.v);
        const problem = (path: string, expected: string, message: string) => new HttpProblem('validation', message, [{ in: 'body', path, expected, message }]);
        if (body.nodes !== info.nodeCount)
          throw problem(
            'nodes',
            `${info.nodeCount} (the nodes of version ${info.number})`,
            `positions for ${body.nodes} nodes; version ${info.number} has ${info.nodeCount}`,
          );
        const bytes = Buffer.from(body.positions, 'base64');
        if (bytes.byteLength !== layoutBytes(info.nodeCount))
          throw problem(
            'positions',
            `${layoutBytes(info.nodeCount)} bytes (x,y as Float32 for each of ${info.nodeCount} nodes)`,
            `positions decode to ${bytes.byteLength} bytes`,
          );
        try {
          await saveLayout(store, params.ws, info.number, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), { actor: caller.name });
        } catch (e) {
          if ((e as { kind?: string }).kind === 'invalid') throw problem('positions', 'finite numbers', (e as Error).message);
          throw e;
        }
        return payload(params.ws, info.number);
      },
    }),
    defineRoute({
      method: 'delete',
      path: PATH,
      tag: 'graph',
      role: 'coordinator',
      summary: 'Forget the saved map positions of this version (the map goes back to the computed layout)',
      params: VersionParams,
      responses: { 204: { description: 'Forgotten (or there were none)' } },
      handler: async ({ params, caller }) => {
        const info = await versions.info(params.ws, params.v);
        await deleteLayout(store, params.ws, info.number, { actor: caller.name });
      },
    }),
  ];
}
