import { z } from 'zod';
import { validateWorkspaceName } from '../../store/workspaces.ts';
import { previewUpload } from '../upload-preview.ts';
import { toTaskFiles } from '../upload-stream.ts';
import { PreviewBody, UploadBody } from '../upload-body.ts';
import { EXPORT_FORMATS, EXPORT_MEDIA_TYPES } from '../../io/export.ts';
import { PAJEK_MODES_HEADER } from '../../model/index.ts';
import { sendBytes } from '../send.ts';
import type { Store } from '../../store/open.ts';
import { createWorkspace, getWorkspace, listWorkspaces } from '../../store/workspaces.ts';
import { listVersions, refuseEmpty, saveVersion } from '../../store/versions.ts';
import { diffVersions } from '../../store/diff.ts';
import { listAudit } from '../../store/audit.ts';
import { createToken, listTokens, revokeToken, TokenRoleSchema } from '../../store/tokens.ts';
import { defineRoute, type RouteSpec } from '../route.ts';
import { pseudonymiseDeep } from './analysis.ts';
import type { ServerContext } from '../context.ts';
import { HttpProblem } from '../problems.ts';
import {
  attachment,
  BoolQuery,
  IntQuery,
  PajekModesQuery,
  PseudoQuery,
  VersionCache,
  VersionParams,
  VersionRef,
  versionSummary,
  wantsPseudonyms,
  WorkspaceName,
  WsParams,
} from './common.ts';
import {
  AuditListSchema,
  DatasetBodySchema,
  ImportedSchema,
  TokenCreatedSchema,
  TokenListSchema,
  VersionDetailSchema,
  VersionDiffSchema,
  VersionListSchema,
  WorkspaceListSchema,
  WorkspaceSchema,
  UploadPreviewSchema,
} from '../contract/workspaces.ts';

const CreateWorkspaceBody = z.object({ name: WorkspaceName, description: z.string().max(2000).optional() }).strict();

const ExportQuery = PseudoQuery.extend({
  format: z.enum([...EXPORT_FORMATS, 'report']).default('json'),
  part: z.enum(['nodes', 'edges', 'meta']).default('nodes').describe('Which CSV file (format=csv)'),
  pajekModes: PajekModesQuery,
});

