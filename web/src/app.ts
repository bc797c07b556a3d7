import { ApiError, api, paths, withQuery } from './api/client.ts';
import type { GraphPayload, VersionSummary, Workspace } from './api/types.ts';
import { displayEdge, displayNode } from './api/graph.ts';
import { buildMapData, type MapData } from './map/map-data.ts';
import { MapView } from './map/map-view.ts';
import { DEFAULT_STATE, decodeState, encodeState, type ViewState } from './state/view-state.ts';
import { h } from './ui/dom.ts';

/**
 * Shared state of the page: the workspace and version in use, the view state mirrored in the URL
 * hash, the graph data and the one live map. Views read it and ask it to change things.
 */
export class App {
  state: ViewState = decodeState(location.hash);
  workspaces: Workspace[] = [];
  versions: VersionSummary[] = [];
  version: string | null = null;
  data: MapData | null = null;
  graphPayload: GraphPayload | null = null;
  /** Which graph `data` holds: its workspace + version, and the tie types it was limited to (null: every tie). */
  private graphHeld: { key: string; tieTypes: string[] | null } | null = null;
  map: MapView | null = null;
  private readonly cache = new Map<string, Promise<unknown>>();
  private readonly listeners = new Set<(changed: Partial<ViewState>) => void>();

  get ws(): string | undefined {
    return this.state.workspace ?? (this.workspaces.find((w) => w.name === 'sample') ?? this.workspaces[0])?.name;
  }

  /** GET with a per-version memo (analysis results do not change for a version). */
  get<T>(path: string): Promise<T> {
    let p = this.cache.get(path) as Promise<T> | undefined;
    if (!p) {
      p = api<T>(path);
      this.cache.set(path, p);
      p.catch((e: unknown) => {
        this.cache.delete(path);
        if (e instanceof ApiError && e.status === 410) this.onGone();
      });
    }
    return p;
  }

  forget(prefix = ''): void {
    for (const k of [...this.cache.keys()]) if (k.startsWith(prefix)) this.cache.delete(k);
  }

  onChange(fn: (changed: Partial<ViewState>) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Set by main: a request answered 410 Gone (a version pruned while the page was open): reread the versions, show what was kept. */
  onGone: () => void = () => {};

  /** Set by main: reloads workspaces and versions and remounts the view (after an upload or an accepted round). */
  reload: (opts?: { newest?: boolean }) => Promise<void> = async () => {};

  notify(changed: Partial<ViewState>): void {
    for (const fn of this.listeners) fn(changed);
  }

  /** Changes the view state, mirrors it into the URL (replace, so Back is not flooded) and notifies. */
  update(changed: Partial<ViewState>, opts: { push?: boolean } = {}): void {
    this.state = { ...this.state, ...changed };
    const hash = encodeState(this.state);
    if (hash !== location.hash) {
      if (opts.push) history.pushState(null, '', hash);
      else history.replaceState(null, '', hash);
    }
    this.notify(changed);
  }

  /** Restores a state from a pasted / navigated link. */
  restoreFromHash(): Partial<ViewState> {
    const next = decodeState(location.hash);
    const changed: Partial<ViewState> = {};
    for (const k of Object.keys({ ...DEFAULT_STATE, ...next }) as (keyof ViewState)[]) {
      if (JSON.stringify(next[k]) !== JSON.stringify(this.state[k])) (changed as Record<string, unknown>)[k] = next[k];
    }
    this.state = next;
    return changed;
  }

  shareLink(): string {
    return `${location.origin}${location.pathname}${encodeState({ ...this.state, workspace: this.ws })}`;
  }

  async loadWorkspaces(): Promise<void> {
    const res = await api<{ workspaces: Workspace[] }>(paths.workspaces());
    this.workspaces = res.workspaces;
  }

  async loadVersions(): Promise<void> {
    const ws = this.ws;
    if (!ws) {
      this.versions = [];
      this.version = null;
      return;
    }
    const res = await api<{ versions: VersionSummary[] }>(paths.versions(ws));
    this.versions = res.versions;
    // Versions are named by number; the newest is first.
    if (this.state.version) this.version = this.state.version;
    if (!this.version || !this.versions.some((v) => String(v.number) === this.version))
      this.version = this.versions[0] ? String(this.versions[0].number) : null;
  }

  /**
   * Whether the graph `data` holds has every tie the tie-type filter shows: it was loaded whole, or
   * limited to tie types that include all of the filter's. False before this version's graph is loaded.
   */
  graphCovers(): boolean {
    const held = this.graphHeld;
    if (held?.key !== `${this.ws}\u0000${this.version}`) return false;
    const want = this.state.tieTypes ?? [];
    return held.tieTypes === null || (want.length > 0 && want.every((t) => held.tieTypes!.includes(t)));
  }

  /**
   * The graph of the current version. A map opened with a tie-type filter (a shared `tieTypes=` link)
   * asks the server for those ties only (`edgeTypes=`), so a big version loads what is shown; a filter
   * that later wants ties it does not hold loads the whole graph once, and filters stay in the browser.
   */
  async loadGraph(): Promise<GraphPayload> {
    const ws = this.ws!;
    const key = `${ws}\u0000${this.version}`;
    const path = paths.graph(ws, this.version!);
    const want = this.state.tieTypes ?? [];
    let limit: string[] | null;
    if (this.graphHeld?.key === key) limit = this.graphCovers() ? this.graphHeld.tieTypes : null;
    // The query is a comma list: a name with a comma in it cannot be asked for.
    else limit = want.length && !want.some((t) => t.includes(',')) ? [...want].sort() : null;
    let payload: GraphPayload;
    try {
      payload = await this.get<GraphPayload>(limit ? withQuery(path, { edgeTypes: limit.join(',') }) : path);
    } catch (e) {
      // A link naming a tie type this version does not have (400) still opens the map: whole, showing none of it.
      if (!(limit && e instanceof ApiError && e.status === 400)) throw e;
      limit = null;
      payload = await this.get<GraphPayload>(path);
    }
    if (this.graphPayload !== payload) {
      this.graphPayload = payload;
      this.graphHeld = { key, tieTypes: limit };
      this.data = buildMapData(payload.nodes.map(displayNode), payload.edges.map(displayEdge));
    }
    return payload;
  }

  /** Paths for the current workspace + version. */
  p = {
    analysis: (part = '', q: Record<string, string | number | boolean | undefined> = {}) => withQuery(paths.analysis(this.ws!, this.version!, part), q),
    node: (id: string) => paths.node(this.ws!, this.version!, id),
  };

  killMap(): void {
    this.map?.kill();
    this.map = null;
  }

  toast(msg: string): void {
    const t = document.getElementById('toast')!;
    t.textContent = msg;
    t.classList.add('show');
    setTimeout(() => t.classList.remove('show'), 2200);
  }

  nodeLabel(id: string): string {
    const v = this.data?.index.get(id);
    const nd = v === undefined ? undefined : this.data!.nodes[v];
    return nd?.label || id;
  }
}

export const link = (app: App, patch: Partial<ViewState>, text: string) => h('a', { text, attrs: { href: encodeState({ ...app.state, ...patch }) } });
