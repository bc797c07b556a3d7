import type { App } from '../app.ts';
import { paths, withQuery } from '../api/client.ts';
import type { IndicatorsView, IsolationEntry, NodeDetail } from '../api/types.ts';
import { pairBars } from '../ui/charts.ts';
import { download, empty, errorBox, fmt, h, loading, replace } from '../ui/dom.ts';
import { toCsv } from '../ui/csv.ts';
import { explanationLines } from '../ui/explain.ts';
import { indicatorTerm } from '../ui/vocabulary.ts';
import { indicatorGroups } from './indicators.ts';
import { flaggedChanges } from './flagged-changes.ts';
import { ownCountsView } from './own-counts.ts';
import type { PrunedParts } from './pruned-version.ts';

const KEY_INDICATORS = /isolat|cross|sector|distance|hub|coverage|density|ei|share/i;

/**
 * The coordinator's workbench: ranked isolated / peripheral schools for a region or hub, linked
 * both ways with the map, suggestions for the schools picked, and the region's indicators with
 * their change between two dates.
 */
export function mountCoordinator(app: App, host: HTMLElement): () => void {
  let data = app.data;
  const regionSel = h('select', { attrs: { 'aria-label': 'Region', 'data-testid': 'coord-region' } });
  const hubSel = h('select', { attrs: { 'aria-label': 'Hub' } });
  const listHost = h('div', null, loading('isolated schools'));
  const suggestHost = h('div');
  const indicatorsHost = h('div');
  const picked = new Set<string>();
  const suggestBtn = h('button', {
    class: 'primary',
    text: 'Suggest mentors / partners for selected',
    attrs: { type: 'button', disabled: true, 'data-testid': 'suggest' },
  });
  let entries: IsolationEntry[] = [];
  let flaggedAll: IsolationEntry[] = [];
  /** Schools of any status in the region / hub chosen (the isolation list's total). */
  let schoolsHere = 0;
  const exportList = h('button', { text: 'Download list (CSV)', attrs: { type: 'button', 'data-testid': 'export-flagged', disabled: true } });
  exportList.addEventListener('click', () => {
    const where = [app.state.region, app.state.hub].filter(Boolean).join('-') || 'all';
    download(
      `${app.ws}-flagged-schools-${where}.csv`,
      toCsv(
        ['rank', 'id', 'label', 'status', 'isolation_score', 'region', 'hub', 'reasons'],
        flaggedAll.map((e, i) => [
          i + 1,
          e.id,
          e.label ?? '',
          e.status ?? 'isolated',
          e.score,
          e.region ?? '',
          e.hub ? app.nodeLabel(e.hub) : '',
          e.reasons.map((r) => r.text).join(' | '),
        ]),
      ),
    );
  });

  // One click: the printable regional report of the selection, built by the server (src/report).
  const reportLink = h('a', {
    class: 'button',
    text: 'Regional report (HTML)',
    attrs: { 'data-testid': 'report-link', download: '' },
    title: 'A printable report: indicators over time, flagged schools with reasons, a map, the current mentoring round',
  });
  const updateReportLink = () => {
    reportLink.setAttribute('href', withQuery(`${paths.version(app.ws!, app.version!)}/report`, { region: app.state.region, hub: app.state.hub }));
  };
  updateReportLink();

  replace(
    host,
    h('h2', { text: 'Isolated and peripheral schools' }),
    h('p', {
      class: 'meta',
      text: 'Isolated: no ties beyond its own staff, or only very weak ones. Peripheral: connected, but thinly or only locally. The isolation score runs from 0 (well connected) to 1 (fully isolated).',
    }),
    h('div', { class: 'row' }, h('label', null, 'Region ', regionSel), h('label', null, 'Hub ', hubSel), exportList, reportLink),
    listHost,
    h('div', { class: 'row' }, suggestBtn),
    suggestHost,
    h('h2', { text: 'Ecosystem indicators' }),
    indicatorsHost,
  );

  const fillSelectors = () => {
    const regions = data ? [...new Set(data.nodes.map((n) => n.region).filter((r): r is string => !!r))].sort() : [];
    const hubs = data ? [...new Set(data.nodes.map((n) => n.hub).filter((r): r is string => !!r))] : [];
    replace(
      regionSel,
      h('option', { text: 'All regions', attrs: { value: '' } }),
      regions.map((r) => h('option', { text: r, attrs: { value: r, selected: r === app.state.region } })),
    );
    replace(
      hubSel,
      h('option', { text: 'All hubs', attrs: { value: '' } }),
      hubs.map((id) => h('option', { text: app.nodeLabel(id), attrs: { value: id, selected: id === app.state.hub } })),
    );
  };
  regionSel.addEventListener('change', () => app.update({ region: regionSel.value || undefined }));
  hubSel.addEventListener('change', () => app.update({ hub: hubSel.value || undefined }));

  const loadList = async () => {
    replace(listHost, loading('isolated schools'));
    try {
      const res = await app.get<{ total: number; schools: IsolationEntry[] }>(
        app.p.analysis('isolation', { region: app.state.region, hub: app.state.hub, limit: 100000 }),
      );
      // The ranked list covers every school; the coordinator wants the flagged ones.
      const flagged = res.schools.filter((s) => s.status !== 'connected');
      flaggedAll = flagged;
      exportList.disabled = flagged.length === 0;
      entries = flagged.slice(0, 300);
      schoolsHere = res.total;
      drawList(flagged.length);
    } catch (e) {
      replace(
        listHost,
        errorBox(e, () => void loadList()),
      );
    }
  };

  const drawList = (total: number) => {
    if (!entries.length) {
      // No flagged school because there is no school at all is not a well-connected network.
      replace(
        listHost,
        empty(
          schoolsHere
            ? `None of the ${schoolsHere.toLocaleString('en')} schools here is isolated or peripheral.`
            : 'No schools here: the list ranks nodes typed school, and there are none in this selection. A file that names its schools another way can map that type to school on upload.',
        ),
      );
      return;
    }
    const ul = h(
      'ul',
      { class: 'list', attrs: { 'data-testid': 'isolated-list' } },
      entries.map((en, i) => {
        const cb = h('input', { attrs: { type: 'checkbox', 'aria-label': `Pick ${en.label ?? en.id}`, checked: picked.has(en.id) } });
        cb.addEventListener('change', () => {
          if (cb.checked) picked.add(en.id);
          else picked.delete(en.id);
          suggestBtn.disabled = picked.size === 0;
          app.map?.highlight([...picked]);
        });
        const name = h('button', { class: 'name', text: `${i + 1}. ${en.label || en.id}`, attrs: { type: 'button', 'data-id': en.id } });
        name.addEventListener('click', () => {
          app.update({ selected: en.id });
          void app.map?.focus(en.id, 0.35);
        });
        return h(
          'li',
          { class: app.state.selected === en.id ? 'sel' : '', attrs: { 'data-id': en.id } },
          cb,
          h(
            'div',
            null,
            name,
            h(
              'div',
              { class: 'meta' },
              h('span', { class: `status ${en.status ?? 'isolated'}`, text: en.status ?? 'isolated' }),
              [en.region, en.hub ? app.nodeLabel(en.hub) : null]
                .filter(Boolean)
                .map((x) => ` · ${x}`)
                .join(''),
            ),
            h(
              'ul',
              { class: 'explain' },
              en.reasons.map((r) => h('li', { text: r.text })),
            ),
          ),
          h('span', {
            class: 'score',
            text: fmt(en.score, 2),
            title: 'Isolation score (0–1, higher is more isolated)',
            attrs: { 'aria-label': `isolation score ${fmt(en.score, 2)}` },
          }),
        );
      }),
    );
    replace(
      listHost,
      h('p', { class: 'meta', text: `${total} flagged${total > entries.length ? `, first ${entries.length} shown` : ''}, most isolated first` }),
      h(
        'div',
        { class: 'list-head', attrs: { 'aria-hidden': 'true' } },
        h('span', { text: 'Pick' }),
        h('span', { text: 'School, status and why' }),
        h('span', { text: 'Isolation score' }),
      ),
      ul,
    );
  };

  /** Map → list: the selected node is marked and scrolled into view. */
  const markSelected = () => {
    for (const li of listHost.querySelectorAll<HTMLLIElement>('li[data-id]')) {
      const sel = li.dataset.id === app.state.selected;
      li.classList.toggle('sel', sel);
      if (sel) li.scrollIntoView({ block: 'nearest' });
    }
  };

  suggestBtn.addEventListener('click', async () => {
    replace(suggestHost, loading('suggestions'));
    try {
      const details = await Promise.all([...picked].map((id) => app.get<NodeDetail>(app.p.node(id))));
      replace(
        suggestHost,
        h(
          'div',
          { attrs: { 'data-testid': 'suggestions' } },
          details.map((d) =>
            h(
              'div',
              { class: 'card' },
              h('strong', { text: String(d.node.label || d.node.id) }),
              d.suggestions && d.suggestions.items.length
                ? h(
                    'ol',
                    { class: 'reasons' },
                    d.suggestions.items.map((s) =>
                      h(
                        'li',
                        null,
                        h('button', {
                          class: 'linklike',
                          text: s.label ?? s.id,
                          attrs: { type: 'button' },
                          on: {
                            click: () => {
                              app.update({ selected: s.id });
                              void app.map?.focus(s.id);
                            },
                          },
                        }),
                        ` (${d.suggestions!.kind.replace(/s$/, '')}, ${fmt(s.score, 2)})`,
                        h(
                          'ul',
                          { class: 'explain' },
                          explanationLines(s.explanation).map((x) => h('li', { text: x })),
                        ),
                      ),
                    ),
                  )
                : h('p', { class: 'meta', text: 'No suggestion for this school.' }),
            ),
          ),
        ),
      );
    } catch (e) {
      replace(suggestHost, errorBox(e));
    }
  });

  // The selectors and the date pickers come from the map's data: wait for the graph (shared with
  // the map) so a reload or a shared link shows the chosen region and dates, not empty controls.
  const graphReady = app.loadGraph().then(
    () => {
      data = app.data;
    },
    () => undefined,
  );

  // Nodes by the file's own types: shown only when the file has some; its breakdown can be switched to any grouping.
  const ownTypes = (doc: IndicatorsView, by: IndicatorsView['by'], selected: string) => {
    const first = ownCountsView(doc, selected, (k) => app.nodeLabel(k));
    if (!first) return null;
    const host = h('div', { class: 'own-counts-host' }, first);
    const bySel = h(
      'select',
      { attrs: { 'aria-label': 'Own types by', 'data-testid': 'own-counts-by' } },
      (['region', 'country', 'hub'] as const).map((b) => h('option', { text: b, attrs: { value: b, selected: b === by } })),
    );
    bySel.addEventListener('change', async () => {
      replace(host, loading('own types'));
      try {
        const next = await app.get<IndicatorsView>(app.p.analysis('indicators', { by: bySel.value }));
        replace(
          host,
          ownCountsView(next, selected, (k) => app.nodeLabel(k)),
        );
      } catch (e) {
        replace(host, errorBox(e));
      }
    });
    return h(
      'section',
      { attrs: { 'aria-label': 'Nodes by own type' } },
      h('h3', { text: 'Nodes by your own types' }),
      h('div', { class: 'row' }, h('label', null, 'By ', bySel)),
      host,
    );
  };

  const loadIndicators = async () => {
    replace(indicatorsHost, loading('indicators'));
    await graphReady;
    const by = app.state.hub ? 'hub' : 'region';
    const groupName = app.state.hub ?? app.state.region ?? 'overall';
    try {
      const doc = await app.get<IndicatorsView>(app.p.analysis('indicators', { by }));
      const groups = indicatorGroups(doc);
      const g = groups.find((x) => x.name === groupName) ?? groups.find((x) => x.name === 'overall') ?? groups[0];
      if (!g) {
        replace(indicatorsHost, empty('No indicators for this selection.'));
        return;
      }
      const keys = [...g.values.keys()].filter((k) => KEY_INDICATORS.test(k)).slice(0, 12);
      const shown = keys.length ? keys : [...g.values.keys()].slice(0, 12);
      const cards = h(
        'div',
        { class: 'cards', attrs: { 'data-testid': 'indicators' } },
        shown.map((k) => {
          const t = indicatorTerm(k);
          return h(
            'div',
            { class: 'card', attrs: { 'data-key': k } },
            h('div', { class: 'big', text: fmt(g.values.get(k), 3) }),
            h('div', { class: 'label', text: t.label }),
            t.explain ? h('div', { class: 'explain-line', text: t.explain }) : null,
          );
        }),
      );
      const exportInd = h('button', {
        text: 'Download indicators (CSV)',
        attrs: { type: 'button', 'data-testid': 'export-indicators' },
        on: {
          click: () =>
            download(
              `${app.ws}-indicators-${g.name}.csv`,
              toCsv(
                ['group', 'indicator', 'name', 'value', 'meaning'],
                [...g.values].map(([k, v]) => [g.name, k, indicatorTerm(k).label, v, indicatorTerm(k).explain]),
              ),
            ),
        },
      });
      const range = data?.dateRange;
      const from = h('input', {
        attrs: { type: 'date', 'aria-label': 'From date', value: range ? isoDay(range[0] + Math.round((range[1] - range[0]) / 2)) : '' },
      });
      const to = h('input', { attrs: { type: 'date', 'aria-label': 'To date', value: range ? isoDay(range[1]) : '' } });
      const changeHost = h('div');
      const compare = async () => {
        if (!from.value || !to.value) {
          replace(changeHost, empty('Pick two dates.'));
          return;
        }
        replace(changeHost, loading('indicators at both dates'));
        try {
          const [a, b] = await Promise.all([from.value, to.value].map((at) => app.get<unknown>(app.p.analysis('indicators', { by, at }))));
          const ga = indicatorGroups(a).find((x) => x.name === g.name);
          const gb = indicatorGroups(b).find((x) => x.name === g.name);
          if (!ga || !gb) {
            replace(changeHost, empty(`No indicators for ${g.name} at one of the dates.`));
            return;
          }
          const rows = shown
            .filter((k) => ga.values.has(k) && gb.values.has(k))
            .map((k) => ({ key: k, label: indicatorTerm(k).label, a: ga.values.get(k)!, b: gb.values.get(k)! }));
          const changes = h('div', null, loading('schools that joined or left the list'));
          replace(
            changeHost,
            pairBars(rows, { aLabel: from.value, bLabel: to.value }),
            h(
              'ul',
              { class: 'explain', attrs: { 'data-testid': 'indicator-changes' } },
              rows.map((r) => {
                const d = r.b - r.a;
                // Coloured by whether the change is good news, not by its sign: fewer isolated schools is green.
                const better = indicatorTerm(r.key).higherIsBetter;
                const verdict = d === 0 || better === undefined ? '' : d > 0 === better ? 'good' : 'bad';
                return h(
                  'li',
                  { attrs: { 'data-key': r.key, 'data-verdict': verdict || undefined } },
                  `${r.label}: ${fmt(r.a)} → ${fmt(r.b)} `,
                  h('span', {
                    class: `delta ${verdict}`,
                    text: `(${d >= 0 ? '+' : ''}${fmt(d)}${verdict ? `, ${verdict === 'good' ? 'better' : 'worse'}` : ''})`,
                  }),
                );
              }),
            ),
            changes,
          );
          replace(changes, await flaggedChanges(app, from.value, to.value));
        } catch (e) {
          replace(changeHost, errorBox(e));
        }
      };
      replace(
        indicatorsHost,
        h('p', { class: 'meta', text: `For ${g.name === 'overall' ? 'the whole network' : app.nodeLabel(g.name)}` }),
        cards,
        ownTypes(doc, by, groupName),
        h('div', { class: 'row' }, exportInd),
        h('h3', { text: 'Change between two dates' }),
        h('div', { class: 'row' }, from, '→', to, h('button', { text: 'Compare', attrs: { type: 'button' }, on: { click: () => void compare() } })),
        changeHost,
      );
    } catch (e) {
      replace(
        indicatorsHost,
        errorBox(e, () => void loadIndicators()),
      );
    }
  };

  void graphReady.then(fillSelectors);
  fillSelectors();
  void loadList();
  void loadIndicators();
  const off = app.onChange((changed) => {
    if ('region' in changed || 'hub' in changed) {
      fillSelectors();
      updateReportLink();
      void loadList();
      void loadIndicators();
    }
    if ('selected' in changed) markSelected();
  });
  return () => {
    off();
    app.map?.highlight(null);
  };
}

