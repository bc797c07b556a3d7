import type { App } from '../app.ts';
import { computeVisibility } from '../map/filters.ts';
import { dayOf, isoOfDay, nodeAttr } from '../map/map-data.ts';
import { MapView } from '../map/map-view.ts';
import { colorBy, sizeBy, TYPE_BORDER } from '../map/palette.ts';
import type { ViewState } from '../state/view-state.ts';
import { download, empty, errorBox, h, loading, replace } from '../ui/dom.ts';
import { renderNodePanel } from './node-panel.ts';

const BASE_COLOR_KEYS = ['community', 'type', 'region', 'hub', 'country'];
const BASE_SIZE_KEYS = ['degree', 'isolation'];
const FILTER_KEYS: (keyof ViewState)[] = ['types', 'region', 'hub', 'date', 'minDegree', 'kcore', 'ego', 'egoDepth'];

export interface MapPage {
  /** Slot for the workbench (coordinator / matching); null on the plain map view. */
  side: HTMLElement | null;
  destroy(): void;
}

/**
 * The map with its controls. Used by the map view and, with a workbench in the side column, by
 * the coordinator and matching views.
 */
export function mountMapPage(app: App, root: HTMLElement, withSide: boolean): MapPage {
  const controls = h('aside', { class: 'controls', attrs: { 'aria-label': 'Map controls' } });
  const mapArea = h('div', { class: 'map-area', attrs: { role: 'region', 'aria-label': 'Ecosystem map' } });
  const side = withSide ? h('aside', { class: 'side', attrs: { 'aria-label': 'Workbench' } }) : null;
  replace(root, h('div', { class: withSide ? 'layout' : 'layout no-side' }, controls, mapArea, side));
  replace(mapArea, loading('the network'));
  let disposed = false;
  let unsubscribe = () => {};
  let playTimer: number | undefined;

  const start = async () => {
    try {
      await app.loadGraph();
    } catch (e) {
      replace(mapArea, errorBox(e, () => void start()));
      return;
    }
    if (disposed) return;
    const data = app.data!;
    if (data.n === 0) {
      replace(mapArea, empty('This version has no nodes. Upload a dataset in the Researcher view.'));
      return;
    }
    const t0 = performance.now();
    const container = h('div', { class: 'sigma-container', attrs: { 'data-testid': 'sigma' } });
    const status = h('div', { class: 'map-status', attrs: { 'data-testid': 'map-status', 'aria-live': 'polite' } });
    const panel = h('section', { class: 'node-panel', attrs: { 'data-testid': 'node-panel', 'aria-label': 'Node details' } });
    panel.hidden = true;
    const tools = h('div', { class: 'map-tools' });
    replace(mapArea, container, tools, status, panel);
    app.killMap();
    // Computed before the map so its first frame is drawn once, with the final look.
    const initial = { colors: colorBy(data, app.state.colorBy), sizes: sizeBy(data, app.state.sizeBy), visibility: computeVisibility(data, { ...app.state }) };
    const map = new MapView(container, data, {
      colors: initial.colors.colors,
      sizes: initial.sizes,
      visibility: initial.visibility,
      onSelect: (id) => app.update({ selected: id ?? undefined }),
      onFirstRender: () => {
        mapArea.dataset.firstRenderMs = String(Math.round(performance.now() - t0));
        mapArea.dataset.rendered = 'true';
      },
    });
    app.map = map;

    const applyFilters = (vis = computeVisibility(data, { ...app.state })) => {
      map.setVisibility(vis);
      status.textContent = `${vis.nodeCount.toLocaleString('en')} of ${data.n.toLocaleString('en')} nodes · ${vis.edgeCount.toLocaleString('en')} of ${data.src.length.toLocaleString('en')} ties`;
      status.dataset.nodes = String(vis.nodeCount);
      status.dataset.total = String(data.n);
    };
    const applyColors = (c = colorBy(data, app.state.colorBy)) => {
      map.setColors(c.colors);
      renderLegend(legendHost, app.state.colorBy, c.legend);
    };
    const applySizes = (sizes = sizeBy(data, app.state.sizeBy)) => map.setSizes(sizes);
    const applySelection = () => {
      map.select(app.state.selected ?? null);
      if (app.state.selected && data.index.has(app.state.selected)) renderNodePanel(app, panel, app.state.selected);
      else panel.hidden = true;
    };

    // ---- controls ----
    const legendHost = h('div');
    const searchBox = searchControl(app, data);
    const colorKeys = [...BASE_COLOR_KEYS, ...extraKeys(data, 'categorical')];
    const sizeKeys = [...BASE_SIZE_KEYS, ...extraKeys(data, 'numeric'), 'uniform'];
    const colorSel = select('Colour by', colorKeys, app.state.colorBy, (v) => app.update({ colorBy: v }), 'color-by');
    const sizeSel = select('Size by', sizeKeys, app.state.sizeBy, (v) => app.update({ sizeBy: v }), 'size-by');
    const filters = filterControls(app, data);
    replace(controls,
      searchBox,
      h('fieldset', null, h('legend', { text: 'Appearance' }), colorSel, sizeSel),
      filters.el,
      h('fieldset', null, h('legend', { text: 'Legend' }), legendHost, typeLegend()),
    );

    const refine = h('button', { text: 'Refine layout', attrs: { type: 'button', 'aria-pressed': 'false' }, title: 'Run ForceAtlas2 in a background worker' });
    refine.addEventListener('click', () => {
      const on = !map.refining;
      map.toggleRefine(on);
      refine.setAttribute('aria-pressed', String(on));
      refine.textContent = on ? 'Stop layout' : 'Refine layout';
    });
    replace(tools,
      h('button', { text: '+', title: 'Zoom in', attrs: { type: 'button', 'aria-label': 'Zoom in' }, on: { click: () => map.zoom(1.5) } }),
      h('button', { text: '−', title: 'Zoom out', attrs: { type: 'button', 'aria-label': 'Zoom out' }, on: { click: () => map.zoom(1 / 1.5) } }),
      h('button', { text: 'Reset view', attrs: { type: 'button' }, on: { click: () => void map.resetCamera() } }),
      refine,
      h('button', { text: 'PNG', title: 'Export the current view as PNG', attrs: { type: 'button' }, on: { click: async () => download(`${app.ws}-map.png`, await map.toPng(), 'image/png') } }),
      h('button', { text: 'SVG', title: 'Export the current view as SVG', attrs: { type: 'button' }, on: { click: () => download(`${app.ws}-map.svg`, map.toSvg(), 'image/svg+xml') } }),
    );

    applyColors(initial.colors);
    void fillCommunities(app, data).then((filled) => { if (filled && !disposed && app.state.colorBy === 'community') applyColors(); });
    applySizes(initial.sizes);
    applyFilters(initial.visibility);
    applySelection();
    if (app.state.selected) void map.focus(app.state.selected, 0.5);

    unsubscribe = app.onChange((changed) => {
      if ('colorBy' in changed) applyColors();
      if ('sizeBy' in changed) applySizes();
      if (FILTER_KEYS.some((k) => k in changed)) { applyFilters(); filters.sync(); }
      if ('selected' in changed) applySelection();
    });
    playTimer = undefined;
    filters.onPlay = (playing) => {
      if (!playing) { clearInterval(playTimer); return; }
      const range = data.dateRange!;
      let day = dayOf(app.state.date) || range[0];
      if (!(day < range[1])) day = range[0];
      const step = Math.max(1, Math.round((range[1] - range[0]) / 60));
      playTimer = window.setInterval(() => {
        day = Math.min(range[1], day + step);
        app.update({ date: isoOfDay(day) });
        if (day >= range[1]) { clearInterval(playTimer); filters.onPlay?.(false); filters.setPlaying(false); }
      }, 120);
    };
  };
  void start();

  return {
    side,
    destroy() {
      disposed = true;
      clearInterval(playTimer);
      unsubscribe();
      app.killMap();
    },
  };
}

