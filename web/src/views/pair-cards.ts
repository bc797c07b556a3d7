import type { Pair, Round } from '../api/types.ts';
import { fmt, h } from '../ui/dom.ts';

const PAGE = 100;

/**
 * The round's pairs as cards for narrow screens (the workbench drawer on a phone): the same
 * decisions as the table's rows, best score first. Each card is one tab stop that opens the pair's
 * explanation with Enter or Space; its buttons follow it in the tab order.
 */
export function pairCards(round: Round, opts: { name: (id: string) => string; actions: (p: Pair) => HTMLElement; onOpen: (p: Pair) => void }): HTMLElement {
  const sorted = [...round.pairs].sort((a, b) => b.score - a.score || (a.left < b.left ? -1 : 1));
  const list = h('ul', { class: 'pair-cards', attrs: { 'data-testid': 'pair-cards', 'aria-label': `Pairs of round ${round.number}` } });
  const sides = round.kind === 'mentoring' ? ['Mentor', 'Mentee'] : ['Company', 'Partner'];
  let shown = 0;
  const more = h('button', { attrs: { type: 'button' } });
  const page = () => {
    for (const p of sorted.slice(shown, shown + PAGE)) {
      const who = `${opts.name(p.left)} → ${opts.name(p.right)}`;
      const card = h(
        'li',
        {
          class: `pair-card${p.status === 'rejected' ? ' rejected' : ''}`,
          attrs: { tabindex: 0, 'aria-label': `${who}, score ${fmt(p.score, 2)}, ${p.status}. Enter shows why.`, 'data-testid': 'pair-card' },
          on: {
            click: () => opts.onOpen(p),
            keydown: (e) => {
              if ((e.key === 'Enter' || e.key === ' ') && e.target === e.currentTarget) {
                e.preventDefault();
                opts.onOpen(p);
              }
            },
          },
        },
        h(
          'dl',
          null,
          h('dt', { text: sides[0] }),
          h('dd', { text: opts.name(p.left) }),
          h('dt', { text: sides[1] }),
          h('dd', { text: opts.name(p.right) }),
          h('dt', { text: 'Score' }),
          h('dd', { text: fmt(p.score, 2) }),
        ),
        opts.actions(p),
      );
      list.append(card);
    }
    shown = Math.min(sorted.length, shown + PAGE);
    more.textContent = `Show ${Math.min(PAGE, sorted.length - shown)} more of ${sorted.length - shown}`;
    more.hidden = shown >= sorted.length;
  };
  more.addEventListener('click', page);
  page();
  return h('div', null, list, more);
}
