import type { App } from '../app.ts';
import { api } from '../api/client.ts';
import type { MaturityChange } from '../../../src/model/rounds.ts';
import { pairBars } from '../ui/charts.ts';
import { empty, errorBox, fmt, h, loading, replace } from '../ui/dom.ts';
import './rounds.css';

const GROUP_WORDS: Record<MaturityChange['groups'][number]['group'], string> = {
  mentees: 'Mentored schools (in an accepted round)',
  others: 'Schools without a mentor',
};

/** Mean baseline and latest value of each group, for the before → after bars. */
export function groupMeans(doc: MaturityChange): { group: MaturityChange['groups'][number]['group']; before: number; after: number; n: number }[] {
  return doc.groups.flatMap((g) => {
    const xs = doc.schools.filter((s) => s.group === g.group);
    if (!xs.length) return [];
    const mean = (f: (s: (typeof xs)[number]) => number) => xs.reduce((t, s) => t + f(s), 0) / xs.length;
    return [{ group: g.group, before: mean((s) => s.before), after: mean((s) => s.after), n: xs.length }];
  });
}

/**
 * The researcher's panel: maturity change of schools mentored in accepted rounds against schools that
 * were not (GET /api/workspaces/:ws/maturity-change), per group and per school. Descriptive only.
 */
export function maturityChangePanel(app: App): HTMLElement {
  const title = h('h2', { text: 'Maturity change: mentored schools and the others', attrs: { id: 'maturity-change-h' } });
  const host = h('section', { attrs: { 'aria-labelledby': 'maturity-change-h', 'data-testid': 'maturity-change' } }, title, loading('maturity change'));
  const ws = app.ws;
  if (!ws) {
    replace(host, title, empty('No workspace yet.'));
    return host;
  }
  const load = async () => {
    try {
      const doc = await api<MaturityChange>(`/api/workspaces/${encodeURIComponent(ws)}/maturity-change`);
      if (!doc.schools.length) {
        replace(host, title, empty('No school has a baseline and a later self-assessment yet: record new maturity values after a round in Matching.'));
        return;
      }
      const means = groupMeans(doc);
      const sorted = [...doc.schools].sort((a, b) => (a.group === b.group ? b.after - b.before - (a.after - a.before) : a.group === 'mentees' ? -1 : 1));
      replace(
        host,
        title,
        h('p', { class: 'meta', text: `Baseline: the maturity in the data (or the first assessment); latest: the newest self-assessment. Note: ${doc.note}.` }),
        h(
          'table',
          { class: 'kv-table', attrs: { 'data-testid': 'maturity-groups' } },
          h('caption', { class: 'meta', text: 'Mean change of maturity (1–5 scale) by group' }),
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', { text: 'Group', attrs: { scope: 'col' } }),
              h('th', { text: 'Schools', attrs: { scope: 'col' } }),
              h('th', { text: 'Mean change', attrs: { scope: 'col' } }),
            ),
          ),
          h(
            'tbody',
            null,
            doc.groups.map((g) =>
              h(
                'tr',
                { attrs: { 'data-group': g.group } },
                h('th', { text: GROUP_WORDS[g.group], attrs: { scope: 'row' } }),
                h('td', { text: String(g.schools) }),
                h('td', { text: g.meanChange === null ? '—' : `${g.meanChange >= 0 ? '+' : ''}${fmt(g.meanChange, 2)}` }),
              ),
            ),
          ),
        ),
        means.length
          ? pairBars(
              means.map((m) => ({ label: m.group === 'mentees' ? `mentored (${m.n})` : `others (${m.n})`, a: m.before, b: m.after })),
              { aLabel: 'baseline', bLabel: 'latest', format: (v) => fmt(v, 2) },
            )
          : null,
        h(
          'details',
          null,
          h('summary', { text: `Schools (${doc.schools.length})` }),
          h(
            'ul',
            { class: 'reasons', attrs: { 'data-testid': 'maturity-schools' } },
            sorted
              .slice(0, 200)
              .map((s) =>
                h(
                  'li',
                  null,
                  h('strong', { text: app.nodeLabel(s.id) }),
                  ` — ${s.group === 'mentees' ? 'mentored' : 'no mentor'}: ${fmt(s.before, 2)} → ${fmt(s.after, 2)} (assessed ${s.date})`,
                ),
              ),
          ),
        ),
      );
    } catch (e) {
      replace(
        host,
        title,
        errorBox(e, () => void load()),
      );
    }
  };
  void load();
  return host;
}
