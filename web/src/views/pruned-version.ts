import type { App } from '../app.ts';
import { paths } from '../api/client.ts';
import type { IndicatorsView, PrunedVersionView, VersionSummary } from '../api/types.ts';
import { headlineIndicators } from '../../../src/model/version-aggregate.ts';
import { encodeState } from '../state/view-state.ts';
import { toCsv } from '../ui/csv.ts';
import { download, errorBox, fmt, h, loading, replace } from '../ui/dom.ts';

/**
 * What every view shows for a version retention reduced to its aggregate (issue 20): its nodes and ties
 * are gone, so instead of the view's own content it shows, under the server's own "version N was pruned
 * on <date>; aggregate only", what this view cannot show and which of its actions are off (and why), the
 * way to the nearest version that still has its network, the counts by type and region, the headline
 * indicators, the rounds that used it, and a comparison with that nearest version as far as the
 * aggregate allows. One page for all views; each view gives only its own words (PrunedParts).
 */

/** An action of a view that needs the version's nodes and ties: shown disabled, with why. */
export interface OffAction {
  label: string;
  why: string;
}

/** What one view says of a pruned version. */
export interface PrunedParts {
  /** The view's name as the page heads it ("Coordinator"). */
  view: string;
  /** What the view cannot show without the nodes and ties, as one sentence. */
  gone: string;
  /** The view's actions that cannot work on a pruned version. */
  off: OffAction[];
  /** What still works here (the report of what was kept, say), built from the aggregate. */
  kept?: (v: PrunedVersionView) => HTMLElement | null;
}

/** The selected version's summary when retention pruned it; null for a whole version (or none). */
export function prunedSummary(app: Pick<App, 'versions' | 'version'>): VersionSummary | null {
  const v = app.versions.find((x) => String(x.number) === app.version);
  return v?.prunedAt ? v : null;
}

/**
 * How every version picker names a version: "v2 (pruned) · message" for a pruned one, the mark before
 * the message so a narrow select still shows it; "v4 · message (1,204 nodes)" for a whole one. The
 * title says when it was pruned.
 */
export function versionLabel(v: VersionSummary): { text: string; title: string } {
  const msg = v.message ? ` · ${v.message}` : '';
  return v.prunedAt
    ? { text: `v${v.number} (pruned)${msg}`, title: `version ${v.number} was pruned on ${v.prunedAt.slice(0, 10)}; aggregate only` }
    : { text: `v${v.number}${msg} (${count(v.counts.nodes)} nodes)`, title: `version ${v.number}` };
}

/**
 * The version nearest in time to version `number` that still has its nodes and ties (the newer of two
 * equally near), or null when every other version is pruned too.
 */
export function nearestWhole(versions: readonly VersionSummary[], number: number): VersionSummary | null {
  const at = versions.find((v) => v.number === number);
  const t = at ? Date.parse(at.createdAt) : Number.NaN;
  let best: VersionSummary | null = null;
  let bestGap = Number.POSITIVE_INFINITY;
  for (const v of versions) {
    if (v.prunedAt || v.number === number) continue;
    // Versions are numbered in the order they were made: the number stands in for a date we do not have.
    const gap = Number.isNaN(t) ? Math.abs(v.number - number) : Math.abs(Date.parse(v.createdAt) - t);
    if (gap < bestGap || (gap === bestGap && best && v.number > best.number)) {
      best = v;
      bestGap = gap;
    }
  }
  return best;
}

/** Fills `root` with the pruned page of the selected version for one view. */
export function mountPrunedVersion(root: HTMLElement, app: App, parts: PrunedParts): void {
  const ws = app.ws!;
  const version = app.version!;
  replace(root, loading('what was kept of this version'));
  const path = `${paths.version(ws, version)}/aggregate`;
  app.get<PrunedVersionView>(path).then(
    (view) => {
      const near = nearestWhole(app.versions, view.version);
      replace(root, prunedVersionView(view, { parts, way: wayBack(app, view, near), compare: near ? compareSection(app, view, near) : null }));
    },
    (e: unknown) =>
      replace(
        root,
        errorBox(e, () => mountPrunedVersion(root, app, parts)),
      ),
  );
}