/**
 * The graph payload carries communities only when an analysis is cached; otherwise ask for them
 * (the analysis runs in the server's workers) and fill them in.
 */
async function fillCommunities(app: App, data: import('../map/map-data.ts').MapData): Promise<boolean> {
  if (data.nodes.some((n) => n.community !== null && n.community !== undefined)) return false;
  try {
    const res = await app.get<import('../api/types.ts').CommunitiesResult>(app.p.analysis('communities'));
    for (const c of res.communities) for (const id of c.members ?? []) {
      const v = data.index.get(id);
      if (v !== undefined) data.nodes[v].community = c.community;
    }
    return true;
  } catch {
    return false; // the legend then shows "(none)"; the researcher view reports the error
  }
}

function select(label: string, options: string[], value: string, onChange: (v: string) => void, testid: string): HTMLElement {
  const sel = h('select', { attrs: { 'data-testid': testid } }, options.map((o) => h('option', { text: o, attrs: { value: o, selected: o === value } })));
  sel.addEventListener('change', () => onChange(sel.value));
  return h('label', { class: 'field' }, label, sel);
}

/** Attributes worth offering: categorical with few values, or numeric. */
function extraKeys(data: import('../map/map-data.ts').MapData, kind: 'categorical' | 'numeric'): string[] {
  const keys = new Set<string>();
  for (const nd of data.nodes.slice(0, 2000)) {
    for (const k of Object.keys(nd.attrs ?? {})) keys.add(k);
    for (const k of Object.keys(nd.metrics ?? {})) keys.add(k);
  }
  const out: string[] = [];
  for (const k of keys) {
    if (BASE_COLOR_KEYS.includes(k) || BASE_SIZE_KEYS.includes(k)) continue;
    const vals = data.nodes.map((nd) => nodeAttr(nd, k)).filter((v) => v !== undefined && v !== null && v !== '');
    if (!vals.length) continue;
    const numeric = vals.every((v) => typeof v === 'number');
    if (kind === 'numeric' && numeric) out.push(k);
    if (kind === 'categorical' && (numeric || new Set(vals.map(String)).size <= 30)) out.push(k);
  }
  return out.sort();
}

