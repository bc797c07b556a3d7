/**
 * The map's export menu: figures (PNG at print resolution, SVG with labels and legend, both
 * titled) and the data on screen (each graph format of the export registry, CSV of the visible nodes and their ties, cut by
 * the server with the project's serializers).
 */
import { EXPORT_FORMAT_INFO, EXPORT_FORMATS, type ExportFormat } from '../../../src/model/vocabulary.ts';
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

type DataFormat = { format: ExportFormat; part?: 'nodes' | 'edges'; label: string; ext: string; title: string };

/** The graph formats of the export registry (JSON is hubgraph's own: not on the map), then the two CSV tables. */
const DATA_FORMATS: DataFormat[] = [
  ...EXPORT_FORMATS.filter((f) => f !== 'csv' && f !== 'json').map((format) => {
    const i = EXPORT_FORMAT_INFO[format];
    return { format, label: i.label, ext: i.ext, title: `What the map shows, for ${i.for}` };
  }),
  { format: 'csv', part: 'nodes', label: 'Nodes CSV', ext: 'csv', title: 'The visible nodes as CSV' },
  { format: 'csv', part: 'edges', label: 'Ties CSV', ext: 'csv', title: 'The ties between visible nodes as CSV' },
];

/** Downloads the visible part of the network in a data format. */
async function exportView(app: App, map: MapView, f: DataFormat): Promise<void> {
  const nodes = map.visibleIds();
  const res = await fetch(`${paths.version(app.ws!, app.version!)}/export/view`, {
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
}

export function exportMenu(app: App, map: MapView, fig: FigureState): HTMLElement {
  const run = (what: string, fn: () => Promise<void> | void) => async () => {
    try {
      await fn();
    } catch (e) {
      app.toast(`${what} failed: ${(e as Error).message}`);
    }
  };
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
    ...DATA_FORMATS.map((f) =>
      h('button', {
        text: f.label,
        title: f.title,
        attrs: { type: 'button', 'data-export': f.part ? `${f.format}-${f.part}` : f.format },
        on: { click: run(f.label, () => exportView(app, map, f)) },
      }),
    ),
  ];
  const details = h('details', { class: 'export-menu' }, h('summary', { text: 'Export' }), h('div', { class: 'menu' }, items));
  return details;
}
