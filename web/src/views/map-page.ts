import { ApiError } from '../api/client.ts';
import type { App } from '../app.ts';
import { type AppearanceKey, appearanceKeys, loadCommunitySlots, loadMetrics, stateColoring, stateSizes } from '../map/appearance.ts';
import { computeVisibility } from '../map/filters.ts';
import type { LayoutMode } from '../map/layout-refine.ts';
import { dayOf, isoOfDay } from '../map/map-data.ts';
import { MapView } from '../map/map-view.ts';
import { TYPE_BORDER } from '../map/palette.ts';
import { chooseLayout, fetchSavedLayout, filePositions, forgetLayout, type LayoutSource, saveLayout } from '../map/saved-layout.ts';
import { awaitServerLayout } from '../map/server-layout.ts';
import type { ViewState } from '../state/view-state.ts';
import { empty, errorBox, h, loading, replace } from '../ui/dom.ts';
import { icon } from '../ui/icons.ts';
import { metricTerm } from '../ui/vocabulary.ts';
import { exportMenu, type FigureState } from './map-exports.ts';
import { renderNodePanel } from './node-panel.ts';
import type { PrunedParts } from './pruned-version.ts';
import { typeFilterControls } from './type-filters.ts';

const SIZE_KEYS: (keyof ViewState)[] = ['sizeBy', 'sizeMode', 'sizeMin', 'sizeMax'];
const FILTER_KEYS: (keyof ViewState)[] = ['types', 'tieTypes', 'region', 'hub', 'date', 'minDegree', 'kcore', 'ego', 'egoDepth'];

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
  controls.id = 'map-controls';
  if (side) side.id = 'workbench';
  const layoutEl = h('div', { class: withSide ? 'layout' : 'layout no-side' }, controls, mapArea, side);
  replace(root, layoutEl);
  // On phones the controls and the workbench are drawers (styles.css); these buttons open them.
  const drawerButtons: HTMLButtonElement[] = [];
  const drawer = (which: 'controls' | 'side', text: string, target: string) => {
    const b = h('button', { class: 'drawer-toggle', text, attrs: { type: 'button', 'aria-controls': target, 'aria-expanded': 'false', 'data-drawer': which } });
    b.addEventListener('click', () => setDrawer(layoutEl.dataset.drawer === which ? null : which));
    drawerButtons.push(b);
    return b;
  };
  const setDrawer = (which: 'controls' | 'side' | null) => {
    if (which) layoutEl.dataset.drawer = which;
    else delete layoutEl.dataset.drawer;
    for (const b of drawerButtons) b.setAttribute('aria-expanded', String(b.dataset.drawer === which));
    if (which)
      (
        layoutEl.querySelector<HTMLElement>(which === 'controls' ? '#map-controls' : '#workbench')?.querySelector('select, input, button') as HTMLElement | null
      )?.focus();
  };
  layoutEl.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && layoutEl.dataset.drawer) setDrawer(null);
  });
  // The uncovered strip of map beside an open drawer closes it (a touch user's way out).
  layoutEl.append(h('button', { class: 'drawer-scrim', text: 'Close panel', attrs: { type: 'button' }, on: { click: () => setDrawer(null) } }));
  replace(mapArea, loading('the network'));
  let disposed = false;
  // Each start (the first, and a reload for ties the graph did not hold) outdates the one before it.
  let generation = 0;
  let unsubscribe = () => {};
  let playTimer: number | undefined;

  const start = async () => {
    const gen = ++generation;
    const stale = () => disposed || gen !== generation;
    // The layout saved with the version is fetched alongside the graph (null when there is none).
    const savedLayout = fetchSavedLayout(app.ws!, app.version!);
    try {
      await app.loadGraph();
    } catch (e) {
      if (stale()) return;
      // Pruned since the version list was read: the app reloads the list and shows what was kept (App.onGone).
      if (e instanceof ApiError && e.status === 410) return replace(mapArea, loading('what was kept of this version'));
      replace(
        mapArea,
        errorBox(e, () => void start()),
      );
      return;
    }
    if (stale()) return;
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
    const layoutSource = chooseLayout(app.ws!, app.version!, data, await savedLayout);
    if (stale()) return;
    // Computed before the map so its first frame is drawn once, with the final look.
    let slots: Map<string, number> | null = null;
    const initial = { colors: stateColoring(app, data, slots), sizes: stateSizes(app.state, data), visibility: computeVisibility(data, { ...app.state }) };
    const map = new MapView(container, data, {
      colors: initial.colors.colors,
      sizes: initial.sizes,
      visibility: initial.visibility,
      labelThreshold: app.state.labelSize,
      onSelect: (id) => app.update({ selected: id ?? undefined }),
      onFirstRender: () => {
        mapArea.dataset.firstRenderMs = String(Math.round(performance.now() - t0));
        mapArea.dataset.rendered = 'true';
      },
    });
    app.map = map;

    // The version's tie count, also when the graph was loaded with only some tie types.
    const allTies = app.graphPayload?.tieTypes.reduce((s, t) => s + t.count, 0) ?? data.src.length;
    const applyFilters = (vis = computeVisibility(data, { ...app.state })) => {
      map.setVisibility(vis);
      const pairs = distinctPairs(data, vis.edge);
      replace(
        status,
        `${vis.nodeCount.toLocaleString('en')} of ${data.n.toLocaleString('en')} nodes · ${vis.edgeCount.toLocaleString('en')} of ${allTies.toLocaleString('en')} ties`,
        // Tie records count each dated or typed tie; the analysis counts distinct pairs (what "degree" counts).
        pairs < vis.edgeCount
          ? h(
              'span',
              null,
              ' (',
              h('abbr', {
                text: `${pairs.toLocaleString('en')} distinct pairs`,
                title: `Two organisations can be tied more than once (different types or periods): the map draws ${vis.edgeCount.toLocaleString('en')} tie records between ${pairs.toLocaleString('en')} distinct pairs; the researcher view and degree count distinct pairs.`,
              }),
              ')',
            )
          : null,
      );
      status.dataset.pairs = String(pairs);
      status.dataset.nodes = String(vis.nodeCount);
      status.dataset.total = String(data.n);
    };
    const figure: FigureState = { legend: [] };
    const applyColors = (c = stateColoring(app, data, slots)) => {
      map.setColors(c.colors);
      figure.legend = c.legend;
      renderLegend(legendHost, app.state.colorBy, c.legend);
    };
    const applySizes = (sizes = stateSizes(app.state, data)) => {
      map.setSizes(sizes);
      mapArea.dataset.sizeBy = app.state.sizeBy; // what the drawn sizes stand for, for tests and tools
    };
    const applySelection = () => {
      map.select(app.state.selected ?? null);
      if (app.state.selected && data.index.has(app.state.selected)) renderNodePanel(app, panel, app.state.selected);
      else panel.hidden = true;
    };

    // ---- controls ----
    const legendHost = h('div');
    const searchBox = searchControl(app, data);
    const appearance = appearanceControls(app, data);
    const filters = filterControls(app, data);
    replace(controls, searchBox, appearance.el, filters.el, h('fieldset', null, h('legend', { text: 'Legend' }), legendHost, typeLegend()));

    const layout = layoutControls(map, status, {
      save: () => {
        const p = map.positions();
        return saveLayout(app.ws!, app.version!, data, p.x, p.y);
      },
      forget: () => forgetLayout(app.ws!, app.version!),
      source: layoutSource,
      file: filePositions(data),
    });
    replace(
      tools,
      drawer('controls', 'Controls', 'map-controls'),
      side ? drawer('side', 'Workbench', 'workbench') : null,
      h('button', { text: '+', title: 'Zoom in', attrs: { type: 'button', 'aria-label': 'Zoom in' }, on: { click: () => map.zoom(1.5) } }),
      h('button', { text: '−', title: 'Zoom out', attrs: { type: 'button', 'aria-label': 'Zoom out' }, on: { click: () => map.zoom(1 / 1.5) } }),
      h('button', {
        text: 'Fit to selection',
        title: 'Frame the nodes the filters or the ego network leave (all nodes when nothing is filtered)',
        attrs: { type: 'button', 'data-testid': 'fit' },
        on: { click: () => void map.fitVisible() },
      }),
      h('button', { text: 'Reset view', attrs: { type: 'button' }, on: { click: () => void map.resetCamera() } }),
      layout,
      exportMenu(app, map, figure),
    );

    // A large version's first map comes with the server's quick seed layout while ForceAtlas2 runs there: say so, then use it.
    const refining = app.graphPayload?.layout.refining;
    if (refining && layoutSource === 'computed') followServerLayout(mapArea, status, map, data.n, refining, stale);

    applyColors(initial.colors);
    // Communities (with colours carried over from earlier versions) and every analysis metric
    // arrive from the server's cached analysis after the first frame.
    void loadCommunitySlots(app, data).then((s) => {
      if (stale() || !s) return;
      slots = s;
      if (app.state.colorBy === 'community') applyColors();
    });
    void loadMetrics(app, data).then((ok) => {
      if (stale() || !ok) return;
      appearance.refresh();
      applyColors();
      applySizes();
      mapArea.dataset.metrics = 'true';
    });
    applySizes(initial.sizes);
    applyFilters(initial.visibility);
    applySelection();
    if (app.state.selected) void map.focus(app.state.selected, 0.5);
    // A link that opens filtered (a region, an ego network) frames what it shows, not the whole map.
    const framed = () => {
      mapArea.dataset.framed = 'true';
    };
    if (!app.state.selected && initial.visibility.nodeCount > 0 && initial.visibility.nodeCount < data.n)
      requestAnimationFrame(() => {
        if (!stale()) void map.fitVisible().then(framed);
      });
    else framed();

    unsubscribe = app.onChange((changed) => {
      if ('colorBy' in changed) applyColors();
      if (SIZE_KEYS.some((k) => k in changed)) applySizes();
      if ('labelSize' in changed) map.setLabelThreshold(app.state.labelSize);
      appearance.sync();
      // A tie-type filter wanting ties a limited graph (a shared link's) does not hold: load them, redraw.
      if ('tieTypes' in changed && !app.graphCovers()) {
        reload();
        return;
      }
      if (FILTER_KEYS.some((k) => k in changed)) {
        applyFilters();
        filters.sync();
      }
      if ('selected' in changed) applySelection();
    });
    playTimer = undefined;
    filters.onPlay = (playing) => {
      if (!playing) {
        clearInterval(playTimer);
        return;
      }
      const range = data.dateRange!;
      let day = dayOf(app.state.date) || range[0];
      if (!(day < range[1])) day = range[0];
      const step = Math.max(1, Math.round((range[1] - range[0]) / 60));
      playTimer = window.setInterval(() => {
        day = Math.min(range[1], day + step);
        app.update({ date: isoOfDay(day) });
        if (day >= range[1]) {
          clearInterval(playTimer);
          filters.onPlay?.(false);
          filters.setPlaying(false);
        }
      }, 120);
    };
  };
  const reload = () => {
    unsubscribe();
    unsubscribe = () => {};
    clearInterval(playTimer);
    app.killMap();
    replace(mapArea, loading('the network'));
    void start();
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

/** The map of a pruned version (main.ts shows the pruned page instead of the map, pruned-version.ts). */
export const mapPrunedParts = (): PrunedParts => ({
  view: 'Map',
  gone: 'The map, its filters and search, node details and layouts need the nodes and ties, which retention removed.',
  off: [
    { label: 'Export graph files', why: 'there are no nodes or ties left to write' },
    { label: 'PNG / SVG figure', why: 'there is no map to draw' },
  ],
});

/**
 * Colour and size controls, Gephi-style: any category or metric for the fill, any metric for
 * the size (by value or rank, within a min/max radius), and a label size threshold. Options come
 * from appearanceKeys, refreshed when the analysis metrics arrive; every control mirrors the URL.
 */
function appearanceControls(app: App, data: import('../map/map-data.ts').MapData) {
  const colorSel = h('select', { attrs: { 'data-testid': 'color-by', id: 'color-by' } });
  const sizeSel = h('select', { attrs: { 'data-testid': 'size-by', id: 'size-by' } });
  const modeSel = h(
    'select',
    { attrs: { 'data-testid': 'size-mode', id: 'size-mode' } },
    h('option', { text: 'by value', attrs: { value: 'value' } }),
    h('option', { text: 'by rank', attrs: { value: 'rank' } }),
  );
  const num = (testid: string, label: string) =>
    h('input', { attrs: { type: 'number', min: 0, max: 100, step: 0.5, placeholder: 'auto', 'aria-label': label, 'data-testid': testid } });
  const minIn = num('size-min', 'Smallest node radius in pixels');
  const maxIn = num('size-max', 'Largest node radius in pixels');
  const labelIn = h('input', {
    attrs: { type: 'range', min: 0, max: 30, step: 1, 'aria-label': 'Label nodes drawn at least this size', 'data-testid': 'label-size' },
  });
  const labelOut = h('output', { class: 'meta', attrs: { for: 'label-size' } });
  const explain = h('p', { class: 'meta', attrs: { 'data-testid': 'appearance-explain' } });
  const options = (sel: HTMLSelectElement, keys: AppearanceKey[], value: string) => {
    const known = keys.some((k) => k.key === value);
    // A key from a link that the data does not (yet) have stays selected, so it applies once the metrics arrive.
    const all = known ? keys : [...keys, { key: value, label: `${metricTerm(value).label} (loading…)`, kind: 'numeric' as const }];
    replace(
      sel,
      all.map((k) => h('option', { text: k.label, attrs: { value: k.key, selected: k.key === value } })),
    );
  };
  colorSel.addEventListener('change', () => app.update({ colorBy: colorSel.value }));
  sizeSel.addEventListener('change', () => app.update({ sizeBy: sizeSel.value }));
  modeSel.addEventListener('change', () => app.update({ sizeMode: modeSel.value === 'rank' ? 'rank' : 'value' }));
  const px = (el: HTMLInputElement) => Math.max(0, Math.min(100, Number(el.value) || 0));
  minIn.addEventListener('change', () => app.update({ sizeMin: px(minIn) }));
  maxIn.addEventListener('change', () => app.update({ sizeMax: px(maxIn) }));
  labelIn.addEventListener('input', () => app.update({ labelSize: Number(labelIn.value) }));
  const api = {
    el: h(
      'fieldset',
      null,
      h('legend', { text: 'Appearance' }),
      h('label', { class: 'field' }, 'Colour by', colorSel),
      h('label', { class: 'field' }, 'Size by', sizeSel),
      h('div', { class: 'row' }, h('label', null, 'Scale ', modeSel)),
      h('div', { class: 'row' }, h('label', null, 'Min px ', minIn), h('label', null, 'Max px ', maxIn)),
      h('div', { class: 'field' }, h('label', { attrs: { for: 'label-size' } }, 'Labels from size'), Object.assign(labelIn, { id: 'label-size' }), labelOut),
      explain,
    ),
    refresh() {
      const keys = appearanceKeys(data);
      options(colorSel, keys.color, app.state.colorBy);
      options(sizeSel, keys.size, app.state.sizeBy);
      api.sync();
    },
    sync() {
      const s = app.state;
      if (colorSel.value !== s.colorBy) colorSel.value = s.colorBy;
      if (sizeSel.value !== s.sizeBy) sizeSel.value = s.sizeBy;
      modeSel.value = s.sizeMode;
      minIn.value = s.sizeMin ? String(s.sizeMin) : '';
      maxIn.value = s.sizeMax ? String(s.sizeMax) : '';
      labelIn.value = String(s.labelSize);
      labelIn.setAttribute('aria-valuetext', s.labelSize ? `${s.labelSize} pixels` : 'automatic');
      labelOut.textContent = s.labelSize ? `≥ ${s.labelSize} px` : 'automatic';
      const c = metricTerm(s.colorBy);
      const z = metricTerm(s.sizeBy);
      explain.textContent = [
        c.explain && `${c.label}: ${c.explain}`,
        s.sizeBy !== 'uniform' && z.explain && s.sizeBy !== s.colorBy ? `${z.label}: ${z.explain}` : '',
      ]
        .filter(Boolean)
        .join(' ');
    },
  };
  api.refresh();
  return api;
}

/**
 * Layout refinement: ForceAtlas2 or the community-separating LinLog variant, stopping by itself
 * when it converges or after its time budget, with undo back to the positions it started from;
 * and, when the file carried positions (Gephi's viz), a way back to those. Every change of
 * positions is saved with the version on the server, so the next person to open it sees it.
 */
function layoutControls(
  map: MapView,
  status: HTMLElement,
  keep: {
    save: () => Promise<'server' | 'browser'>;
    forget: () => Promise<void>;
    source: LayoutSource;
    file: { x: Float32Array; y: Float32Array } | null;
  },
): HTMLElement {
  const mode = h(
    'select',
    { attrs: { 'aria-label': 'Layout algorithm', 'data-testid': 'layout-mode' } },
    h('option', { text: 'ForceAtlas2', attrs: { value: 'forceatlas2' } }),
    h('option', { text: 'Keep communities apart (LinLog)', attrs: { value: 'communities' } }),
  );
  const run = h('button', {
    text: 'Refine layout',
    attrs: { type: 'button', 'aria-pressed': 'false', 'data-testid': 'refine' },
    title: 'Run the layout in a background worker; it stops when it settles or after 10 s',
  });
  const undo = h('button', {
    text: 'Undo layout',
    attrs: { type: 'button', disabled: true, 'data-testid': 'undo-layout' },
    title: 'Back to the positions before the last refinement',
  });
  const fromFile = keep.file
    ? h('button', {
        text: 'Use positions from file',
        attrs: { type: 'button', 'data-testid': 'file-layout' },
        title: 'Place the nodes where the imported file (e.g. Gephi) had them',
      })
    : null;
  const note = h('span', { class: 'sr-only', attrs: { 'aria-live': 'polite', 'data-testid': 'layout-note' } });
  let saved = keep.source === 'saved' || keep.source === 'browser';
  const show = (on: boolean) => {
    run.setAttribute('aria-pressed', String(on));
    run.textContent = on ? 'Stop layout' : 'Refine layout';
    undo.disabled = !map.canUndoLayout;
  };
  // Saves are chained so a quick undo after a stop never lands before the stop's save.
  let chain: Promise<unknown> = Promise.resolve();
  const persist = (what: string, forget = false) => {
    chain = chain
      .then(async () => {
        if (forget) {
          await keep.forget();
          saved = false;
          status.dataset.layoutSaved = 'none';
          return;
        }
        const where = await keep.save();
        saved = true;
        status.dataset.layoutSaved = where;
        note.textContent = `${what}; ${where === 'server' ? 'positions saved with this version for everyone' : 'positions kept in this browser only (your role cannot save layouts for everyone)'}`;
      })
      .catch((e: unknown) => {
        status.dataset.layoutSaved = 'failed';
        note.textContent = `${what}; the positions could not be saved (${(e as Error).message})`;
      });
  };
  run.addEventListener('click', () => {
    const on = !map.refining;
    map.toggleRefine(on, mode.value as LayoutMode, (reason, ms) => {
      show(false);
      status.dataset.layout = reason;
      persist(`Layout stopped: ${reason} after ${(ms / 1000).toFixed(1)} s`);
    });
    if (!on) persist('Layout stopped');
    show(on);
  });
  undo.addEventListener('click', () => {
    map.undoLayout();
    // Back at the starting positions: keep those, or forget the save when we are back at the layout nobody saved.
    if (map.canUndoLayout || keep.source === 'saved' || keep.source === 'browser') persist('Layout undone');
    else if (saved) persist('Layout undone', true);
    show(false);
    note.textContent = 'Layout undone';
  });
  fromFile?.addEventListener('click', () => {
    map.placeNodes(keep.file!.x, keep.file!.y);
    show(false);
    status.dataset.layoutSource = 'file';
    persist('Positions from the file');
  });
  status.dataset.layoutSource = keep.source;
  if (keep.source !== 'computed')
    note.textContent = {
      saved: 'Positions saved with this version',
      browser: 'Positions restored from your last refinement in this browser',
      file: 'Positions from the imported file',
    }[keep.source];
  return h('div', { class: 'row layout-tools' }, mode, run, undo, fromFile, note);
}

/**
 * The note over the map while the server refines a seed layout (progress, then the outcome), and the refined
 * positions put in place when they arrive — unless the user is already refining or has moved the layout, who gets
 * a button to use them instead.
 */
function followServerLayout(
  mapArea: HTMLElement,
  status: HTMLElement,
  map: MapView,
  n: number,
  refining: NonNullable<NonNullable<App['graphPayload']>['layout']['refining']>,
  stale: () => boolean,
): void {
  const note = h('div', { class: 'map-refining', attrs: { 'data-testid': 'layout-refining', role: 'status' } });
  mapArea.append(note);
  status.dataset.layoutSource = 'seed';
  const progress = (f: number) => {
    note.textContent = `Quick first layout. Refining it on the server (ForceAtlas2)… ${Math.round(f * 100)} %`;
  };
  progress(refining.job.progress.fraction);
  const use = (x: Float32Array, y: Float32Array) => {
    map.placeNodes(x, y);
    status.dataset.layoutSource = 'computed';
    // Undoable like a refinement: back to the quick layout.
    const undo = mapArea.querySelector<HTMLButtonElement>('[data-testid=undo-layout]');
    if (undo) undo.disabled = !map.canUndoLayout;
    note.dataset.state = 'applied';
    note.textContent = 'Refined layout in place (Undo layout goes back to the quick one).';
    setTimeout(() => note.remove(), 6000);
  };
  awaitServerLayout(refining, { n, stale, onProgress: progress }).then(
    (p) => {
      if (!p || stale()) return;
      if (!map.refining && !map.canUndoLayout) return use(p.x, p.y);
      note.dataset.state = 'ready';
      replace(
        note,
        'The server’s refined layout is ready. ',
        h('button', { text: 'Use it', attrs: { type: 'button', 'data-testid': 'use-refined' }, on: { click: () => use(p.x, p.y) } }),
      );
    },
    (e: unknown) => {
      if (stale()) return;
      note.dataset.state = 'failed';
      note.textContent = `The refined layout could not be computed (${(e as Error).message}); the quick layout stays. Refine layout runs one in this browser.`;
    },
  );
}

/** Visible ties counted once per pair of nodes, as the analysis counts them. */
function distinctPairs(data: import('../map/map-data.ts').MapData, edge: Uint8Array): number {
  const seen = new Set<number>();
  for (let e = 0; e < edge.length; e++) {
    if (!edge[e]) continue;
    const a = data.src[e],
      b = data.dst[e];
    seen.add(a < b ? a * data.n + b : b * data.n + a);
  }
  return seen.size;
}

function renderLegend(host: HTMLElement, key: string, entries: { label: string; color: string; count: number }[]): void {
  replace(
    host,
    h('div', { class: 'meta', text: `Fill: ${metricTerm(key).label}` }),
    h(
      'ul',
      { class: 'legend-list', attrs: { 'data-testid': 'legend' } },
      entries.map((e) =>
        h(
          'li',
          null,
          h('span', { class: 'swatch', style: { background: e.color } }),
          h('span', { text: e.label }),
          e.count ? h('span', { class: 'count', text: e.count }) : null,
        ),
      ),
    ),
  );
}

function typeLegend(): HTMLElement {
  return h(
    'div',
    null,
    h('div', { class: 'meta', text: 'Border: kind of organisation' }),
    h(
      'ul',
      { class: 'legend-list' },
      Object.entries(TYPE_BORDER).map(([t, c]) => h('li', null, h('span', { class: 'swatch ring', style: { 'border-color': c } }), h('span', { text: t }))),
    ),
  );
}

function searchControl(app: App, data: import('../map/map-data.ts').MapData): HTMLElement {
  const input = h('input', {
    attrs: { type: 'search', placeholder: 'Name or id…', 'aria-label': 'Search nodes', 'data-testid': 'search', autocomplete: 'off' },
  });
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
    if (!q) {
      list.hidden = true;
      return;
    }
    const found = matches(q);
    replace(
      list,
      found.length
        ? found.map((v) =>
            h(
              'li',
              { attrs: { role: 'option' } },
              h('button', { text: `${data.nodes[v].label || data.ids[v]} · ${data.nodes[v].type}`, attrs: { type: 'button' }, on: { click: () => choose(v) } }),
            ),
          )
        : [h('li', { class: 'meta', text: 'No match' })],
    );
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
  const regions = [...new Set(data.nodes.map((n) => n.region).filter((r): r is string => !!r))].sort();
  const hubIds = [...new Set(data.nodes.map((n) => n.hub).filter((r): r is string => !!r))];
  const typeFilters = typeFilterControls(app, data, app.graphPayload?.tieTypes);
  const regionSel = h(
    'select',
    { attrs: { 'aria-label': 'Region' } },
    h('option', { text: 'All regions', attrs: { value: '' } }),
    regions.map((r) => h('option', { text: r, attrs: { value: r } })),
  );
  regionSel.addEventListener('change', () => app.update({ region: regionSel.value || undefined }));
  const hubSel = h(
    'select',
    { attrs: { 'aria-label': 'Hub' } },
    h('option', { text: 'All hubs', attrs: { value: '' } }),
    hubIds.map((id) => h('option', { text: app.nodeLabel(id), attrs: { value: id } })),
  );
  hubSel.addEventListener('change', () => app.update({ hub: hubSel.value || undefined }));
  const minDeg = h('input', { attrs: { type: 'number', min: 0, step: 1, 'aria-label': 'Minimum degree' } });
  minDeg.addEventListener('change', () => app.update({ minDegree: Math.max(0, Number(minDeg.value) || 0) }));
  const kcore = h('input', { attrs: { type: 'number', min: 0, step: 1, 'aria-label': 'k-core' } });
  kcore.addEventListener('change', () => app.update({ kcore: Math.max(0, Number(kcore.value) || 0) }));
  const egoDepth = h(
    'select',
    { attrs: { 'aria-label': 'Ego radius' } },
    [1, 2, 3].map((d) => h('option', { text: `${d} step${d > 1 ? 's' : ''}`, attrs: { value: d } })),
  );
  egoDepth.addEventListener('change', () => app.update({ egoDepth: Number(egoDepth.value) }));
  const egoInfo = h('span', { class: 'meta' });
  const egoClear = h('button', { text: 'Clear ego', attrs: { type: 'button' }, on: { click: () => app.update({ ego: undefined }) } });

  const range = data.dateRange;
  const dateSlider = h('input', { attrs: { type: 'range', min: range?.[0] ?? 0, max: range?.[1] ?? 0, step: 1, 'aria-label': 'Network as of date' } });
  const dateLabel = h('output', { class: 'meta' });
  const dateOn = h('input', { attrs: { type: 'checkbox', 'aria-label': 'Filter by date' } });
  const play = h('button', { attrs: { type: 'button' } }, icon('play'), ' Replay growth');
  let playing = false;
  dateSlider.addEventListener('input', () => app.update({ date: isoOfDay(Number(dateSlider.value)) }));
  dateOn.addEventListener('change', () => app.update({ date: dateOn.checked ? isoOfDay(Number(dateSlider.value)) : undefined }));

  const api = {
    el: h(
      'fieldset',
      null,
      h('legend', { text: 'Filters' }),
      typeFilters.el,
      regions.length ? h('label', { class: 'field' }, 'Region', regionSel) : null,
      hubIds.length ? h('label', { class: 'field' }, 'Hub', hubSel) : null,
      range
        ? h('div', { class: 'field' }, h('label', null, dateOn, ' As of date '), dateSlider, dateLabel, play)
        : h('p', { class: 'meta', text: 'No dated ties: no time slider.' }),
      h('label', { class: 'field' }, 'Minimum degree', minDeg),
      h('label', { class: 'field' }, 'k-core (min core number)', kcore),
      h('div', { class: 'field' }, 'Ego network', egoInfo, h('div', { class: 'row' }, egoDepth, egoClear)),
      h('button', {
        text: 'Clear all filters',
        attrs: { type: 'button' },
        on: {
          click: () => app.update({ types: [], tieTypes: [], region: undefined, hub: undefined, date: undefined, minDegree: 0, kcore: 0, ego: undefined }),
        },
      }),
    ),
    onPlay: null as ((playing: boolean) => void) | null,
    setPlaying(p: boolean) {
      playing = p;
      replace(play, icon(p ? 'pause' : 'play'), p ? ' Pause' : ' Replay growth');
    },
    sync() {
      const s = app.state;
      typeFilters.sync();
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
      // Announce the date, not the day number the slider runs on.
      dateSlider.setAttribute('aria-valuetext', range ? isoOfDay(Number(dateSlider.value)) + (s.date ? '' : ' (all dates shown)') : '');
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
