import { z } from 'zod';
import type { Dataset } from '../../model/index.ts';
import { buildSnapshot, type Snapshot } from '../../graph/snapshot.ts';
import { parseArraysObject } from '../chunked-json.ts';
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
  /**
   * Decodes the version for this thread in slices that let other requests in between (chunked-json.ts);
   * afterwards `dataset`, `snapshot` and `index` are free. Without it they decode at first touch, in one go.
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
      const p = workspacePersons(this.store.db, ws).then(
        (rows) =>
          new Pseudonymiser(
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
          return { info, dataset, snapshot, index: snapshot.index, shared: shareDataset(key, dataset), pseudonyms, decode: async () => {} };
        }
        // Decoded on this thread only when a route reads it here (node detail, graph): exports and dataset
        // reads render from the shared copy in a worker, so a 100k-node version (~1 s of JSON.parse and
        // snapshot building) never stalls the event loop for them.
        const shared = shareJson(key, json, info.meta ?? {});
        let decoded: { dataset: Dataset; snapshot: Snapshot } | undefined;
        const settle = ({ nodes, edges }: Pick<Dataset, 'nodes' | 'edges'>) => {
          const dataset: Dataset = { meta: info.meta ?? {}, nodes, edges };
          decoded = { dataset, snapshot: buildSnapshot(dataset) };
          return decoded;
        };
        const decode = () =>
          decoded ??
          settle(
            JSON.parse(Buffer.from(shared.json.buffer, shared.json.byteOffset, shared.json.byteLength).toString('utf8')) as Pick<Dataset, 'nodes' | 'edges'>,
          );
        let slicing: Promise<void> | undefined;
        return {
          info,
          shared,
          pseudonyms,
          decode() {
            slicing ??= parseArraysObject(shared.json).then(
              (o) => {
                if (!decoded) settle(o as unknown as Pick<Dataset, 'nodes' | 'edges'>);
              },
              () => {
                decode(); // not the packed shape: parse it whole
              },
            );
            return slicing;
          },
          get dataset() {
            return decode().dataset;
          },
          get snapshot() {
            return decode().snapshot;
          },
          get index() {
            return decode().snapshot.index;
          },
        };
      })();
      this.lru.set(info.id, p);
      p.catch(() => this.lru.delete(info.id));
    }
    const lv = await p;
    lv.pseudonyms = await this.pseudonymiser(ws);
    return lv;
  }
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
export function attachment(res: import('express').Response, name: string, type: string, content: string): void {
  res.setHeader('Content-Disposition', `attachment; filename="${name.replace(/[^A-Za-z0-9._-]/g, '_')}"`);
  res.type(type).send(content);
}