/** "Version 4 still has its network" with a link that selects it (in this view), or that none does. */
function wayBack(app: App, v: PrunedVersionView, near: VersionSummary | null): HTMLElement {
  if (!near)
    return h('p', {
      class: 'pruned-way',
      attrs: { 'data-testid': 'pruned-way' },
      text: 'No version of this workspace still has its nodes and ties. Upload a dataset in the Researcher view to map it again.',
    });
  // The same view and state (a region the coordinator picked here, say), on the whole version.
  const href = () => encodeState({ ...app.state, workspace: v.workspace, version: String(near.number), selected: undefined, ego: undefined });
  const open = h('a', { class: 'button primary', text: `Open version ${near.number}`, attrs: { href: href(), 'data-testid': 'pruned-open-nearest' } });
  open.addEventListener('click', () => open.setAttribute('href', href()));
  return h(
    'p',
    { class: 'pruned-way', attrs: { 'data-testid': 'pruned-way' } },
    `Version ${near.number}${near.message ? ` (“${near.message}”)` : ''}, made on ${near.createdAt.slice(0, 10)}, still has its ${count(near.counts.nodes)} nodes and ${count(near.counts.edges)} ties. `,
    open,
  );
}

/** What this view cannot show, its actions that are off (disabled, each with why), and what still works. */
function hereSection(v: PrunedVersionView, parts: PrunedParts): HTMLElement {
  return h(
    'section',
    { class: 'pruned-here', attrs: { 'data-testid': 'pruned-here', 'aria-labelledby': 'pruned-here-h' } },
    h('h3', { text: `What the ${parts.view.toLowerCase()} view cannot show`, attrs: { id: 'pruned-here-h' } }),
    h('p', { text: parts.gone }),
    parts.off.length
      ? h(
          'ul',
          { class: 'pruned-off', attrs: { 'data-testid': 'pruned-off' } },
          parts.off.map((a, i) => {
            const id = `pruned-off-${i}`;
            return h(
              'li',
              null,
              h('button', { text: a.label, attrs: { type: 'button', disabled: true, 'aria-describedby': id } }),
              h('span', { class: 'meta', text: a.why, attrs: { id } }),
            );
          }),
        )
      : null,
    parts.kept?.(v) ?? null,
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

type Headline = PrunedVersionView['aggregate']['indicators']['overall'];

type Kind = 'count' | 'share' | 'number';
interface CompareRow {
  label: string;
  kind: Kind;
  a: number | null;
  b: number | null;
}

const HEADLINE_ROWS: [string, Kind, (g: Headline) => number | null][] = [
  ['Nodes', 'count', (g) => g.nodes],
  ['Ties', 'count', (g) => g.ties],
  ['Density', 'number', (g) => g.density],
  ['Schools', 'count', (g) => g.schools],
  ['Isolated schools', 'count', (g) => g.isolatedSchools],
  ['Isolated share', 'share', (g) => g.isolatedShare],
  ['Peripheral schools', 'count', (g) => g.peripheralSchools],
  ['Cross-sector ties', 'share', (g) => g.crossSectorShare],
  ['Mean steps to a hub', 'number', (g) => g.meanHubDistance],
  ['Schools without a hub', 'count', (g) => g.schoolsWithoutHub],
  ['Mentoring coverage', 'share', (g) => g.mentoringCoverage],
];

const cellOf = (kind: Kind, x: number | null) => (x === null ? '—' : kind === 'count' ? count(x) : kind === 'share' ? share(x) : fmt(x, 3));
function changeOf(r: CompareRow): string {
  if (r.a === null || r.b === null) return '—';
  const d = r.b - r.a;
  const sign = d > 0 ? '+' : d < 0 ? '−' : '±';
  const m = Math.abs(d);
  return `${sign}${r.kind === 'count' ? count(m) : r.kind === 'share' ? `${fmt(100 * m, 3)} pp` : fmt(m, 3)}`;
}

/** Rows of both versions' counts by one key (node type, region), every key either has. */
function keyedRows(prefix: string, a: Record<string, number>, b: Record<string, number>): CompareRow[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .sort((x, y) => (b[y] ?? 0) + (a[y] ?? 0) - ((b[x] ?? 0) + (a[x] ?? 0)) || x.localeCompare(y))
    .map((k) => ({ label: `${prefix}${k}`, kind: 'count' as const, a: a[k] ?? 0, b: b[k] ?? 0 }));
}

/** The comparison table of a pruned version with a whole one: pure DOM from the two documents. */
export function compareTable(v: PrunedVersionView, near: VersionSummary, live: IndicatorsView, region?: string): HTMLElement {
  const a = v.aggregate;
  // A region one of the two versions does not have compares as "—" on that side.
  const ga = region === undefined ? a.indicators.overall : a.indicators.regions.find((g) => g.key === region);
  const lb = region === undefined ? live.overall : live.groups.find((g) => g.key === region);
  const gb = lb ? headlineIndicators(lb) : undefined;
  const rows: CompareRow[] = [
    ...HEADLINE_ROWS.map(([label, kind, get]) => ({ label, kind, a: ga ? get(ga) : null, b: gb ? get(gb) : null })),
    // Nodes by type are kept for the whole network only.
    ...(region === undefined
      ? [
          ...keyedRows('Nodes typed ', a.nodesByType, live.overall.counts as Record<string, number>),
          ...keyedRows('Nodes in ', a.nodesByRegion, Object.fromEntries(live.groups.flatMap((g) => (g.key ? [[g.key, g.nodes]] : [])))),
        ]
      : []),
  ];
  return h(
    'div',
    { class: 'vtable' },
    h(
      'table',
      { class: 'grid', attrs: { 'data-testid': 'pruned-compare-table' } },
      h('caption', { text: `Version ${v.version} (aggregate) against version ${near.number}${region === undefined ? '' : `, region ${region}`}` }),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { text: 'Figure', attrs: { scope: 'col' } }),
          h('th', { text: `v${v.version}`, class: 'num', attrs: { scope: 'col' } }),
          h('th', { text: `v${near.number}`, class: 'num', attrs: { scope: 'col' } }),
          h('th', { text: 'Change', class: 'num', attrs: { scope: 'col' } }),
        ),
      ),
      h(
        'tbody',
        null,
        rows.map((r) =>
          h(
            'tr',
            { attrs: { 'data-label': r.label } },
            h('th', { text: r.label, attrs: { scope: 'row' } }),
            h('td', { class: 'num', text: cellOf(r.kind, r.a) }),
            h('td', { class: 'num', text: cellOf(r.kind, r.b) }),
            h('td', { class: 'num', text: changeOf(r) }),
          ),
        ),
      ),
    ),
  );
}

