import { api } from '../api/client.ts';
import type { PrunedVersionView } from '../api/types.ts';
import { errorBox, fmt, h, loading, replace } from '../ui/dom.ts';

/**
 * What the map area shows for a version retention reduced to its aggregate (issue 20): its nodes are gone,
 * so there is no map; instead the counts by type and region, the headline indicators and the rounds that
 * used it, from GET …/versions/:v/aggregate, under the server's own "pruned on <date>; aggregate only".
 */
export function mountPrunedVersion(root: HTMLElement, ws: string, version: string): void {
  replace(root, loading('what was kept of this version'));
  const path = `/api/workspaces/${encodeURIComponent(ws)}/versions/${encodeURIComponent(version)}/aggregate`;
  api<PrunedVersionView>(path).then(
    (view) => replace(root, prunedVersionView(view)),
    (e: unknown) =>
      replace(
        root,
        errorBox(e, () => mountPrunedVersion(root, ws, version)),
      ),
  );
}

type AggregateIndicators = PrunedVersionView['aggregate']['indicators']['overall'];

const count = (n: number) => n.toLocaleString('en');
const share = (v: number | null) => (v === null ? '—' : `${fmt(100 * v, 3)} %`);

/** A two-column table of counts, largest first, with a caption. */
function countTable(caption: string, head: string, counts: Record<string, number>, testid: string): HTMLElement {
  const rows = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return h(
    'table',
    { class: 'grid pruned-counts', attrs: { 'data-testid': testid } },
    h('caption', { text: caption }),
    h('thead', null, h('tr', null, h('th', { text: head, attrs: { scope: 'col' } }), h('th', { text: 'Count', class: 'num', attrs: { scope: 'col' } }))),
    h(
      'tbody',
      null,
      rows.length
        ? rows.map(([k, n]) => h('tr', null, h('th', { text: k, attrs: { scope: 'row' } }), h('td', { class: 'num', text: count(n) })))
        : h('tr', null, h('td', { text: 'none', attrs: { colspan: '2' } })),
    ),
  );
}

const INDICATOR_COLUMNS: [string, (g: AggregateIndicators) => string][] = [
  ['Nodes', (g) => count(g.nodes)],
  ['Ties', (g) => count(g.ties)],
  ['Density', (g) => fmt(g.density, 3)],
  ['Schools', (g) => count(g.schools)],
  ['Isolated schools', (g) => `${count(g.isolatedSchools)} (${share(g.isolatedShare)})`],
  ['Peripheral schools', (g) => count(g.peripheralSchools)],
  ['Cross-sector ties', (g) => share(g.crossSectorShare)],
  ['Mean steps to a hub', (g) => fmt(g.meanHubDistance, 3)],
  ['Schools without a hub', (g) => count(g.schoolsWithoutHub)],
  ['Mentoring coverage', (g) => share(g.mentoringCoverage)],
];

function indicatorTable(v: PrunedVersionView): HTMLElement {
  const groups = [v.aggregate.indicators.overall, ...v.aggregate.indicators.regions];
  return h(
    'div',
    { class: 'vtable' },
    h(
      'table',
      { class: 'grid', attrs: { 'data-testid': 'pruned-indicators' } },
      h('caption', { text: 'Headline indicators, for the whole network and by region' }),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { text: 'Group', attrs: { scope: 'col' } }),
          INDICATOR_COLUMNS.map(([name]) => h('th', { text: name, class: 'num', attrs: { scope: 'col' } })),
        ),
      ),
      h(
        'tbody',
        null,
        groups.map((g) =>
          h(
            'tr',
            { attrs: { 'data-key': g.key ?? 'overall' } },
            h('th', { text: g.key ?? 'Whole network', attrs: { scope: 'row' } }),
            INDICATOR_COLUMNS.map(([, cell]) => h('td', { class: 'num', text: cell(g) })),
          ),
        ),
      ),
    ),
  );
}

function roundsList(v: PrunedVersionView): HTMLElement | null {
  if (!v.rounds.length) return null;
  return h(
    'section',
    { attrs: { 'data-testid': 'pruned-rounds' } },
    h('h3', { text: 'Match rounds that used this version' }),
    h(
      'ul',
      null,
      v.rounds.map((r) =>
        h('li', {
          text:
            `Round ${r.number}${r.name ? ` “${r.name}”` : ''} (${r.kind}, ${r.status}; ${r.uses.join(', ')} here): ${count(r.pairs)} pairs — ` +
            `${count(r.counts.accepted)} accepted, ${count(r.counts.rejected)} rejected, ${count(r.counts.proposed)} proposed, ${count(r.counts.locked)} locked` +
            (r.outcomes.recorded ? `; ${count(r.outcomes.met)} of ${count(r.outcomes.recorded)} recorded outcomes met` : ''),
        }),
      ),
    ),
  );
}

/** The page for one pruned version (pure DOM from the contract's view). */
export function prunedVersionView(v: PrunedVersionView): HTMLElement {
  const a = v.aggregate;
  return h(
    'div',
    { class: 'page pruned-version', attrs: { 'data-testid': 'pruned-version' } },
    h('h2', { text: `Version ${v.version} of ${v.workspace}` }),
    h(
      'p',
      { class: 'pruned-note', attrs: { role: 'status', 'data-testid': 'pruned-note' } },
      h('strong', { text: `${v.note}.` }),
      ` Retention removed its nodes and ties, so there is no map; what was kept are the counts and indicators below (no ids or names). It had ${count(a.nodes)} nodes and ${count(a.ties)} ties when it was made on ${v.createdAt.slice(0, 10)}.`,
    ),
    h(
      'div',
      { class: 'pruned-grid' },
      countTable('Nodes by type', 'Type', a.nodesByType, 'pruned-node-types'),
      countTable('Ties by type', 'Type', a.tiesByType, 'pruned-tie-types'),
      countTable('Nodes by region', 'Region', a.nodesByRegion, 'pruned-regions'),
    ),
    indicatorTable(v),
    roundsList(v),
  );
}
