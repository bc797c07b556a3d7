/**
 * "Change between dates" for the coordinator: which schools joined the isolated list (bad news,
 * red) and which left it (good news, green), from the server's temporal diff, restricted to the
 * chosen region or hub.
 */
import type { App } from '../app.ts';
import { errorBox, fmt, h } from '../ui/dom.ts';
import { nodeButton } from './node-panel.ts';
import type { TemporalDiff } from '../../../src/server/contract/analysis.ts';

type DiffDoc = Pick<TemporalDiff, 'isolation'>;
type Change = TemporalDiff['isolation']['joined'][number];

export async function flaggedChanges(app: App, from: string, to: string): Promise<HTMLElement> {
  try {
    const d = await app.get<DiffDoc>(app.p.analysis('diff', { from, to }));
    const inScope = (c: Change) => {
      if (app.state.region && c.region !== app.state.region) return false;
      if (!app.state.hub) return true;
      const v = app.data?.index.get(c.id);
      return v !== undefined && app.data!.nodes[v].hub === app.state.hub;
    };
    const joined = d.isolation.joined.filter(inScope);
    const left = d.isolation.left.filter(inScope);
    const item = (c: Change, verdict: 'good' | 'bad') =>
      h(
        'li',
        { class: `change ${verdict}`, attrs: { 'data-id': c.id, 'data-verdict': verdict } },
        nodeButton(app, c.id, c.label ?? c.id),
        ` · score ${fmt(c.scoreFrom, 2)} → ${fmt(c.scoreTo, 2)}`,
        c.reasons.length ? h('div', { class: 'meta', text: c.reasons.map((r) => r.text).join('; ') }) : null,
      );
    return h(
      'div',
      { attrs: { 'data-testid': 'flagged-changes' } },
      h('h4', { class: 'bad-text', text: `Became isolated (${joined.length})` }),
      joined.length
        ? h(
            'ul',
            { class: 'changes' },
            joined.map((c) => item(c, 'bad')),
          )
        : h('p', { class: 'meta', text: 'No school became isolated.' }),
      h('h4', { class: 'good-text', text: `No longer isolated (${left.length})` }),
      left.length
        ? h(
            'ul',
            { class: 'changes' },
            left.map((c) => item(c, 'good')),
          )
        : h('p', { class: 'meta', text: 'No school left the list.' }),
    );
  } catch (e) {
    return errorBox(e);
  }
}
