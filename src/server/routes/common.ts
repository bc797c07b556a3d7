import { z } from 'zod';
import { PajekModesSchema, type Dataset, type HubEdge, type HubNode } from '../../model/index.ts';
import { buildSnapshot, type Snapshot } from '../../graph/snapshot.ts';
import { tieTypeIndex, type TieTypes } from '../../graph/tie-types.ts';
import { parseSlices, sliceArrays, type ArraySlices } from '../chunked-json.ts';
import { assembleSnapshot, indexNodes, ownTypesOf, type SnapshotArrays } from '../version-graph.ts';
import { poolSignal } from '../worker-pool.ts';
import type { Store } from '../../store/open.ts';
import { getVersion, readVersionDataset, readVersionJson, type VersionInfo } from '../../store/versions.ts';
import { workspacePersons } from '../../store/persons.ts';
import { canonicalName, nameProblem } from '../../store/names.ts';
import { Lru } from '../cache.ts';
import type { ServerContext } from '../context.ts';
import { Pseudonymiser } from '../pseudonym.ts';
import type { VersionSummary } from '../contract/common.ts';
import { shareDataset, shareJson, type SharedDataset } from '../shared-dataset.ts';
import type { Caller } from '../roles.ts';

export const WorkspaceName = z
  .string()
  .min(1)
  .max(100)
  .superRefine((s, c) => {
    const why = nameProblem(s);
    if (why) c.addIssue({ code: 'custom', message: `not a usable workspace name: ${why}` });
  })
  .transform(canonicalName) // NFC: "café" is one workspace however the é is typed
  .describe('Workspace name (URL-encoded; compared in Unicode NFC)');
export const VersionRef = z
  .string()
  .regex(/^(latest|[1-9][0-9]{0,8})$/, 'a version number or "latest"')
  .transform((s) => (s === 'latest' ? undefined : Number(s)))
  .describe('Version number or `latest`');
export const WsParams = z.object({ ws: WorkspaceName });
export const VersionParams = z.object({ ws: WorkspaceName, v: VersionRef });