/**
 * Compare with the nearest whole version, loaded when opened (the whole version's indicators are a
 * heavy analysis): what both have (counts by type and region, headline indicators), and plainly what
 * the aggregate cannot be compared on.
 */
function compareSection(app: App, v: PrunedVersionView, near: VersionSummary): HTMLElement {
  const body = h('div');
  const box = h(
    'details',
    { class: 'pruned-compare', attrs: { 'data-testid': 'pruned-compare' } },
    h('summary', { text: `Compare with version ${near.number}: counts and indicators` }),
    h('p', {
      class: 'meta',
      attrs: { 'data-testid': 'pruned-compare-limits' },
      text: `What cannot be compared: which schools, teachers, organisations or ties came or went, the isolation list, communities, centralities and anything else node by node, because version ${v.version} keeps no ids. Ties by type are kept for version ${v.version} only (above).`,
    }),
    body,
  );
  let asked = false;
  box.addEventListener('toggle', () => {
    if (!box.open || asked) return;
    asked = true;
    const load = () => {
      replace(body, loading(`the indicators of version ${near.number}`));
      app.get<IndicatorsView>(`${paths.analysis(v.workspace, String(near.number), 'indicators')}?by=region`).then(
        (live) => {
          const regions = [...new Set([...v.aggregate.indicators.regions, ...live.groups].flatMap((g) => (g.key ? [g.key] : [])))].sort();
          const tableHost = h('div', null, compareTable(v, near, live));
          const group = h(
            'select',
            { attrs: { 'aria-label': 'Compare for', 'data-testid': 'pruned-compare-group' } },
            h('option', { text: 'Whole network', attrs: { value: '' } }),
            regions.map((r) => h('option', { text: r, attrs: { value: r } })),
          );
          group.addEventListener('change', () => replace(tableHost, compareTable(v, near, live, group.value || undefined)));
          replace(body, regions.length ? h('div', { class: 'row' }, h('label', null, 'For ', group)) : null, tableHost);
        },
        (e: unknown) => replace(body, errorBox(e, load)),
      );
    };
    load();
  });
  return box;
}

