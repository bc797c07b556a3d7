/**
 * The map's export menu: figures (PNG at print resolution, SVG with labels and legend, both
 * titled) and the data on screen (each graph format of the export registry, CSV of the visible nodes and their ties, cut by
 * the server with the project's serializers). A two-mode view (organisations × projects) offers Pajek
 * both ways, as its readers need: two-mode for Pajek and igraph, one-mode for NetworkX.
 */
import { tieTypeKey } from '../../../src/model/tie-types.ts';
import { twoModeSplitOf, type TwoModeSplit } from '../../../src/model/two-mode.ts';
import { EXPORT_FORMAT_INFO, EXPORT_FORMATS, PAJEK_MODES_HEADER, type ExportFormat, type PajekModes } from '../../../src/model/vocabulary.ts';
import type { App } from '../app.ts';
import { paths } from '../api/client.ts';
import { sceneSvg, svgToPng, type LegendBlock } from '../map/figure.ts';
import type { MapView } from '../map/map-view.ts';
import { TYPE_BORDER } from '../map/palette.ts';
import { download, h } from '../ui/dom.ts';
import { metricTerm } from '../ui/vocabulary.ts';

export interface FigureState {
  /** The fill legend as currently drawn. */
  legend: { label: string; color: string; count: number }[];
}

/** Title and subtitle of a figure: workspace, version, filters and what fill and size mean. */
export function figureTitle(app: App): { title: string; subtitle: string } {
  const s = app.state;
  const where = [s.region, s.hub ? app.nodeLabel(s.hub) : null, s.types.length ? s.types.join(', ') : null, s.ego ? `around ${app.nodeLabel(s.ego)}` : null]
    .filter(Boolean)
    .join(' · ');
  const title = `${app.ws ?? 'network'}${where ? ` — ${where}` : ''}`;
  const subtitle = [
    `version ${app.version}`,
    s.date ? `as of ${s.date}` : null,
    `colour: ${metricTerm(s.colorBy).label}`,
    `size: ${metricTerm(s.sizeBy).label}${s.sizeMode === 'rank' ? ' (rank)' : ''}`,
  ]
    .filter(Boolean)
    .join(' · ');
  return { title, subtitle };
}

export function figureSvg(app: App, map: MapView, fig: FigureState): string {
  const legend: LegendBlock[] = [
    { title: metricTerm(app.state.colorBy).label, entries: fig.legend },
    { title: 'Border: kind of organisation', entries: Object.entries(TYPE_BORDER).map(([label, color]) => ({ label, color, ring: true })) },
  ];
  return sceneSvg(map.scene(), { ...figureTitle(app), legend });
}

type DataFormat = { format: ExportFormat; part?: 'nodes' | 'edges'; pajekModes?: PajekModes; label: string; ext: string; title: string };

/** The graph formats of the export registry (JSON is hubgraph's own: not on the map), then the two CSV tables. */
const DATA_FORMATS: DataFormat[] = [
  ...EXPORT_FORMATS.filter((f) => f !== 'csv' && f !== 'json').map((format) => {
    const i = EXPORT_FORMAT_INFO[format];
    return { format, label: i.label, ext: i.ext, title: `What the map shows, for ${i.for}` };
  }),
  { format: 'csv', part: 'nodes', label: 'Nodes CSV', ext: 'csv', title: 'The visible nodes as CSV' },
  { format: 'csv', part: 'edges', label: 'Ties CSV', ext: 'csv', title: 'The ties between visible nodes as CSV' },
];

/**
 * Whether what an export of the view writes is two-mode: the server's cut (the visible nodes, their ties
 * active on the map's date and of its tie types; routes/view-export.ts) under the writer's rule.
 */
function viewTwoMode(app: App, map: MapView): TwoModeSplit | null {
  const g = app.graphPayload;
  if (!g) return null;
  const ids = new Set(map.visibleIds());
  const day = app.state.date?.slice(0, 10);
  const types = app.state.tieTypes?.length ? new Set(app.state.tieTypes) : null;
  const nodes = g.nodes.filter((n) => ids.has(n.id));
  const edges = g.edges.filter(
    (e) =>
      ids.has(e.source) &&
      ids.has(e.target) &&
      (!day || (!(e.start && e.start.slice(0, 10) > day) && !(e.end && e.end.slice(0, 10) < day))) &&
      (!types || types.has(tieTypeKey(e))),
  );
  return twoModeSplitOf(nodes, edges);
}

const sideWords = (n: number, kind: string | undefined) => `${n}${kind === undefined ? '' : ` “${kind}”`} node${n === 1 ? '' : 's'}`;

/** The two Pajek files of a two-mode view, in plain words: who reads which. */
const PAJEK_CHOICES: { modes: PajekModes; label: string; gets: (n: number, rows: number) => string }[] = [
  {
    modes: 'two',
    label: 'two-mode (Pajek, igraph)',
    gets: (n, rows) => `*Vertices ${n} ${rows}: Pajek and igraph read the two modes (igraph as the vertex attribute “type”); NetworkX refuses the file`,
  },
  {
    modes: 'one',
    label: 'one-mode (NetworkX)',
    gets: (n) => `*Vertices ${n}: NetworkX, igraph and Pajek read one set of nodes, without the modes (GraphML or GEXF keep the node types)`,
  },
];

