import { z } from 'zod';
import type { AnalysisResult } from '../../analysis/analyze.ts';
import type { EcosystemIndicators } from '../../analysis/indicators.ts';
import type { ImpactReport } from '../../match/impact.ts';
import { impactTies, pickCurrentRound, pickGroup, reportDates, reportRoundFields } from '../../report/compute.ts';
import type { ReportRound } from '../../report/html.ts';
import { renderPrunedReport } from '../../report/pruned.ts';
import { PrunedVersionError, prunedNote } from '../../store/errors.ts';
import { prunedVersionView } from '../../store/retention.ts';
import { getRound, listRounds, type Store } from '../../store/index.ts';
import type { ServerContext } from '../context.ts';
import type { Layout } from '../layout.ts';
import { HttpProblem } from '../problems.ts';
import { defineRoute, type RouteSpec } from '../route.ts';
import { analysisOptions } from './analysis.ts';
import { attachment, type LoadedVersion, PseudoQuery, VersionCache, VersionParams, wantsPseudonyms } from './common.ts';

export const ReportQuery = PseudoQuery.extend({
  region: z.string().min(1).optional().describe('The region to report on'),
  hub: z.string().min(1).optional().describe('The hub (id) to report on'),
});

/**
 * The regional report (src/report) of a version as a self-contained HTML download. Every part is
 * computed in the worker pool and cached per version (the analysis, the layout and the indicators
 * at each date are the ones the other routes use); only the HTML is assembled here.
 */
export function reportRoutes(ctx: ServerContext, store: Store, versions: VersionCache): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/workspaces/:ws/versions/:v/report',
      tag: 'exports',
      role: 'viewer',
      summary:
        'Printable regional report (HTML): indicators over time, flagged schools with reasons, a map, the current mentoring round and its expected impact',
      params: VersionParams,
      query: ReportQuery,
      responses: { 200: { description: 'HTML file download', contentType: 'text/html' } },
      handler: async ({ params, query, caller, res }) => {
        const where = [query.region, query.hub].filter(Boolean).join('-') || 'all';
        let lv: LoadedVersion;
        try {
          lv = await versions.load(params.ws, params.v);
          await lv.decode(); // in slices: the loop keeps answering meanwhile
        } catch (e) {
          if (!(e instanceof PrunedVersionError)) throw e;
          // Past retention: the report of what was kept (counts, figures, rounds' tallies; no ids or names).
          const view = await prunedVersionView(store, params.ws, e.number);
          const html = renderPrunedReport(view, { region: query.region, generatedAt: new Date().toISOString() });
          attachment(res, `${params.ws}-v${e.number}-report-${where}.html`, 'text/html', html);
          return;
        }
        if (query.region && !lv.dataset.nodes.some((n) => n.region === query.region))
          throw new HttpProblem('not-found', `no node has region "${query.region}"`);
        if (query.hub && !lv.index.has(query.hub)) throw new HttpProblem('not-found', `no node "${query.hub}"`);
        const id = lv.info.id;
        const options = analysisOptions({});
        const run = <T>(kind: string, p: unknown, compute: () => Promise<T>) => ctx.cache.get<T>(id, kind, p, compute).then((r) => r.value);
        const [analysis, layout, ...series] = await Promise.all([
          run<AnalysisResult>('analysis', options, () => ctx.pool.run('analysis', { dataset: lv.shared, options })),
          run<Layout>('layout', { iterations: undefined, seed: 1 }, () => ctx.pool.run('layout', { dataset: lv.shared, seed: 1 })),
          ...[...reportDates(lv.dataset), undefined].map((at) => {
            const p = { at, weighted: true };
            return run<EcosystemIndicators>('indicators', p, () => ctx.pool.run('indicators', { dataset: lv.shared, ...p })).then((ind) => ({
              date: at ?? 'now',
              indicators: pickGroup(ind, query.region, query.hub),
            }));
          }),
        ]);
        const flagged = (analysis.isolation ?? []).filter(
          (e) => e.status !== 'connected' && (!query.region || e.region === query.region) && (!query.hub || e.hub === query.hub),
        );
        const found = await currentRound(ctx, store, params.ws, versions, lv);
        const pseudo = wantsPseudonyms(caller, query.pseudonymise);
        // Pairs name people by id: with pseudonyms on, the same pseudonyms as the dataset's nodes.
        const ps = lv.pseudonyms;
        const alias = (id: string) => (ps.isPerson(id) ? ps.id(id) : id);
        const round = found && pseudo ? { ...found, pairs: found.pairs.map((p) => ({ ...p, left: alias(p.left), right: alias(p.right) })) } : found;
        // Rendered in a worker: the map figure of a 100k-node version held the event loop for 2.3 s (issue 20, defect 4).
        const { bytes } = await ctx.pool.run('report', {
          dataset: lv.shared,
          ...(pseudo && { pseudonyms: lv.pseudonyms.shared() }),
          input: {
            workspace: params.ws,
            version: lv.info.number,
            region: query.region,
            hub: query.hub,
            layout: { x: layout.x, y: layout.y },
            series,
            round,
            generatedAt: new Date().toISOString(),
            flagged: pseudo
              ? flagged.map((f) => ({
                  ...f,
                  label: lv.pseudonyms.isPerson(f.id) ? lv.pseudonyms.id(f.id) : f.label,
                  reasons: f.reasons.map((r) => ({ ...r, text: lv.pseudonyms.scrubText(r.text) })),
                }))
              : flagged,
          },
        });
        attachment(res, `${params.ws}-v${lv.info.number}-report-${where}.html`, 'text/html', Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      },
    }),
  ];
}

/** The mentoring round of this version (pickCurrentRound) and the simulated effect of its pairs, cached per version simulated on. */
async function currentRound(ctx: ServerContext, store: Store, ws: string, versions: VersionCache, lv: LoadedVersion): Promise<ReportRound | null> {
  const pick = pickCurrentRound(await listRounds(store, ws), lv.info.number);
  if (!pick) return null;
  const fields = reportRoundFields(await getRound(store, ws, pick.round.number), pick);
  // An accepted round's ties are already in this version: its impact is the one simulated on the version it was computed on.
  let base: LoadedVersion;
  try {
    base = pick.impactVersion === lv.info.number ? lv : await versions.load(ws, pick.impactVersion);
  } catch (e) {
    if (!(e instanceof PrunedVersionError)) throw e;
    return { ...fields, impact: null, basePruned: prunedNote(e.number, e.prunedAt) };
  }
  const ties = impactTies(fields.pairs, (id) => base.index.has(id));
  const impact = ties.length
    ? (
        await ctx.cache.get<ImpactReport>(base.info.id, 'report-impact', { round: fields.number, ties }, () =>
          ctx.pool.run('impact', { dataset: base.shared, pairs: ties, edgeType: 'mentoring' }),
        )
      ).value
    : null;
  return { ...fields, impact };
}