function renderLegend(host: HTMLElement, key: string, entries: { label: string; color: string; count: number }[]): void {
  replace(host,
    h('div', { class: 'meta', text: `Fill: ${key}` }),
    h('ul', { class: 'legend-list', attrs: { 'data-testid': 'legend' } }, entries.map((e) =>
      h('li', null, h('span', { class: 'swatch', style: { background: e.color } }), h('span', { text: e.label }), e.count ? h('span', { class: 'count', text: e.count }) : null))),
  );
}

function typeLegend(): HTMLElement {
  return h('div', null,
    h('div', { class: 'meta', text: 'Border: kind of organisation' }),
    h('ul', { class: 'legend-list' }, Object.entries(TYPE_BORDER).map(([t, c]) =>
      h('li', null, h('span', { class: 'swatch ring', style: { 'border-color': c } }), h('span', { text: t })))),
  );
}

function searchControl(app: App, data: import('../map/map-data.ts').MapData): HTMLElement {
  const input = h('input', { attrs: { type: 'search', placeholder: 'Name or id…', 'aria-label': 'Search nodes', 'data-testid': 'search', autocomplete: 'off' } });
  const list = h('ul', { class: 'suggest', attrs: { role: 'listbox' } });
  list.hidden = true;
  const lower = data.nodes.map((nd) => `${nd.label ?? ''}\u0000${nd.id}`.toLowerCase());
  const matches = (q: string) => {
    const out: number[] = [];
    const exact: number[] = [];
    for (let v = 0; v < data.n && out.length < 50; v++) {
      if (!lower[v].includes(q)) continue;
      if ((data.nodes[v].label ?? '').toLowerCase() === q || data.ids[v].toLowerCase() === q) exact.push(v);
      else out.push(v);
    }
    return [...exact, ...out].slice(0, 10);
  };
  const choose = (v: number) => {
    list.hidden = true;
    input.value = data.nodes[v].label || data.ids[v];
    app.update({ selected: data.ids[v] });
    void app.map?.focus(data.ids[v]);
  };
  const show = () => {
    const q = input.value.trim().toLowerCase();
    if (!q) { list.hidden = true; return; }
    const found = matches(q);
    replace(list, found.length
      ? found.map((v) => h('li', { attrs: { role: 'option' } }, h('button', { text: `${data.nodes[v].label || data.ids[v]} · ${data.nodes[v].type}`, attrs: { type: 'button' }, on: { click: () => choose(v) } })))
      : [h('li', { class: 'meta', text: 'No match' })]);
    list.hidden = false;
  };
  input.addEventListener('input', show);
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      const found = matches(input.value.trim().toLowerCase());
      if (found.length) choose(found[0]);
    } else if (e.key === 'ArrowDown') (list.querySelector('button') as HTMLElement | null)?.focus();
    else if (e.key === 'Escape') list.hidden = true;
  });
  return h('div', { class: 'field' }, h('label', { text: 'Search', attrs: { for: 'node-search' } }), Object.assign(input, { id: 'node-search' }), list);
}