export function workspaceRoutes(ctx: ServerContext, store: Store, versions: VersionCache): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/workspaces',
      tag: 'workspaces',
      role: 'viewer',
      summary: 'List workspaces',
      responses: { 200: { description: 'Workspaces', schema: WorkspaceListSchema } },
      handler: async () => ({ workspaces: await listWorkspaces(store) }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/workspaces',
      tag: 'workspaces',
      role: 'admin',
      summary: 'Create a workspace',
      body: CreateWorkspaceBody,
      responses: { 201: { description: 'Created', schema: WorkspaceSchema }, 409: { description: 'Name taken' } },
      handler: async ({ body, caller, res }) => {
        const ws = await createWorkspace(store, body.name, { description: body.description, actor: caller.name });
        res.setHeader('Location', `/api/workspaces/${encodeURIComponent(ws.name)}`);
        return ws;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/workspaces/:ws',
      tag: 'workspaces',
      role: 'viewer',
      summary: 'One workspace',
      params: WsParams,
      responses: { 200: { description: 'Workspace', schema: WorkspaceSchema } },
      handler: async ({ params }) => getWorkspace(store, params.ws),
    }),
    defineRoute({
      method: 'get',
      path: '/api/workspaces/:ws/versions',
      tag: 'versions',
      role: 'viewer',
      summary: 'Dataset versions, newest first',
      params: WsParams,
      responses: { 200: { description: 'Versions', schema: VersionListSchema } },
      handler: async ({ params }) => ({ versions: (await listVersions(store, params.ws)).reverse().map(versionSummary) }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/workspaces/:ws/versions',
      tag: 'versions',
      role: 'coordinator',
      multipart: true,
      summary: 'Import a dataset as a new version (multipart files, JSON files, or a JSON dataset)',
      description:
        'All-or-nothing: a dataset with problems is refused with 422 listing every problem (file, line, field, expected). With `create`, a missing workspace is created with the version, in one transaction: a refused upload leaves nothing behind.',
      params: WsParams,
      // A dataset or files as JSON, as before the per-route caps; larger data go as multipart (limits.uploadBytes a file).
      bodyBytes: 10 * 2 ** 20,
      body: UploadBody,
      query: z.object({ allowEmpty: BoolQuery.optional().describe('Store a dataset with no nodes (refused by default: usually a header-only file)') }),
      responses: { 201: { description: 'Stored', schema: ImportedSchema }, 422: { description: 'Invalid dataset' } },
      handler: async ({ params, query, body, caller, res }) => {
        if (body.create) validateWorkspaceName(params.ws);
        else await getWorkspace(store, params.ws); // 404 before parsing a large upload
        const files = body.files ?? [{ name: 'dataset.json', content: JSON.stringify(body.dataset) }];
        const parsed = await ctx.pool.run('parse', {
          files: toTaskFiles(files),
          format: body.files ? body.format : 'json',
          typeMap: body.typeMap,
          columns: body.columns,
          selfLoops: body.selfLoops,
          decimalComma: body.decimalComma,
          inferTypes: body.inferTypes,
          twoModeKinds: body.twoModeKinds,
          pack: true,
        });
        if (!query.allowEmpty) refuseEmpty(parsed.dataset, files.map((f) => f.name).join(', '), 'allowEmpty=true');
        const info = await saveVersion(store, params.ws, parsed.dataset, {
          report: parsed.report,
          author: caller.name,
          message: body.message,
          createWorkspace: body.create === true,
          origin: { kind: 'import', source: files.map((f) => f.name).join(', ') },
          packed: 'packed' in parsed ? parsed.packed : undefined,
        });
        versions.invalidate(params.ws);
        res.setHeader('Location', `/api/workspaces/${encodeURIComponent(params.ws)}/versions/${info.number}`);
        return { version: versionSummary(info), report: parsed.report };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/uploads/preview',
      tag: 'versions',
      role: 'coordinator',
      multipart: true,
      summary:
        "Preview an upload without storing it: each file's columns and first rows, which column feeds which field, and the import report or every problem",
      description: 'The column-mapping step of the upload: send the files (and a `columns` mapping to try); nothing is stored.',
      // Files as JSON, as for the upload itself.
      bodyBytes: 10 * 2 ** 20,
      body: PreviewBody,
      responses: { 200: { description: 'Preview', schema: UploadPreviewSchema } },
      handler: async ({ body }) => previewUpload(ctx.pool, body.files, body, body.rows ?? 5),
    }),
    defineRoute({
      method: 'get',
      path: '/api/workspaces/:ws/versions/:v',
      tag: 'versions',
      role: 'viewer',
      summary: 'One version with its import report',
      params: VersionParams,
      responses: { 200: { description: 'Version', schema: VersionDetailSchema } },
      handler: async ({ params }) => {
        const info = await versions.info(params.ws, params.v);
        return { ...versionSummary(info), report: info.report };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/workspaces/:ws/versions/:v/dataset',
      tag: 'versions',
      role: 'viewer',
      summary: 'The dataset of a version',
      params: VersionParams,
      query: PseudoQuery,
      responses: { 200: { description: 'Dataset {meta, nodes, edges}', schema: DatasetBodySchema } },
      handler: async ({ params, query, caller, res }) => {
        const lv = await versions.load(params.ws, params.v);
        // Serialised in a worker and streamed (issue 20, defect 4).
        const pseudo = wantsPseudonyms(caller, query.pseudonymise);
        const out = await ctx.pool.run('render', { dataset: lv.shared, request: { kind: 'dataset' }, ...(pseudo && { pseudonyms: lv.pseudonyms.shared() }) });
        await sendBytes(res, out.bytes!, 'application/json; charset=utf-8');
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/workspaces/:ws/versions/:v/export',
      tag: 'exports',
      role: 'viewer',
      summary: 'Export a version as CSV (one file per request), JSON, GEXF, GraphML, GML, Pajek, GDF or a Markdown report',
      params: VersionParams,
      query: ExportQuery,
      responses: {
        200: {
          description: 'File download; format=pajek: X-Pajek-Modes says whether it was written two-mode (two) or one-mode (one)',
          contentType: 'application/octet-stream',
        },
      },
      handler: async ({ params, query, caller, res }) => {
        const lv = await versions.load(params.ws, params.v);
        const pseudo = wantsPseudonyms(caller, query.pseudonymise);
        const base = `${params.ws}-v${lv.info.number}`;
        if (query.format === 'report') {
          await lv.decode(); // in slices (and the snapshot in a worker), not in one go at the first touch of lv.dataset
          attachment(res, `${base}-report.md`, 'text/markdown', versionReport(lv.info, lv.dataset));
          return;
        }
        // Serialised in a worker and streamed: a 100k-node GraphML took the event loop for seconds (issue 20, defect 4).
        const file = await ctx.pool.run('render', {
          dataset: lv.shared,
          request: { kind: 'export', format: query.format, part: query.part, pajekModes: query.pajekModes },
          ...(pseudo && { pseudonyms: lv.pseudonyms.shared() }),
        });
        if (!file.bytes || !file.name) throw new HttpProblem('not-found', `this version has no ${query.part} file`);
        const type = EXPORT_MEDIA_TYPES[query.format];
        if (file.pajekModes) res.setHeader(PAJEK_MODES_HEADER, file.pajekModes);
        await sendBytes(res, file.bytes, file.name.endsWith('.json') ? 'application/json' : type, `${base}-${file.name}`);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/workspaces/:ws/diff',
      tag: 'versions',
      role: 'viewer',
      summary: 'What changed between two versions',
      params: WsParams,
      query: z.object({ from: VersionRef.optional(), to: VersionRef.optional() }),
      responses: { 200: { description: 'Added, removed and changed nodes and edges', schema: VersionDiffSchema } },
      handler: async ({ params, query, caller }) => {
        const d = await diffVersions(store, params.ws, query.from, query.to);
        if (!caller.mustPseudonymise) return d;
        // Over every person of the workspace: a teacher present only in `from` is still a teacher.
        return pseudonymiseDeep(d, await versions.pseudonymiser(params.ws));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/workspaces/:ws/audit',
      tag: 'admin',
      role: 'admin',
      summary: 'Audit log of a workspace, newest first',
      params: WsParams,
      query: z.object({ limit: IntQuery(1, 10000).default(200) }),
      responses: { 200: { description: 'Entries', schema: AuditListSchema } },
      handler: async ({ params, query }) => {
        await getWorkspace(store, params.ws);
        return { entries: await listAudit(store, { workspace: params.ws, limit: query.limit }) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/tokens',
      tag: 'admin',
      role: 'admin',
      summary: 'API tokens (never their secrets)',
      responses: { 200: { description: 'Tokens', schema: TokenListSchema } },
      handler: async () => ({ tokens: await listTokens(store) }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/tokens',
      tag: 'admin',
      role: 'admin',
      summary: 'Create a token; the secret is shown once',
      body: z.object({ name: z.string().min(1).max(100), role: TokenRoleSchema }).strict(),
      responses: { 201: { description: 'Created', schema: TokenCreatedSchema } },
      handler: async ({ body, caller }) => {
        const { token, info } = await createToken(store, { name: body.name, role: body.role, actor: caller.name });
        return { name: info.name, role: info.role, token };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/tokens/:name',
      tag: 'admin',
      role: 'admin',
      summary: 'Revoke a token',
      params: z.object({ name: z.string().min(1).max(100) }),
      responses: { 204: { description: 'Revoked' } },
      handler: async ({ params, caller }) => {
        await revokeToken(store, params.name, caller.name);
      },
    }),
  ];
}

function versionReport(info: import('../../store/versions.ts').VersionInfo, ds: import('../../model/index.ts').Dataset): string {
  const byType = new Map<string, number>();
  for (const n of ds.nodes) byType.set(n.type, (byType.get(n.type) ?? 0) + 1);
  const byEdge = new Map<string, number>();
  for (const e of ds.edges) byEdge.set(e.type, (byEdge.get(e.type) ?? 0) + 1);
  const table = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `| ${k} | ${v} |`)
      .join('\n');
  return [
    `# ${info.workspace} — version ${info.number}`,
    '',
    `Created ${info.createdAt} by ${info.author}${info.message ? `: ${info.message}` : ''}.`,
    '',
    `${ds.nodes.length} nodes, ${ds.edges.length} edges.`,
    '',
    '| node type | count |',
    '|---|---:|',
    table(byType),
    '',
    '| edge type | count |',
    '|---|---:|',
    table(byEdge),
    '',
  ].join('\n');
}
