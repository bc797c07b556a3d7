import type { App } from '../app.ts';
import { typeChoiceLabel, typeChoices, type TypeChoice } from '../map/filters.ts';
import type { MapData } from '../map/map-data.ts';
import { h } from '../ui/dom.ts';

/**
 * The map's type filters: one checkbox per node type and per tie type as the user's file named
 * them (own types such as `person` or `advice` show the built-in kind they are read as), with
 * counts. Checked boxes go to the URL state (`types`, `tieTypes`); none checked = no filter. The tie
 * types are the version's (`ties`, from the graph API) when given: a map loaded with only some
 * tie types still offers the others.
 */
export function typeFilterControls(app: App, data: MapData, ties?: TypeChoice[]): { el: HTMLElement; sync(): void } {
  const choices = typeChoices(data);
  if (ties) choices.ties = ties;
  const group = (title: string, testid: string, list: TypeChoice[], key: 'types' | 'tieTypes') => {
    const boxes = list.map((c) => {
      const cb = h('input', { attrs: { type: 'checkbox', value: c.key } });
      cb.addEventListener('change', () => {
        const on = boxes.filter((b) => b.checked).map((b) => b.value);
        app.update(key === 'types' ? { types: on } : { tieTypes: on });
      });
      return cb;
    });
    const el = h(
      'div',
      { class: 'field', attrs: { 'data-testid': testid } },
      title,
      h(
        'div',
        { class: 'checks' },
        list.map((c, i) =>
          h(
            'label',
            { title: c.own ? `Your own type "${c.key}", read by the analyses as ${c.kind}` : undefined },
            boxes[i],
            ` ${typeChoiceLabel(c)} `,
            h('span', { class: 'meta', text: `(${c.count.toLocaleString('en')})` }),
          ),
        ),
      ),
    );
    const sync = () => {
      const on = app.state[key] ?? [];
      for (const b of boxes) b.checked = on.includes(b.value);
    };
    return { el, sync };
  };
  const nodes = group('Node types', 'node-type-filter', choices.nodes, 'types');
  // A single tie type is no choice; the group shows once a file has two or more.
  const tieGroup = choices.ties.length > 1 ? group('Tie types', 'tie-type-filter', choices.ties, 'tieTypes') : null;
  return {
    el: h('div', null, nodes.el, tieGroup?.el),
    sync() {
      nodes.sync();
      tieGroup?.sync();
    },
  };
}
