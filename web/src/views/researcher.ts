import { ApiError, api, describeProblem, paths } from '../api/client.ts';
import type { CommunitiesResult, MetricsTable } from '../api/types.ts';
import type { App } from '../app.ts';
import { barChart, histogram } from '../ui/charts.ts';
import { toCsv } from '../ui/csv.ts';
import { download, empty, errorBox, fmt, h, loading, replace } from '../ui/dom.ts';
import { type Column, virtualTable } from '../ui/table.ts';
import { maturityChangePanel } from './maturity-change.ts';
import { mountPrunedVersion, type PrunedParts, prunedSummary } from './pruned-version.ts';
import { mountSignificancePanel } from './research-significance.ts';
import { cellValue, mountBrokeragePanel, mountCorePeripheryPanel } from './research-structure.ts';
import { mountUploadMapping } from './upload-mapping.ts';

const DIST_METRICS = ['degree', 'betweenness', 'closeness', 'pagerank', 'eigenvector', 'clustering'];

/**
 * The researcher's view: no map (its WebGL context is released), but every number: node metrics,
 * communities, distributions, graph-level figures, and dataset upload with row-level errors.
 */
export function mountResearcher(app: App, root: HTMLElement): () => void {
  const uploadHost = h('section', { attrs: { 'aria-labelledby': 'upload-h' } });
  const figuresHost = h('section', { attrs: { 'aria-labelledby': 'figures-h' } });
  const tableHost = h('section', { attrs: { 'aria-labelledby': 'metrics-h' } });
  const distHost = h('section', { attrs: { 'aria-labelledby': 'dist-h' } });
  const commHost = h('section', { attrs: { 'aria-labelledby': 'comm-h' } });
  const sigHost = h('section', { attrs: { 'aria-labelledby': 'sig-h' } });
  const brokerageHost = h('section', { attrs: { 'aria-labelledby': 'brokerage-h' } });
  const cpHost = h('section', { attrs: { 'aria-labelledby': 'coreperiphery-h' } });
  replace(
    root,
    h(
      'div',
      { class: 'page' },
      uploadHost,
      figuresHost,
      sigHost,
      tableHost,
      h('div', { class: 'two' }, brokerageHost, cpHost),
      h('div', { class: 'two' }, distHost, commHost),
    ),
  );
  renderUpload(app, uploadHost);
  if (!app.ws || !app.version) {
    replace(figuresHost, empty('No dataset yet: upload one above.'));
    return () => {};
  }
  if (prunedSummary(app)) {
    // Upload and the workspace's maturity change still work; every figure of the version needs its nodes.
    const prunedHost = h('section', { attrs: { 'aria-label': 'What was kept of this version' } });
    replace(root, h('div', { class: 'page' }, uploadHost, prunedHost, maturityChangePanel(app)));
    mountPrunedVersion(prunedHost, app, RESEARCHER_PRUNED);
    return () => {};
  }
  void renderFigures(app, figuresHost);
  mountSignificancePanel(app, sigHost, figuresHost);
  void renderMetrics(app, tableHost, distHost);
  mountBrokeragePanel(app, brokerageHost, () => void renderMetrics(app, tableHost, distHost));
  mountCorePeripheryPanel(app, cpHost);
  void renderCommunities(app, commHost);
  root.firstElementChild?.append(maturityChangePanel(app));
  return () => {};
}

/** The file endings the upload offers and sends (a folder's other files are left out). */
const UPLOAD_EXTENSIONS = ['csv', 'tsv', 'txt', 'json', 'gexf', 'graphml', 'xml', 'gml', 'net', 'paj', 'gdf', 'dl'];

const RESEARCHER_PRUNED: PrunedParts = {
  view: 'Researcher',
  gone: 'Node metrics, distributions, communities, significance tests, brokerage and core–periphery need the nodes and ties, which retention removed. Uploading a dataset (above) and the maturity change of the workspace’s schools (below) still work.',
  off: [
    { label: 'Download CSV', why: 'the node metrics need nodes, and none are left' },
    { label: 'Test against the null model', why: 'the null models rewire the ties, which are gone' },
  ],
};