/**
 * The coordinator of a pruned version: the flagged list, suggestions and the change between dates need
 * nodes; the regional report still works (the server writes it from what was kept).
 */
export const coordinatorPrunedParts = (app: App): PrunedParts => ({
  view: 'Coordinator',
  gone: 'The ranked list of isolated and peripheral schools, mentor and partner suggestions, indicators by hub and the change between two dates need the nodes and ties, which retention removed. The isolated and peripheral schools per region are counted in the indicators below.',
  off: [
    { label: 'Suggest mentors / partners for selected', why: 'there are no schools left to pick' },
    { label: 'Download list (CSV)', why: 'the list named schools; only counts were kept' },
    { label: 'Compare two dates', why: 'the dated ties are gone' },
  ],
  kept: (v) => {
    const regionSel = h(
      'select',
      { attrs: { 'aria-label': 'Region of the report', 'data-testid': 'coord-region' } },
      h('option', { text: 'All regions', attrs: { value: '' } }),
      Object.keys(v.aggregate.nodesByRegion)
        .sort()
        .map((r) => h('option', { text: r, attrs: { value: r, selected: r === app.state.region } })),
    );
    const report = h('a', { class: 'button', text: 'Regional report (HTML)', attrs: { 'data-testid': 'report-link', download: '' } });
    const update = () =>
      report.setAttribute('href', withQuery(`${paths.version(v.workspace, String(v.version))}/report`, { region: regionSel.value || undefined }));
    regionSel.addEventListener('change', () => {
      app.update({ region: regionSel.value || undefined });
      update();
    });
    update();
    return h(
      'div',
      null,
      h('p', {
        text: 'Still here: the printable report of what was kept (counts, indicators, the rounds’ tallies; no names), for the whole network or one region.',
      }),
      h('div', { class: 'row' }, h('label', null, 'Region ', regionSel), report),
    );
  },
});

function isoDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}