export const BoolQuery = z.enum(['true', 'false', '1', '0']).transform((s) => s === 'true' || s === '1');
export const PseudoQuery = z.object({ pseudonymise: BoolQuery.optional().describe('Pseudonymise person nodes (always on for viewers)') });
/** The export routes' choice of Pajek network for a two-mode dataset (PAJEK_MODES); the answer's X-Pajek-Modes says which was written. */
export const PajekModesQuery = PajekModesSchema.default('two').describe(
  "format=pajek, a two-mode dataset (node types in two sides, every tie between them): `two` (default) writes *Vertices n n1, which Pajek and igraph read as modes and NetworkX refuses; `one` writes *Vertices n, which NetworkX reads. The answer's X-Pajek-Modes header says which was written",
);
export const IntQuery = (min: number, max: number) =>
  z
    .string()
    .regex(/^[0-9]+$/, 'a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

/** Viewers always get pseudonyms; others when they ask. */
export const wantsPseudonyms = (caller: Caller, asked: boolean | undefined): boolean => caller.mustPseudonymise || asked === true;

export interface LoadedVersion {
  info: VersionInfo;
  dataset: Dataset;
  snapshot: Snapshot;
  /** Over every person any version of the workspace has stored (refreshed by `load` after new versions). */
  pseudonyms: Pseudonymiser;
  /** Node index by id, for the person-aware lookups. */
  index: Map<string, number>;
  /** The dataset in shared memory, for worker tasks (encoded once per version). */
  shared: SharedDataset;
  /** The tie types between each node and each neighbour, by snapshot adjacency entry (node detail's `edgeTypes`). */
  ties: TieTypes;
  /** The version's own tie-type names (`ownType`), sorted. */
  ownTypes: string[];
  /**
   * Decodes what node detail and the graph read: the node records (in slices, chunked-json.ts), the id index
   * (in slices) and the snapshot with its tie-type index (built in a pool worker, version-graph.ts). Afterwards
   * `snapshot`, `index`, `ties` and `ownTypes` are free; the ties themselves are not decoded on this thread.
   */
  decodeGraph(): Promise<void>;
  /**
   * `decodeGraph`, then the ties too (in slices); afterwards `dataset` is free as well. Without these calls
   * everything decodes at first touch, in one go on this thread.
   */
  decode(): Promise<void>;
}

/**
 * Immutable versions kept decoded in memory (LRU by internal version id), so reads such as node
 * detail do not re-read the store or rebuild the snapshot.
 */
let loads = 0;

export class VersionCache {
  private readonly lru: Lru<number, Promise<LoadedVersion>>;
  constructor(
    private readonly store: Store,
    private readonly ctx: ServerContext,
    size = 8,
  ) {
    this.lru = new Lru(size);
  }

  private readonly infos = new Lru<string, VersionInfo>(256);
  private readonly latest = new Map<string, { info: VersionInfo; at: number }>();

  /**
   * Version records are immutable, so a numbered one is cached for good; `latest` is re-read after
   * `latestTtlMs` (another process may write to a PostgreSQL store) and at once after this server's own writes.
   */
  async info(ws: string, number: number | undefined, latestTtlMs = 1000): Promise<VersionInfo> {
    if (number !== undefined) {
      const k = `${ws}\u0000${number}`;
      let info = this.infos.get(k);
      if (!info) this.infos.set(k, (info = await getVersion(this.store, ws, number)));
      return info;
    }
    const hit = this.latest.get(ws);
    if (hit && Date.now() - hit.at < latestTtlMs) return hit.info;
    const info = await getVersion(this.store, ws);
    this.latest.set(ws, { info, at: Date.now() });
    return info;
  }

  /** After a write to the workspace (import, accepted round): `latest` must be read again. */
  invalidate(ws: string): void {
    this.latest.delete(ws);
  }

  /** After a workspace is deleted or a person erased: nothing decoded from it may be served again. */
  forget(ws: string): void {
    this.latest.delete(ws);
    this.persons.delete(ws);
    for (const k of [...this.infos.keys()]) if (k.startsWith(`${ws}\u0000`)) this.infos.delete(k);
    this.lru.clear();
  }

  /** Workspace-wide pseudonyms, keyed by the current version number they were computed at. */
  private readonly persons = new Map<string, { current: number; p: Promise<Pseudonymiser> }>();

  /** Pseudonyms over every person any version of `ws` stores (a new version may add some). */
  async pseudonymiser(ws: string): Promise<Pseudonymiser> {
    const current = (await this.info(ws, undefined)).number;
    let hit = this.persons.get(ws);
    if (!hit || hit.current !== current) {
      const p = workspacePersons(this.store.db, ws).then((rows) =>
        Pseudonymiser.inSlices(
          this.ctx.pseudonymKey,
          ws,
          rows.map((r) => ({ id: r.id, type: 'teacher' as const, label: r.label ?? undefined })),
        ),
      );
      this.persons.set(ws, (hit = { current, p }));
      p.catch(() => {
        if (this.persons.get(ws)?.p === p) this.persons.delete(ws);
      });
    }
    return hit.p;
  }

  async load(ws: string, number: number | undefined): Promise<LoadedVersion> {
    const info = await this.info(ws, number);
    let p = this.lru.get(info.id);
    if (!p) {
      p = (async () => {
        // The packed copy is unzipped off the event loop and shared with the workers as read (no re-encode).
        const key = `v${info.id}.${++loads}`; // per load: workers must not reuse a copy from before an erasure
        const json = await readVersionJson(this.store.db, info.id);
        const pseudonyms = await this.pseudonymiser(ws);
        if (!json) {
          const dataset = await readVersionDataset(this.store.db, info.id, info.meta);
          const snapshot = buildSnapshot(dataset);
          const ties = tieTypeIndex(snapshot, dataset.edges);
          const ownTypes = ownTypesOf(dataset.edges);
          const none = async () => {};
          return {
            info,
            dataset,
            snapshot,
            index: snapshot.index,
            ties,
            ownTypes,
            shared: shareDataset(key, dataset),
            pseudonyms,
            decode: none,
            decodeGraph: none,
          };
        }
        // Decoded on this thread only when a route reads it here (node detail, graph, report, rounds): exports and
        // dataset reads render from the shared copy in a worker, so a 100k-node version never stalls the loop for them.
        const shared = shareJson(key, json, info.meta ?? {});
        return packedVersion(this.ctx, info, shared, pseudonyms);
      })();
      this.lru.set(info.id, p);
      p.catch(() => this.lru.delete(info.id));
    }
    const lv = await p;
    lv.pseudonyms = await this.pseudonymiser(ws);
    return lv;
  }
}

/**
 * A version read from its packed copy `{"nodes":[…],"edges":[…]}`, decoded on this thread piece by piece and only
 * as far as a route asks (see LoadedVersion). The getters fall back to one JSON.parse and buildSnapshot on this
 * thread when read before `decodeGraph`/`decode` (or when the worker cannot build the snapshot).
 */
function packedVersion(ctx: ServerContext, info: VersionInfo, shared: SharedDataset, pseudonyms: Pseudonymiser): LoadedVersion {
  const meta = info.meta ?? {};
  let nodes: HubNode[] | undefined;
  let edges: HubEdge[] | undefined;
  let graph: { snapshot: Snapshot; ties: TieTypes; ownTypes: string[] } | undefined;
  let dataset: Dataset | undefined;
  const whole = () => {
    const o = JSON.parse(Buffer.from(shared.json.buffer, shared.json.byteOffset, shared.json.byteLength).toString('utf8')) as Pick<Dataset, 'nodes' | 'edges'>;
    nodes ??= o.nodes;
    edges ??= o.edges;
  };
  const graphNow = () => {
    if (!graph) {
      if (!nodes || !edges) whole();
      const snapshot = buildSnapshot({ nodes: nodes!, edges: edges! });
      graph = { snapshot, ties: tieTypeIndex(snapshot, edges!), ownTypes: ownTypesOf(edges!) };
    }
    return graph;
  };
  // The byte scan of the packed copy (in slices), once: the nodes and then perhaps the ties are parsed from it.
  let slices: Promise<ArraySlices[] | undefined> | undefined;
  const parse = async (key: 'nodes' | 'edges'): Promise<unknown[] | undefined> => {
    slices ??= sliceArrays(shared.json).catch(() => undefined); // not the packed shape: parsed whole instead
    const found = await slices;
    if (!found) return undefined;
    return (await parseSlices(shared.json, found, [key]))[key] ?? [];
  };
  let graphing: Promise<void> | undefined;
  const decodeGraph = (): Promise<void> => {
    graphing ??= (async () => {
      if (graph) return;
      // The worker builds the CSR arrays and the tie-type index from the shared copy while this thread parses the
      // node records; urgent, so it never queues behind an analysis, and outside any job, so cancelling one
      // request's job cannot fail the version for the others.
      const arrays = poolSignal.exit(() => ctx.pool.run('snapshot', { dataset: shared }, { urgent: true, caller: 'version-cache' }));
      arrays.catch(() => {}); // awaited below; not unhandled if the parse fails first
      const parsed = nodes ? undefined : await parse('nodes');
      if (!nodes) {
        if (parsed) nodes = parsed as HubNode[];
        else whole();
      }
      const ix = await indexNodes(nodes!);
      let a: SnapshotArrays | undefined;
      try {
        a = await arrays;
      } catch {
        // The pool is closed or its worker died: build it here (and raise its error if the data is at fault).
      }
      if (graph) return;
      graph = a ? { snapshot: assembleSnapshot(nodes!, ix, a), ties: a.ties, ownTypes: a.ownTypes } : graphNow();
    })();
    graphing.catch(() => {
      graphing = undefined;
    });
    return graphing;
  };
  let decoding: Promise<void> | undefined;
  return {
    info,
    shared,
    pseudonyms,
    decodeGraph,
    decode() {
      decoding ??= (async () => {
        await decodeGraph();
        if (edges) return;
        const parsed = await parse('edges');
        if (edges) return;
        if (parsed) edges = parsed as HubEdge[];
        else whole();
      })();
      decoding.catch(() => {
        decoding = undefined;
      });
      return decoding;
    },
    get dataset() {
      if (!dataset) {
        if (!nodes || !edges) whole();
        dataset = { meta, nodes: nodes!, edges: edges! };
      }
      return dataset;
    },
    get snapshot() {
      return graphNow().snapshot;
    },
    get index() {
      return graphNow().snapshot.index;
    },
    get ties() {
      return graphNow().ties;
    },
    get ownTypes() {
      return graphNow().ownTypes;
    },
  };
}

export function versionSummary(v: VersionInfo): VersionSummary {
  return {
    workspace: v.workspace,
    number: v.number,
    createdAt: v.createdAt,
    author: v.author,
    message: v.message,
    origin: v.origin,
    counts: { nodes: v.nodeCount, edges: v.edgeCount },
    meta: v.meta,
    prunedAt: v.prunedAt,
  };
}

/** Sends a file download. */
export function attachment(res: import('express').Response, name: string, type: string, content: string | Buffer): void {
  res.setHeader('Content-Disposition', `attachment; filename="${name.replace(/[^A-Za-z0-9._-]/g, '_')}"`);
  res.type(type).send(content);
}