function filterControls(app: App, data: import('../map/map-data.ts').MapData) {
  const types = [...new Set(data.nodes.map((n) => n.type))].sort();
  const regions = [...new Set(data.nodes.map((n) => n.region).filter((r): r is string => !!r))].sort();
  const hubIds = [...new Set(data.nodes.map((n) => n.hub).filter((r): r is string => !!r))];
  const typeBoxes = types.map((t) => {
    const cb = h('input', { attrs: { type: 'checkbox', value: t } });
    cb.addEventListener('change', () => app.update({ types: typeBoxes.filter((b) => b.checked).map((b) => b.value) }));
    return cb;
  });
  const regionSel = h('select', { attrs: { 'aria-label': 'Region' } }, h('option', { text: 'All regions', attrs: { value: '' } }), regions.map((r) => h('option', { text: r, attrs: { value: r } })));
  regionSel.addEventListener('change', () => app.update({ region: regionSel.value || undefined }));
  const hubSel = h('select', { attrs: { 'aria-label': 'Hub' } }, h('option', { text: 'All hubs', attrs: { value: '' } }), hubIds.map((id) => h('option', { text: app.nodeLabel(id), attrs: { value: id } })));
  hubSel.addEventListener('change', () => app.update({ hub: hubSel.value || undefined }));
  const minDeg = h('input', { attrs: { type: 'number', min: 0, step: 1, 'aria-label': 'Minimum degree' } });
  minDeg.addEventListener('change', () => app.update({ minDegree: Math.max(0, Number(minDeg.value) || 0) }));
  const kcore = h('input', { attrs: { type: 'number', min: 0, step: 1, 'aria-label': 'k-core' } });
  kcore.addEventListener('change', () => app.update({ kcore: Math.max(0, Number(kcore.value) || 0) }));
  const egoDepth = h('select', { attrs: { 'aria-label': 'Ego radius' } }, [1, 2, 3].map((d) => h('option', { text: `${d} step${d > 1 ? 's' : ''}`, attrs: { value: d } })));
  egoDepth.addEventListener('change', () => app.update({ egoDepth: Number(egoDepth.value) }));
  const egoInfo = h('span', { class: 'meta' });
  const egoClear = h('button', { text: 'Clear ego', attrs: { type: 'button' }, on: { click: () => app.update({ ego: undefined }) } });

  const range = data.dateRange;
  const dateSlider = h('input', { attrs: { type: 'range', min: range?.[0] ?? 0, max: range?.[1] ?? 0, step: 1, 'aria-label': 'Network as of date' } });
  const dateLabel = h('output', { class: 'meta' });
  const dateOn = h('input', { attrs: { type: 'checkbox', 'aria-label': 'Filter by date' } });
  const play = h('button', { text: '▶ Replay growth', attrs: { type: 'button' } });
  let playing = false;
  dateSlider.addEventListener('input', () => app.update({ date: isoOfDay(Number(dateSlider.value)) }));
  dateOn.addEventListener('change', () => app.update({ date: dateOn.checked ? isoOfDay(Number(dateSlider.value)) : undefined }));

  const api = {
    el: h('fieldset', null, h('legend', { text: 'Filters' }),
      h('div', { class: 'field' }, 'Types', h('div', { class: 'checks' }, typeBoxes.map((cb) => h('label', null, cb, ` ${cb.value}`)))),
      regions.length ? h('label', { class: 'field' }, 'Region', regionSel) : null,
      hubIds.length ? h('label', { class: 'field' }, 'Hub', hubSel) : null,
      range ? h('div', { class: 'field' }, h('label', null, dateOn, ' As of date '), dateSlider, dateLabel, play) : h('p', { class: 'meta', text: 'No dated ties: no time slider.' }),
      h('label', { class: 'field' }, 'Minimum degree', minDeg),
      h('label', { class: 'field' }, 'k-core (min core number)', kcore),
      h('div', { class: 'field' }, 'Ego network', egoInfo, h('div', { class: 'row' }, egoDepth, egoClear)),
      h('button', { text: 'Clear all filters', attrs: { type: 'button' }, on: { click: () => app.update({ types: [], region: undefined, hub: undefined, date: undefined, minDegree: 0, kcore: 0, ego: undefined }) } }),
    ),
    onPlay: null as ((playing: boolean) => void) | null,
    setPlaying(p: boolean) { playing = p; play.textContent = p ? '⏸ Pause' : '▶ Replay growth'; },
    sync() {
      const s = app.state;
      for (const cb of typeBoxes) cb.checked = s.types.includes(cb.value);
      regionSel.value = s.region ?? '';
      hubSel.value = s.hub ?? '';
      minDeg.value = String(s.minDegree);
      kcore.value = String(s.kcore);
      egoDepth.value = String(s.egoDepth);
      egoInfo.textContent = s.ego ? `around ${app.nodeLabel(s.ego)}` : 'Select a node, then “Ego network” in its panel.';
      egoClear.disabled = !s.ego;
      const d = dayOf(s.date);
      dateOn.checked = !Number.isNaN(d);
      if (range) dateSlider.value = String(Number.isNaN(d) ? range[1] : d);
      dateLabel.textContent = s.date ?? 'all dates';
    },
  };
  play.addEventListener('click', () => {
    playing = !playing;
    api.setPlaying(playing);
    api.onPlay?.(playing);
  });
  api.sync();
  return api;
}