function renderUpload(app: App, host: HTMLElement): void {
  const files = h('input', {
    attrs: {
      type: 'file',
      multiple: true,
      accept: UPLOAD_EXTENSIONS.map((e) => `.${e}`).join(','),
      'aria-label': 'Dataset files',
      'data-testid': 'upload-files',
    },
  });
  const folder = h('input', { attrs: { type: 'file', webkitdirectory: true, 'aria-label': 'Dataset folder' } });
  const wsName = h('input', { attrs: { type: 'text', placeholder: `(current: ${app.ws ?? 'none'})`, 'aria-label': 'Workspace name for the upload' } });
  const label = h('input', { attrs: { type: 'text', placeholder: 'e.g. spring term 2025', 'aria-label': 'Version label' } });
  const result = h('div', { attrs: { 'data-testid': 'upload-result', 'aria-live': 'polite' } });
  const send = h('button', { class: 'primary', text: 'Upload', attrs: { type: 'button', 'data-testid': 'upload-send' } });
  const picked = () => [...(files.files ?? []), ...(folder.files ?? [])].filter((f) => UPLOAD_EXTENSIONS.includes(f.name.split('.').pop()!.toLowerCase()));
  const mappingHost = h('div', { class: 'upload-mapping' });
  const mapping = mountUploadMapping(mappingHost, picked);
  send.addEventListener('click', async () => {
    const chosen = picked();
    if (!chosen.length) {
      replace(result, errorBox(new Error('Choose nodes.csv and edges.csv, an edge list, or a .json / .gexf / .graphml / .gml / .net / .gdf / .dl file.')));
      return;
    }
    const target = wsName.value.trim() || app.ws;
    if (!target) {
      replace(result, errorBox(new Error('Name a workspace for this dataset.')));
      return;
    }
    send.disabled = true;
    replace(result, loading(`${chosen.length} file(s)`));
    try {
      // One request: a new workspace is created with its first version, so a refused upload leaves nothing behind.
      const fd = new FormData();
      for (const f of chosen) fd.append('files', f, f.name);
      if (!app.workspaces.some((w) => w.name === target)) fd.append('create', 'true');
      if (label.value.trim()) fd.append('message', label.value.trim());
      const reading = mapping.reading();
      if (reading.columns) fd.append('columns', reading.columns);
      if (reading.decimalComma) fd.append('decimalComma', 'true');
      if (!reading.inferTypes) fd.append('inferTypes', 'false');
      if (reading.typeMap) fd.append('typeMap', reading.typeMap);
      if (reading.twoModeKinds) fd.append('twoModeKinds', reading.twoModeKinds);
      const res = await api<{
        version: { number: number; counts?: { nodes: number; edges: number } };
        report?: { warnings?: unknown[]; typeSummary?: string | null; columnSummary?: string[] };
      }>(paths.versions(target), { method: 'POST', body: fd });
      const warnings = res.report?.warnings ?? [];
      replace(
        result,
        h(
          'div',
          { class: 'state', attrs: { role: 'status' } },
          `Imported as version ${res.version.number} (${fmt(res.version.counts?.nodes)} nodes, ${fmt(res.version.counts?.edges)} ties).`,
          res.report?.typeSummary ? h('p', { text: res.report.typeSummary, attrs: { 'data-testid': 'upload-type-summary' } }) : null,
          (res.report?.columnSummary ?? []).map((line) => h('p', { text: line, attrs: { 'data-testid': 'upload-column-summary' } })),
          warnings.length
            ? h(
                'ul',
                null,
                warnings.slice(0, 50).map((w) => h('li', { text: typeof w === 'string' ? w : JSON.stringify(w) })),
              )
            : null,
        ),
      );
      // The view reloads into the new workspace below and this result goes with it: the toast outlives it.
      app.toast(`Imported as version ${res.version.number} of ${target}.`);
      app.update({ workspace: target, version: undefined });
      app.forget();
      await app.reload({ newest: true });
    } catch (e) {
      // Import problems come back one per row / field: show each where it is.
      if (e instanceof ApiError && e.problems.length) {
        replace(
          result,
          h(
            'div',
            { class: 'state error', attrs: { role: 'alert' } },
            h('strong', { text: `The dataset was not imported: ${e.message}` }),
            h(
              'ul',
              { class: 'upload-errors' },
              e.problems.slice(0, 200).map((p) => h('li', { text: describeProblem(p) })),
            ),
            e.problems.length > 200 ? h('p', { text: `… and ${e.problems.length - 200} more` }) : null,
          ),
        );
      } else replace(result, errorBox(e));
    } finally {
      send.disabled = false;
    }
  });
  replace(
    host,
    h('h2', { text: 'Upload a dataset', attrs: { id: 'upload-h' } }),
    h('p', {
      class: 'meta',
      text: 'A CSV folder (nodes.csv + edges.csv — Gephi, Kumu and spreadsheet headers are understood), a bare edge list, graphology or Gephi Lite JSON, GEXF, GraphML, GML, Pajek .net or GDF, or UCINET .dl. Nothing is stored unless every row is valid.',
    }),
    h('div', { class: 'row' }, h('label', null, 'Files ', files), h('label', null, 'or a folder ', folder)),
    mappingHost,
    h('div', { class: 'row' }, h('label', null, 'Workspace ', wsName), h('label', null, 'Label ', label), send),
    result,
  );
}

