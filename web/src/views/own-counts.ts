import type { IndicatorsView } from '../api/types.ts';
import { h } from '../ui/dom.ts';

/** One row of the own-type table: a group (the whole network first) and its node count per own type. */
export interface OwnCountRow {
  key: string | null;
  counts: number[];
}

/**
 * Nodes by the file's own types (`person`, `NGO`, …), for the whole network and each group of the
 * breakdown; null when no node has an own type. Columns follow the whole network's order (most
 * nodes first), so the per-group rows line up under the same headings.
 */
export function ownCountTable(doc: IndicatorsView): { types: string[]; rows: OwnCountRow[] } | null {
  const overall = doc.overall.ownCounts;
  if (!overall || !Object.keys(overall).length) return null;
  const types = Object.keys(overall);
  const row = (key: string | null, own: Record<string, number> | undefined): OwnCountRow => ({ key, counts: types.map((t) => own?.[t] ?? 0) });
  return { types, rows: [row(null, overall), ...doc.groups.filter((g) => g.ownCounts).map((g) => row(g.key, g.ownCounts))] };
}

const BY_WORD = { region: 'Region', country: 'Country', hub: 'Hub' } as const;

/** The table as DOM: the selected group's row is marked, group names go through `label` (hub ids → names). */
export function ownCountsView(doc: IndicatorsView, selected: string | null, label: (key: string) => string): HTMLElement | null {
  const t = ownCountTable(doc);
  if (!t) return null;
  return h(
    'table',
    { class: 'grid own-counts', attrs: { 'data-testid': 'own-counts' } },
    h('caption', { class: 'meta', style: { 'text-align': 'left' }, text: `Nodes by the file’s own types, for the whole network and by ${doc.by}` }),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { text: BY_WORD[doc.by], attrs: { scope: 'col' } }),
        t.types.map((ty) => h('th', { text: ty, style: { 'text-align': 'right' }, attrs: { scope: 'col' } })),
      ),
    ),
    h(
      'tbody',
      null,
      t.rows.map((r) =>
        h(
          'tr',
          { class: r.key !== null && r.key === selected ? 'sel' : undefined, attrs: { 'data-key': r.key ?? 'overall' } },
          h('th', { text: r.key === null ? 'Whole network' : label(r.key), attrs: { scope: 'row' } }),
          r.counts.map((c) => h('td', { class: 'num', text: c.toLocaleString('en') })),
        ),
      ),
    ),
  );
}