/** Everything the aggregate holds, one figure a row (table, group, name, value), as the user downloads it. */
export function aggregateCsv(v: PrunedVersionView): string {
  const a = v.aggregate;
  const rows: unknown[][] = [
    ['version', '', 'nodes', a.nodes],
    ['version', '', 'ties', a.ties],
    ...Object.entries(a.nodesByType).map(([k, n]) => ['nodes by type', '', k, n]),
    ...Object.entries(a.tiesByType).map(([k, n]) => ['ties by type', '', k, n]),
    ...Object.entries(a.nodesByRegion).map(([k, n]) => ['nodes by region', '', k, n]),
    ...[a.indicators.overall, ...a.indicators.regions].flatMap((g) =>
      Object.entries(g)
        .filter(([k]) => k !== 'key')
        .map(([k, x]) => ['indicators', g.key ?? 'whole network', k, x]),
    ),
  ];
  return toCsv(['table', 'group', 'name', 'value'], rows);
}

/** The page for one pruned version (pure DOM from the contract's view), with one view's own parts. */
export function prunedVersionView(
  v: PrunedVersionView,
  extra: { parts?: PrunedParts; way?: HTMLElement | null; compare?: HTMLElement | null } = {},
): HTMLElement {
  const a = v.aggregate;
  return h(
    'div',
    { class: 'pruned-version', attrs: { 'data-testid': 'pruned-version' } },
    h('h2', { text: `Version ${v.version} of ${v.workspace}` }),
    h(
      'p',
      { class: 'pruned-note', attrs: { role: 'status', 'data-testid': 'pruned-note' } },
      h('strong', { text: `${v.note}.` }),
      ` Retention removed its nodes and ties; what was kept are the counts and indicators below (no ids or names). It had ${count(a.nodes)} nodes and ${count(a.ties)} ties when it was made on ${v.createdAt.slice(0, 10)}.`,
    ),
    extra.way ?? null,
    extra.parts ? hereSection(v, extra.parts) : null,
    h(
      'div',
      { class: 'pruned-grid' },
      countTable('Nodes by type', 'Type', a.nodesByType, 'pruned-node-types'),
      countTable('Ties by type', 'Type', a.tiesByType, 'pruned-tie-types'),
      countTable('Nodes by region', 'Region', a.nodesByRegion, 'pruned-regions'),
    ),
    indicatorTable(v),
    h(
      'div',
      { class: 'row' },
      h('button', {
        text: 'Download counts and indicators (CSV)',
        attrs: { type: 'button', 'data-testid': 'pruned-csv' },
        on: { click: () => download(`${v.workspace}-v${v.version}-aggregate.csv`, aggregateCsv(v)) },
      }),
    ),
    roundsList(v),
    extra.compare ?? null,
  );
}