/** Plain names for the analysis' graph-level keys; unknown keys are split at their capitals. */
const FIGURE_LABELS: Record<string, string> = {
  edges: 'ties',
  largestComponent: 'nodes in the largest component',
  pagerankConverged: 'PageRank converged',
  eigenvectorConverged: 'eigenvector centrality converged',
  transitivity: 'transitivity (global clustering)',
  modularity: 'modularity of the communities',
  communitiesSplit: 'communities split as disconnected',
  diameterExact: 'diameter is exact',
  averagePathLengthOverReachablePairs: 'path length averaged over reachable pairs',
};

function figureLabel(key: string): string {
  return FIGURE_LABELS[key] ?? key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

async function renderFigures(app: App, host: HTMLElement): Promise<void> {
  replace(host, h('h2', { text: 'Graph-level figures', attrs: { id: 'figures-h' } }), loading('the analysis'));
  try {
    const doc = await app.get<{ graph?: Record<string, unknown> }>(app.p.analysis());
    const g = doc.graph ?? {};
    const entries = Object.entries(g).filter(([, v]) => typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' || v === null);
    replace(
      host,
      h('h2', { text: 'Graph-level figures', attrs: { id: 'figures-h' } }),
      entries.length
        ? h(
            'div',
            { class: 'cards', attrs: { 'data-testid': 'graph-figures' } },
            entries.map(([k, v]) =>
              h(
                'div',
                { class: 'card', attrs: { 'data-key': k } },
                h('div', { class: 'big', text: typeof v === 'boolean' ? (v ? 'yes' : 'no') : fmt(v, 4) }),
                h('div', { class: 'label', text: figureLabel(k) }),
              ),
            ),
          )
        : empty('The analysis has no graph-level figures.'),
    );
  } catch (e) {
    replace(
      host,
      h('h2', { text: 'Graph-level figures', attrs: { id: 'figures-h' } }),
      errorBox(e, () => void renderFigures(app, host)),
    );
  }
}

type Row = Record<string, unknown>;

async function renderMetrics(app: App, host: HTMLElement, distHost: HTMLElement): Promise<void> {
  const title = h('h2', { text: 'Node metrics', attrs: { id: 'metrics-h' } });
  replace(host, title, loading('node metrics'));
  replace(distHost, h('h2', { text: 'Distributions', attrs: { id: 'dist-h' } }), loading('distributions'));
  try {
    const res = await app.get<MetricsTable>(app.p.analysis('metrics', { limit: 100000, group: app.state.group }));
    const rows: Row[] = res.rows;
    const columns: Column<Row>[] = res.columns.map((c) => ({
      key: c,
      value: (r: Row) => cellValue(r, c),
      numeric: rows.some((r) => typeof cellValue(r, c) === 'number'),
    }));
    const filter = h('input', { attrs: { type: 'search', placeholder: 'Filter by name, id or type…', 'aria-label': 'Filter metrics rows' } });
    const table = virtualTable(columns, rows, {
      height: 360,
      testid: 'metrics-table',
      onRowClick: (r) => app.update({ view: 'map', selected: String(r.id) }, { push: true }),
    });
    filter.addEventListener('input', () => {
      const q = filter.value.trim().toLowerCase();
      table.setRows(q ? rows.filter((r) => `${r.id}\u0000${r.label ?? ''}\u0000${r.type}`.toLowerCase().includes(q)) : rows);
    });
    const csv = h('button', {
      text: 'Download CSV',
      attrs: { type: 'button' },
      on: {
        click: () =>
          download(
            `${app.ws}-v${app.version}-metrics.csv`,
            toCsv(
              res.columns,
              table.sorted().map((r) => res.columns.map((c) => cellValue(r, c))),
            ),
          ),
      },
    });
    replace(
      host,
      title,
      h('div', { class: 'row' }, filter, csv, h('span', { class: 'meta', text: `${res.total.toLocaleString('en')} nodes · click a row to see it on the map` })),
      table.el,
    );

    const charts = DIST_METRICS.filter((m) => res.columns.includes(m)).map((m) => {
      const values = rows.map((r) => r[m]).filter((v): v is number => typeof v === 'number');
      return h(
        'figure',
        null,
        histogram(values, { title: `${m} distribution`, xLabel: m, logCounts: m === 'degree' || m === 'betweenness' }),
        h('figcaption', { class: 'meta', text: `${m} (n=${values.length})` }),
      );
    });
    replace(
      distHost,
      h('h2', { text: 'Distributions', attrs: { id: 'dist-h' } }),
      charts.length ? h('div', { class: 'charts' }, charts) : empty('No centrality columns in the analysis.'),
    );
  } catch (e) {
    replace(
      host,
      title,
      errorBox(e, () => void renderMetrics(app, host, distHost)),
    );
    replace(distHost, h('h2', { text: 'Distributions', attrs: { id: 'dist-h' } }), errorBox(e));
  }
}

async function renderCommunities(app: App, host: HTMLElement): Promise<void> {
  const title = h('h2', { text: 'Communities', attrs: { id: 'comm-h' } });
  replace(host, title, loading('communities'));
  try {
    const res = await app.get<CommunitiesResult>(app.p.analysis('communities'));
    // The method the analysis used (Leiden by default), from the memoised analysis document.
    const method = (await app.get<{ graph?: { communityMethod?: string } }>(app.p.analysis())).graph?.communityMethod;
    const top = [...res.communities].sort((a, b) => b.size - a.size);
    replace(
      host,
      title,
      h('p', {
        class: 'meta',
        text: `${method === 'louvain' ? 'Louvain' : method === 'leiden' ? 'Leiden' : 'Communities'} · modularity ${fmt(res.modularity, 4)} · ${res.communities.length} communities`,
      }),
      barChart(
        top.slice(0, 12).map((c) => ({ label: `#${c.community}`, value: c.size })),
        { title: 'Community sizes' },
      ),
      h(
        'div',
        { attrs: { 'data-testid': 'community-profiles' } },
        top.slice(0, 30).map((c) =>
          h(
            'details',
            null,
            h('summary', { text: `Community ${c.community} — ${c.size} members` }),
            profile(c),
            h('button', {
              class: 'linklike',
              text: 'Colour the map by community',
              attrs: { type: 'button' },
              on: { click: () => app.update({ view: 'map', colorBy: 'community' }, { push: true }) },
            }),
          ),
        ),
      ),
    );
  } catch (e) {
    replace(
      host,
      title,
      errorBox(e, () => void renderCommunities(app, host)),
    );
  }
}

/** Profile fields in words: counts as "value: n", member lists by label, numbers formatted. */
function profile(p: Record<string, unknown>): HTMLElement {
  const item = (x: unknown): string => {
    if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      if ('value' in o && 'count' in o) return `${o.value === '' ? '(none)' : String(o.value)}: ${fmt(o.count)}`;
      if ('id' in o) return String(o.label ?? o.id);
      return JSON.stringify(o);
    }
    return fmt(x);
  };
  return h(
    'dl',
    { class: 'kv' },
    Object.entries(p ?? {})
      .filter(([k]) => k !== 'members' && k !== 'community')
      .flatMap(([k, v]) => [
        h('dt', { text: k }),
        h('dd', { text: Array.isArray(v) ? v.slice(0, 6).map(item).join(', ') : v && typeof v === 'object' ? item(v) : fmt(v) }),
      ]),
  );
}
