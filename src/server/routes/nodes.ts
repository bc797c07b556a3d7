import { z } from 'zod';
import { PARTNER_SIDE_TYPES, type HubNode } from '../../model/index.ts';
import { NodeDetailSchema } from '../contract/nodes.ts';
import { JobAccepted } from '../contract/common.ts';
import type { MentorMatchResult } from '../../match/mentors.ts';
import type { PartnerMatchResult } from '../../match/partners.ts';
import { defineRoute, type RouteSpec } from '../route.ts';
import type { ServerContext } from '../context.ts';
import { notFound } from '../problems.ts';
import { analysisIndex, analysisOptions, getAnalysis, pseudonymiseDeep } from './analysis.ts';
import type { Response } from 'express';
import type { AnalysisResult } from '../../analysis/analyze.ts';
import { degreeOf, strengthOf } from '../../graph/snapshot.ts';
import { cachedOrStarted, wantsAsync } from '../heavy.ts';
import type { NodeDetail, PendingFigure } from '../contract/nodes.ts';

type Pending = PendingFigure;

import { IntQuery, PseudoQuery, VersionCache, WorkspaceName, VersionRef, wantsPseudonyms, type LoadedVersion } from './common.ts';

const NodeParams = z.object({ ws: WorkspaceName, v: VersionRef, node: z.string().min(1).max(1000).describe('Node id (URL-encoded), or a pseudonym') });

export function nodeRoutes(ctx: ServerContext, versions: VersionCache): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/workspaces/:ws/versions/:v/nodes/:node',
      tag: 'graph',
      role: 'viewer',
      heavy: true,
      summary: 'One node: metrics, neighbours, community, why it is flagged, suggested mentors or mentees',
      description: 'Uses the default analysis and the default mentor matching of the version (computed once in the worker pool, then cached).',
      params: NodeParams,
      query: PseudoQuery.extend({
        neighbours: IntQuery(0, 10000).default(200).describe('Most neighbours listed (strongest first)'),
        suggestions: z
          .enum(['auto', 'none'])
          .default('auto')
          .describe('auto: include suggested mentors/mentees/partners (computed once per version); none: leave them out'),
      }),
      responses: { 200: { description: 'Node detail', schema: NodeDetailSchema }, 202: JobAccepted, 404: { description: 'Unknown node' } },
      handler: async ({ params, query, caller, req, res }) => {
        const lv = await versions.load(params.ws, params.v);
        await lv.decodeGraph(); // nodes in slices, the snapshot in a worker: the loop keeps answering meanwhile
        const pseudo = wantsPseudonyms(caller, query.pseudonymise);
        const ps = lv.pseudonyms;
        const id = ps.resolve(params.node);
        const v = lv.index.get(id);
        // A viewer may not look a teacher up by real id: that would confirm who is in the data.
        if (v === undefined || (pseudo && ps.isPerson(id) && params.node === id))
          throw notFound(`node ${params.node} in ${params.ws} version ${lv.info.number}`);
        // Large versions answer at once from what is cheap, and say what is still being computed (issue 20, defect 16).
        const cheap = lv.snapshot.n > ctx.nodeDetailWaitNodes && !wantsAsync(req);
        const pending: Pending[] = [];
        let job: string | undefined;
        let r: AnalysisResult | undefined;
        if (cheap) {
          const options = analysisOptions({});
          const c = await cachedOrStarted<AnalysisResult>(ctx, res, {
            kind: 'analysis',
            versionId: lv.info.id,
            params: options,
            resultUrl: `/api/workspaces/${encodeURIComponent(params.ws)}/versions/${lv.info.number}/analysis`,
            compute: (progress) => ctx.pool.run('analysis', { dataset: lv.shared, options }, { onProgress: progress }),
          });
          if ('value' in c) r = c.value;
          else {
            pending.push('metrics', 'community', 'isolation');
            job = c.job.url;
          }
        } else {
          r = await getAnalysis(ctx, req, res, lv, {});
          if (!r) return undefined;
        }
        const s = lv.snapshot;
        const ix = r && analysisIndex(r);
        const nr = r && ix ? r.nodes[ix.byId.get(id)!] : undefined;
        // Without the analysis: degree and strength straight from the snapshot.
        const metrics: Record<string, number | null> = nr ? {} : { degree: degreeOf(s, v), strength: strengthOf(s, v) };
        if (nr)
          for (const [k, x] of Object.entries(nr))
            if (k !== 'id' && k !== 'type' && k !== 'label' && k !== 'isolation' && (typeof x === 'number' || x === null)) metrics[k] = x;
        const communitySize = nr?.community === undefined ? undefined : r!.communities?.find((c) => c.community === nr.community)?.size;
        const ties = lv.ties;
        const neighbours = [];
        for (let i = s.offsets[v]; i < s.offsets[v + 1]; i++) {
          const u = s.targets[i];
          const n = s.nodes[u];
          neighbours.push({
            id: pseudo ? ps.id(n.id) : n.id,
            type: n.type,
            label: (pseudo ? ps.label(n.id, n.label) : n.label) ?? null,
            edgeTypes: [...ties.sets[ties.entry[i]]],
            weight: s.weights[i],
          });
        }
        neighbours.sort((a, b) => b.weight - a.weight || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        const rank = ix?.isolationRank.get(id);
        const iso = rank === undefined ? undefined : r!.isolation![rank];
        const node: HubNode = pseudo ? ps.node(s.nodes[v]) : s.nodes[v];
        let suggested: NodeDetail['suggestions'] | undefined = { kind: 'none', items: [] };
        if (query.suggestions !== 'none') {
          suggested = await suggestions(ctx, res, lv, id, pseudo, cheap);
          if (!suggested) pending.push('suggestions');
        }
        const detail = {
          node,
          metrics,
          community: nr?.community === undefined ? null : { id: nr.community, size: communitySize ?? 0 },
          neighbours: neighbours.slice(0, query.neighbours),
          isolation: iso && iso.status !== 'connected' ? { score: iso.score, status: iso.status, rank: rank! + 1, reasons: iso.reasons } : null,
          suggestions: suggested ?? { kind: 'none' as const, items: [], note: 'still being computed; ask again shortly' },
          ...(pending.length ? { pending: { figures: pending, ...(job ? { job } : {}) } } : {}),
        };
        // Reasons and explanations are prose that may name teachers.
        return pseudo
          ? { ...detail, isolation: detail.isolation && pseudonymiseDeep(detail.isolation, ps), suggestions: pseudonymiseDeep(detail.suggestions, ps) }
          : detail;
      },
    }),
  ];
}