/** Downloads the visible part of the network in a data format. */
async function exportView(app: App, map: MapView, f: DataFormat): Promise<void> {
  const nodes = map.visibleIds();
  const query = f.pajekModes ? `?pajekModes=${f.pajekModes}` : '';
  const res = await fetch(`${paths.version(app.ws!, app.version!)}/export/view${query}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/octet-stream, application/problem+json' },
    body: JSON.stringify({
      format: f.format,
      ...(f.part ? { part: f.part } : {}),
      nodes,
      ...(app.state.date ? { at: app.state.date } : {}),
      ...(app.state.tieTypes?.length ? { edgeTypes: app.state.tieTypes } : {}),
    }),
  });
  if (!res.ok) {
    const p = (await res.json().catch(() => ({}))) as { title?: string; detail?: string };
    throw new Error([p.title, p.detail].filter(Boolean).join(' — ') || `HTTP ${res.status}`);
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? `${app.ws}-view.${f.ext}`;
  download(name, await res.blob(), res.headers.get('Content-Type') ?? 'application/octet-stream');
  // The server decides on its cut: say so when that differs from what the menu offered.
  const written = res.headers.get(PAJEK_MODES_HEADER);
  if (f.format === 'pajek' && written === 'two' && f.pajekModes !== 'two')
    app.toast(
      'Pajek: written two-mode (*Vertices n n1), which Pajek and igraph read and NetworkX refuses; the menu’s one-mode choice writes one NetworkX reads.',
    );
  else if (f.pajekModes === 'two' && written === 'one') app.toast('Pajek: this view is not two-mode, so it was written one-mode (*Vertices n).');
}

/**
 * The menu's Pajek entry: one button, or for a two-mode view the two files with what each reader
 * gets. Which one shows is decided each time the menu opens (`refresh`), on the view as it then is.
 */
function pajekEntry(app: App, map: MapView, f: DataFormat, run: (what: string, fn: () => Promise<void>) => () => Promise<void>) {
  const plain = h('button', {
    text: f.label,
    title: f.title,
    attrs: { type: 'button', 'data-export': 'pajek' },
    on: { click: run(f.label, () => exportView(app, map, f)) },
  });
  const intro = h('p', { class: 'pajek-note', attrs: { 'data-testid': 'pajek-modes-intro' } });
  const gets = PAJEK_CHOICES.map(() => h('small', { class: 'pajek-note' }));
  const box = h(
    'div',
    { class: 'pajek-modes', attrs: { role: 'group', 'aria-label': 'Pajek: two-mode or one-mode', 'data-testid': 'pajek-modes' } },
    intro,
    PAJEK_CHOICES.flatMap((c, i) => [
      h('button', {
        text: c.label,
        attrs: { type: 'button', 'data-export': `pajek-${c.modes}` },
        on: { click: run(`Pajek ${c.label}`, () => exportView(app, map, { ...f, pajekModes: c.modes })) },
      }),
      gets[i],
    ]),
  );
  box.hidden = true;
  const refresh = () => {
    const split = viewTwoMode(app, map);
    plain.hidden = !!split;
    box.hidden = !split;
    if (!split) return;
    const n = split.rows.length + split.columns.length;
    intro.textContent = `Pajek: this view is two-mode, ${sideWords(split.rows.length, split.kinds.rows)} × ${sideWords(split.columns.length, split.kinds.columns)} with every tie between them. Write it`;
    PAJEK_CHOICES.forEach((c, i) => (gets[i].textContent = c.gets(n, split.rows.length)));
  };
  return { els: [plain, box], refresh };
}

export function exportMenu(app: App, map: MapView, fig: FigureState): HTMLElement {
  const run = (what: string, fn: () => Promise<void> | void) => async () => {
    try {
      await fn();
    } catch (e) {
      app.toast(`${what} failed: ${(e as Error).message}`);
    }
  };
  let pajek: ReturnType<typeof pajekEntry> | undefined;
  const items = [
    h('button', {
      text: 'PNG figure',
      title: 'The view with title and legend, at print resolution (3×)',
      attrs: { type: 'button', 'data-export': 'png' },
      on: { click: run('PNG', async () => download(`${app.ws}-map.png`, await svgToPng(figureSvg(app, map, fig), 3), 'image/png')) },
    }),
    h('button', {
      text: 'SVG figure',
      title: 'The view as vector graphics with labels and legend',
      attrs: { type: 'button', 'data-export': 'svg' },
      on: { click: run('SVG', () => download(`${app.ws}-map.svg`, figureSvg(app, map, fig), 'image/svg+xml')) },
    }),
    ...DATA_FORMATS.flatMap((f) => {
      if (f.format === 'pajek') {
        pajek = pajekEntry(app, map, f, run);
        return pajek.els;
      }
      return [
        h('button', {
          text: f.label,
          title: f.title,
          attrs: { type: 'button', 'data-export': f.part ? `${f.format}-${f.part}` : f.format },
          on: { click: run(f.label, () => exportView(app, map, f)) },
        }),
      ];
    }),
  ];
  const details = h('details', { class: 'export-menu' }, h('summary', { text: 'Export' }), h('div', { class: 'menu' }, items));
  details.addEventListener('toggle', () => {
    if (details.open) pajek?.refresh();
  });
  return details;
}
