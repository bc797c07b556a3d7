import type { App } from '../app.ts';
import type { NodeDetail } from '../api/types.ts';
import { explanationLines } from '../ui/explain.ts';
import { errorBox, fmt, h, loading, replace } from '../ui/dom.ts';
import { metricTerm } from '../ui/vocabulary.ts';
import { icon } from '../ui/icons.ts';

const HIDDEN_FIELDS = new Set(['id', 'label', 'type', 'attrs', 'x', 'y']);

/** The floating panel for the selected node: who it is, its numbers, why it is flagged, whom to pair it with. */
export function renderNodePanel(app: App, host: HTMLElement, id: string): void {
  const close = h(
    'button',
    { class: 'close', attrs: { 'aria-label': 'Close node panel', type: 'button' }, on: { click: () => app.update({ selected: undefined }) } },
    icon('close'),
  );
  const body = h('div', null, loading('node details'));
  const title = h('h2', { text: app.nodeLabel(id), attrs: { id: 'node-panel-title' } });
  replace(host, close, title, body);
  host.hidden = false;
  host.setAttribute('aria-labelledby', 'node-panel-title');
  app
    .get<NodeDetail>(app.p.node(id))
    .then((d) => {
      if (app.state.selected !== id) return;
      title.textContent = String(d.node.label || d.node.id);
      replace(body, ...detailContent(app, d));
    })
    .catch((e) =>
      replace(
        body,
        errorBox(e, () => renderNodePanel(app, host, id)),
      ),
    );
}

function detailContent(app: App, d: NodeDetail): Node[] {
  const out: Node[] = [];
  const n = d.node;
  out.push(
    h(
      'div',
      { class: 'row' },
      h('span', { class: 'tag', text: n.type }),
      d.community ? h('span', { class: 'tag', text: `community ${d.community.id} · ${d.community.size} members` }) : null,
      d.isolation ? h('span', { class: 'tag bad', text: `${d.isolation.status ?? 'isolated'} · rank ${d.isolation.rank}` }) : null,
    ),
  );
  out.push(
    h(
      'div',
      { class: 'row' },
      h('button', { text: 'Focus', attrs: { type: 'button' }, on: { click: () => void app.map?.focus(n.id) } }),
      h('button', { text: 'Ego network', attrs: { type: 'button' }, on: { click: () => app.update({ ego: n.id }) } }),
    ),
  );
  const attrs: [string, unknown][] = [['id', n.id]];
  for (const [k, v] of Object.entries(n)) if (!HIDDEN_FIELDS.has(k) && v !== undefined && v !== null && v !== '') attrs.push([k, v]);
  if (n.attrs && typeof n.attrs === 'object') for (const [k, v] of Object.entries(n.attrs as Record<string, unknown>)) attrs.push([k, v]);
  out.push(h('h3', { text: 'Attributes' }), kv(attrs));

  const status = d.isolation?.status ?? 'isolated';
  if (d.isolation && status !== 'connected') {
    out.push(
      h('h3', { text: `Why flagged as ${status} (isolation score ${fmt(d.isolation.score, 2)} of 1)` }),
      h(
        'ul',
        { class: 'reasons' },
        d.isolation.reasons.map((r) => h('li', { text: r.text })),
      ),
    );
  }
  const metrics = Object.entries(d.metrics ?? {});
  if (metrics.length) {
    out.push(
      h('h3', { text: 'Metrics' }),
      h(
        'dl',
        { class: 'kv', attrs: { 'data-testid': 'node-metrics' } },
        metrics.flatMap(([k, v]) => [
          h('dt', { text: metricTerm(k).label, title: metricTerm(k).explain || undefined }),
          h('dd', { text: fmt(v), attrs: { 'data-metric': k } }),
        ]),
      ),
    );
  }

  if (d.suggestions.items.length) {
    out.push(h('h3', { text: `Suggested ${d.suggestions.kind}` }));
    out.push(
      h(
        'ol',
        { class: 'reasons' },
        d.suggestions.items.map((s) =>
          h(
            'li',
            null,
            nodeButton(app, s.id, s.label ?? s.id),
            ' ',
            h('span', { class: 'score', text: fmt(s.score, 2) }),
            h(
              'ul',
              { class: 'explain' },
              explanationLines(s.explanation).map((x) => h('li', { text: x })),
            ),
          ),
        ),
      ),
    );
  } else if (d.suggestions.kind !== 'none') out.push(h('p', { class: 'state', text: d.suggestions.note ?? `No ${d.suggestions.kind} to suggest.` }));

  if (d.neighbours.length) {
    out.push(h('h3', { text: `Neighbours (${d.neighbours.length})` }));
    out.push(
      h(
        'ul',
        { class: 'reasons' },
        d.neighbours.slice(0, 100).map((nb) => h('li', null, nodeButton(app, nb.id, nb.label ?? nb.id), ` · ${nb.type} · ${nb.edgeTypes.join(', ')}`)),
      ),
    );
    if (d.neighbours.length > 100) out.push(h('p', { class: 'meta', text: `… and ${d.neighbours.length - 100} more` }));
  } else out.push(h('p', { class: 'state', text: 'No ties in this version.' }));
  return out;
}

export function nodeButton(app: App, id: string, label: string): HTMLElement {
  return h('button', {
    class: 'linklike',
    text: label,
    attrs: { type: 'button' },
    on: {
      click: () => {
        app.update({ selected: id });
        void app.map?.focus(id);
      },
    },
  });
}

function kv(rows: [string, unknown][]): HTMLElement {
  return h(
    'dl',
    { class: 'kv' },
    rows.flatMap(([k, v]) => [h('dt', { text: k }), h('dd', { text: fmt(v) })]),
  );
}