/** From the version's default mentor matching: the mentor(s) proposed for a mentee, or the mentees proposed for a mentor. */
const PARTNER_SIDE = new Set<string>(PARTNER_SIDE_TYPES);
const partnerIndex = new WeakMap<PartnerMatchResult, Map<string, PartnerMatchResult['suggestions'][number]>>();
const mentorIndex = new WeakMap<
  MentorMatchResult,
  {
    byMentee: Map<string, MentorMatchResult['pairs']>;
    byMentor: Map<string, MentorMatchResult['pairs']>;
    unmatched: Map<string, MentorMatchResult['unmatched'][number]>;
  }
>();

function indexMentors(m: MentorMatchResult) {
  let ix = mentorIndex.get(m);
  if (!ix) {
    ix = { byMentee: new Map(), byMentor: new Map(), unmatched: new Map(m.unmatched.map((u) => [u.mentee, u])) };
    for (const p of m.pairs) {
      (ix.byMentee.get(p.mentee) ?? ix.byMentee.set(p.mentee, []).get(p.mentee)!).push(p);
      (ix.byMentor.get(p.mentor) ?? ix.byMentor.set(p.mentor, []).get(p.mentor)!).push(p);
    }
    mentorIndex.set(m, ix);
  }
  return ix;
}

/**
 * The node's suggestions, from the version's default matching. `cheap`: only if that matching is
 * already computed (else it is started in the background and the answer is undefined).
 */
async function suggestions(ctx: ServerContext, res: Response, lv: LoadedVersion, id: string, pseudo: boolean, cheap: boolean) {
  const resultUrl = `/api/workspaces/${encodeURIComponent(lv.info.workspace)}/versions/${lv.info.number}`;
  const matched = async <T>(kind: 'partners' | 'mentors', params: object, compute: () => Promise<T>): Promise<T | undefined> => {
    if (!cheap) return (await ctx.cache.get<T>(lv.info.id, kind, params, compute)).value;
    const c = await cachedOrStarted<T>(ctx, res, { kind, versionId: lv.info.id, params, resultUrl, compute });
    return 'value' in c ? c.value : undefined;
  };
  if (PARTNER_SIDE.has(lv.snapshot.nodes[lv.index.get(id)!].type)) {
    const value = await matched<PartnerMatchResult>('partners', {}, () => ctx.pool.run('partners', { dataset: lv.shared, config: {} }));
    if (!value) return undefined;
    const p = { value };
    let byId = partnerIndex.get(p.value);
    if (!byId) partnerIndex.set(p.value, (byId = new Map(p.value.suggestions.map((x) => [x.id, x]))));
    const mine = byId.get(id);
    return {
      kind: 'partners' as const,
      items: (mine?.top ?? []).map((t) => ({ id: t.id, label: t.label, score: t.score, explanation: t.explanation })),
      ...(mine ? {} : { note: 'no partner candidates under the default partner rules' }),
    };
  }
  const config = { level: lv.snapshot.nodes[lv.index.get(id)!].type === 'teacher' ? ('teacher' as const) : ('school' as const) };
  const mv = await matched<MentorMatchResult>('mentors', config, () => ctx.pool.run('mentors', { dataset: lv.shared, config }));
  if (!mv) return undefined;
  const m = { value: mv };
  const ps = lv.pseudonyms;
  const show = (x: string) => (pseudo ? ps.id(x) : x);
  const lab = (x: string, l: string) => (pseudo && ps.isPerson(x) ? (ps.label(x, l) ?? null) : l);
  const ix = indexMentors(m.value);
  const asMentee = ix.byMentee.get(id) ?? [];
  const asMentor = ix.byMentor.get(id) ?? [];
  if (asMentee.length || !asMentor.length) {
    const un = ix.unmatched.get(id);
    return {
      kind: 'mentors' as const,
      items: asMentee.map((p) => ({ id: show(p.mentor), label: lab(p.mentor, p.mentorLabel), score: p.score, explanation: p.explanation })),
      ...(un ? { note: un.reason } : asMentee.length ? {} : { note: 'not a mentee or mentor under the default mentoring rules' }),
    };
  }
  return {
    kind: 'mentees' as const,
    items: asMentor.map((p) => ({ id: show(p.mentee), label: lab(p.mentee, p.menteeLabel), score: p.score, explanation: p.explanation })),
  };
}
