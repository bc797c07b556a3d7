/**
 * Two researcher panels on the network's structure, each fetched on demand (both are opt-in
 * analyses): Gould–Fernandez brokerage roles by a grouping — counts and z-scores per node, and a
 * link that sizes the map by a role — and Borgatti–Everett core–periphery, coreness shown beside
 * the k-core number with the model's correlation fit.
 */
import type { App } from '../app.ts';
import type { MetricsTable } from '../api/types.ts';
import type { Analysis } from '../../../src/server/contract/index.ts';
import { errorBox, fmt, h, loading, replace } from '../ui/dom.ts';
import { virtualTable, type Column } from '../ui/table.ts';

type Row = Record<string, unknown>;
const ROLES = ['coordinator', 'itinerant', 'gatekeeper', 'representative', 'liaison', 'total'] as const;
const GROUPINGS = ['region', 'type', 'hub', 'country', 'community'];

/** A table cell by column name; `brokerage.total` reads a part of a record field. */
export function cellValue(row: Row, column: string): unknown {
  const dot = column.indexOf('.');
  if (dot < 0) return row[column];
  const whole = row[column.slice(0, dot)];
  return whole && typeof whole === 'object' ? (whole as Row)[column.slice(dot + 1)] : whole;
}

export function mountBrokeragePanel(app: App, host: HTMLElement, onGroup: () => void): void {
  const title = h('h2', { text: 'Brokerage roles (Gould–Fernandez)', attrs: { id: 'brokerage-h' } });
  const group = h(
    'select',
    { attrs: { 'aria-label': 'Brokerage grouping', 'data-testid': 'brokerage-group' } },
    GROUPINGS.map((g) => h('option', { text: g, attrs: { value: g } })),
  );
  if (app.state.group) group.value = app.state.group;
  const count = h('button', { class: 'primary', text: 'Count roles', attrs: { type: 'button', 'data-testid': 'brokerage-run' } });
  const out = h('div', { attrs: { 'data-testid': 'brokerage-result' } });
  const show = async () => {
    replace(out, loading('brokerage roles'));
    try {
      const res = await app.get<MetricsTable>(app.p.analysis('metrics', { limit: 100000, group: group.value, sort: 'brokerage.total' }));
      const rows = res.rows as Row[];
      const columns: Column<Row>[] = [
        { key: 'label', label: 'node', value: (r) => r.label ?? r.id },
        { key: 'type', value: (r) => r.type },
        ...ROLES.map((k) => ({ key: `brokerage.${k}`, label: k, value: (r: Row) => cellValue(r, `brokerage.${k}`), numeric: true })),
        { key: 'brokerageZ.total', label: 'z (total)', value: (r) => cellValue(r, 'brokerageZ.total'), numeric: true },
      ];
      const table = virtualTable(columns, rows, {
        height: 260,
        testid: 'brokerage-table',
        onRowClick: (r) => app.update({ view: 'map', selected: String(r.id) }, { push: true }),
      });
      const mapBy = (key: string, how: 'sizeBy' | 'colorBy') =>
        h('button', {
          class: 'linklike',
          text: `${how === 'sizeBy' ? 'Size' : 'Colour'} the map by ${key.split('.')[1]}`,
          attrs: { type: 'button', 'data-testid': `brokerage-${how}-${key.split('.')[1]}` },
          on: { click: () => app.update({ view: 'map', group: group.value, [how]: key }, { push: true }) },
        });
      replace(
        out,
        h('p', {
          class: 'meta',
          text: `Roles of each node as the middle of a two-path between ${group.value} groups, sorted by total; z against sna's random expectation.`,
        }),
        table.el,
        h('div', { class: 'row' }, mapBy('brokerage.total', 'sizeBy'), mapBy('brokerage.liaison', 'sizeBy'), mapBy('brokerage.gatekeeper', 'colorBy')),
      );
    } catch (e) {
      replace(
        out,
        errorBox(e, () => void show()),
      );
    }
  };
  count.addEventListener('click', () => {
    // The grouping goes into the view state: the metric table and the map then carry the role counts.
    app.update({ group: group.value });
    onGroup();
    void show();
  });
  replace(host, title, h('div', { class: 'row' }, h('label', null, 'Groups ', group), count), out);
  if (app.state.group) void show();
}

export function mountCorePeripheryPanel(app: App, host: HTMLElement): void {
  const title = h('h2', { text: 'Core and periphery', attrs: { id: 'coreperiphery-h' } });
  const run = h('button', { class: 'primary', text: 'Fit the core–periphery model', attrs: { type: 'button', 'data-testid': 'coreperiphery-run' } });
  const out = h('div', { attrs: { 'data-testid': 'coreperiphery-result' } });
  // The map asks the server for coreness only when the view state says so (it is opt-in there).
  const mapByCoreness = (how: 'sizeBy' | 'colorBy') =>
    h('button', {
      class: 'linklike',
      text: `${how === 'sizeBy' ? 'Size' : 'Colour'} the map by coreness`,
      attrs: { type: 'button', 'data-testid': `coreperiphery-${how}` },
      on: { click: () => app.update({ view: 'map', coreperiphery: true, [how]: 'coreness' }, { push: true }) },
    });
  run.addEventListener('click', async () => {
    run.disabled = true;
    replace(out, loading('core–periphery'));
    try {
      const q = { limit: 100000, coreperiphery: true, sort: 'coreness' };
      const [res, doc] = await Promise.all([
        app.get<MetricsTable>(app.p.analysis('metrics', q)),
        app.get<Analysis>(app.p.analysis('', { coreperiphery: true })),
      ]);
      const rows = res.rows as Row[];
      const fit = doc.graph.corePeripheryFit;
      const columns: Column<Row>[] = [
        { key: 'label', label: 'node', value: (r) => r.label ?? r.id },
        { key: 'type', value: (r) => r.type },
        { key: 'coreness', label: 'coreness', value: (r) => r.coreness, numeric: true },
        { key: 'core', label: 'k-core', value: (r) => r.core, numeric: true },
        { key: 'degree', label: 'degree', value: (r) => r.degree, numeric: true },
      ];
      replace(
        out,
        h(
          'p',
          { class: 'meta' },
          'Borgatti–Everett continuous model: coreness c makes c',
          h('sub', { text: 'i' }),
          '·c',
          h('sub', { text: 'j' }),
          ' resemble the ties. Correlation fit ',
          h('strong', { text: fmt(fit, 3), attrs: { 'data-testid': 'coreperiphery-fit' } }),
          doc.graph.corePeripheryConverged === false ? ' (not converged: more iterations needed)' : '',
          '; 1 would be an ideal core and periphery.',
        ),
        virtualTable(columns, rows, {
          height: 260,
          testid: 'coreperiphery-table',
          onRowClick: (r) => app.update({ view: 'map', selected: String(r.id) }, { push: true }),
        }).el,
        h('div', { class: 'row' }, mapByCoreness('sizeBy'), mapByCoreness('colorBy')),
      );
    } catch (e) {
      replace(out, errorBox(e));
    } finally {
      run.disabled = false;
    }
  });
  replace(host, title, h('p', { class: 'meta', text: 'Coreness per node beside its k-core number: who sits in the dense centre, who on the rim.' }), run, out);
}
