import { z } from 'zod';
import { IsoDateSchema, PAJEK_MODES_HEADER, tieTypeKey, type Dataset } from '../../model/index.ts';
import { EXPORT_FORMATS, EXPORT_MEDIA_TYPES, pajekModesWritten, pajekTwoModeOption, serializeDataset } from '../../io/export.ts';
import { defineRoute, type RouteSpec } from '../route.ts';
import { HttpProblem } from '../problems.ts';
import { attachment, PajekModesQuery, PseudoQuery, VersionCache, VersionParams, wantsPseudonyms } from './common.ts';

const ViewExportQuery = PseudoQuery.extend({ pajekModes: PajekModesQuery });

/** What the map shows, as the browser's filters left it: the visible node ids and the date slider's day. */
export const ViewExportBody = z
  .object({
    format: z.enum(EXPORT_FORMATS),
    part: z.enum(['nodes', 'edges']).default('nodes').describe('Which CSV file (format=csv)'),
    nodes: z.array(z.string()).max(2_000_000).describe('Ids of the nodes on screen'),
    at: IsoDateSchema.optional().describe("Only ties active on this date (the map's date filter)"),
    edgeTypes: z
      .array(z.string().min(1))
      .max(10_000)
      .optional()
      .describe("Only ties of these types (the map's tie-type filter): a tie's own type when it has one, else its kind"),
  })
  .strict();

/**
 * The dataset cut down to a view: the given nodes and the ties between them (active on `at`, with
 * the map's rule: started by then and not ended before) and of the given tie types (the map's rule, tieTypeKey). Meta is kept so the file says where it came from.
 */
export function viewDataset(ds: Dataset, ids: ReadonlySet<string>, at?: string, edgeTypes?: readonly string[]): Dataset {
  const day = at?.slice(0, 10);
  const types = edgeTypes?.length ? new Set(edgeTypes) : null;
  const active = (e: Dataset['edges'][number]) => !day || (!(e.start && e.start.slice(0, 10) > day) && !(e.end && e.end.slice(0, 10) < day));
  return {
    ...ds,
    nodes: ds.nodes.filter((n) => ids.has(n.id)),
    edges: ds.edges.filter((e) => ids.has(e.source) && ids.has(e.target) && active(e) && (!types || types.has(tieTypeKey(e)))),
  };
}

export function viewExportRoutes(versions: VersionCache): RouteSpec[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/workspaces/:ws/versions/:v/export/view',
      tag: 'exports',
      role: 'viewer',
      summary: 'Export what the map shows (its visible nodes, their ties on the chosen date) as GEXF, GraphML, GML, Pajek, JSON or CSV',
      params: VersionParams,
      query: ViewExportQuery,
      // The ids on screen: 1,000,000 nodes (HUBGRAPH_UPLOAD_MAX_NODES) of up to ~30 characters.
      bodyBytes: 32 * 2 ** 20,
      body: ViewExportBody,
      responses: {
        200: {
          description: 'File download; format=pajek: X-Pajek-Modes says whether it was written two-mode (two) or one-mode (one)',
          contentType: 'application/octet-stream',
        },
      },
      handler: async ({ params, query, body, caller, res }) => {
        const lv = await versions.load(params.ws, params.v);
        await lv.decode(); // in slices: the loop keeps answering meanwhile
        // Pseudonymised callers see pseudonymised ids on the map, so the cut is made on that dataset.
        const ds = wantsPseudonyms(caller, query.pseudonymise) ? lv.pseudonyms.dataset(lv.dataset) : lv.dataset;
        const cut = viewDataset(ds, new Set(body.nodes), body.at, body.edgeTypes);
        const options = { pajekTwoMode: pajekTwoModeOption(query.pajekModes) };
        const files = serializeDataset(cut, body.format, options);
        const file = body.format === 'csv' ? files.find((f) => f.name === `${body.part}.csv`) : files[0];
        if (!file) throw new HttpProblem('not-found', `no ${body.part} file`);
        // Decided on the cut: a two-mode dataset's view with no ties, or only some types linked, is written one-mode.
        if (body.format === 'pajek') res.setHeader(PAJEK_MODES_HEADER, pajekModesWritten(cut, options));
        attachment(res, `${params.ws}-v${lv.info.number}-view-${file.name}`, EXPORT_MEDIA_TYPES[body.format], file.content);
      },
    }),
  ];
}
