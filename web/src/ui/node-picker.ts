import { h, replace } from './dom.ts';

/** One pickable node: its id, the name a person knows it by, and what tells two of the same name apart. */
export interface NodeOption {
  id: string;
  name: string;
  /** e.g. "teacher · Tartu Kesklinna Põhikool · Tartu County" */
  detail?: string;
}

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase('en');

/**
 * The options matching what was typed, best first: names starting with it, then names with a word
 * starting with it, then any other match in the name, the detail (school, region) or the id.
 * Accents and case do not matter ("poltsamaa" finds "Põltsamaa").
 */
export function rankOptions(all: readonly NodeOption[], query: string, limit = 8): NodeOption[] {
  const q = fold(query.trim());
  if (!q) return all.slice(0, limit);
  const scored: { o: NodeOption; rank: number }[] = [];
  for (const o of all) {
    const name = fold(o.name);
    let rank = -1;
    if (name.startsWith(q)) rank = 0;
    else if (name.split(/[\s\-–(]+/).some((w) => w.startsWith(q))) rank = 1;
    else if (name.includes(q)) rank = 2;
    else if (o.detail && fold(o.detail).includes(q)) rank = 3;
    else if (fold(o.id).includes(q)) rank = 4;
    if (rank >= 0) scored.push({ o, rank });
  }
  scored.sort((a, b) => a.rank - b.rank || a.o.name.localeCompare(b.o.name, 'en') || (a.o.id < b.o.id ? -1 : 1));
  return scored.slice(0, limit).map((x) => x.o);
}

export interface NodePicker {
  el: HTMLElement;
  input: HTMLInputElement;
  /** The picked node, or null while nothing (or only free text) is chosen. */
  value(): NodeOption | null;
  clear(): void;
}

/**
 * A searchable node picker (ARIA 1.2 combobox with a listbox): type part of a name, move with the
 * arrow keys, Enter or a click picks, Escape closes. Each option shows the name and its detail.
 */
export function nodePicker(opts: { id: string; label: string; options: (query: string) => NodeOption[] }): NodePicker {
  const listId = `${opts.id}-list`;
  const input = h('input', {
    attrs: {
      id: opts.id,
      type: 'search',
      role: 'combobox',
      autocomplete: 'off',
      'aria-autocomplete': 'list',
      'aria-expanded': 'false',
      'aria-controls': listId,
      placeholder: 'Type a name…',
      'data-testid': `picker-${opts.id}`,
    },
  });
  const list = h('ul', { class: 'picker-list', attrs: { id: listId, role: 'listbox', 'aria-label': opts.label, hidden: true } });
  let shown: NodeOption[] = [];
  let active = -1;
  let picked: NodeOption | null = null;

  const setActive = (i: number) => {
    active = i;
    list.querySelectorAll('[role=option]').forEach((li, j) => li.setAttribute('aria-selected', String(j === i)));
    if (i >= 0) {
      input.setAttribute('aria-activedescendant', `${listId}-${i}`);
      list.children[i]?.scrollIntoView?.({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  };
  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    setActive(-1);
  };
  const open = () => {
    shown = opts.options(input.value);
    replace(
      list,
      shown.length
        ? shown.map((o, i) =>
            h(
              'li',
              {
                attrs: { id: `${listId}-${i}`, role: 'option', 'aria-selected': 'false', 'data-id': o.id },
                // mousedown, not click: the input's blur would close the list before a click lands.
                on: {
                  mousedown: (e) => {
                    e.preventDefault();
                    choose(i);
                  },
                },
              },
              h('span', { class: 'picker-name', text: o.name }),
              o.detail ? h('small', { class: 'meta', text: ` ${o.detail}` }) : null,
            ),
          )
        : h('li', { class: 'meta', attrs: { role: 'presentation' }, text: 'No match.' }),
    );
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    setActive(shown.length ? 0 : -1);
  };
  const choose = (i: number) => {
    const o = shown[i];
    if (!o) return;
    picked = o;
    input.value = o.name;
    input.title = o.detail ? `${o.name} — ${o.detail}` : o.name;
    close();
  };

  input.addEventListener('input', () => {
    picked = null;
    input.title = '';
    open();
  });
  input.addEventListener('focus', () => {
    if (!picked && input.value) open();
  });
  input.addEventListener('blur', close);
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (list.hidden) open();
      else if (shown.length) setActive((active + 1) % shown.length);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      if (shown.length) setActive((active - 1 + shown.length) % shown.length);
    } else if (e.key === 'Enter' && !list.hidden && active >= 0) {
      e.preventDefault();
      choose(active);
    } else if (e.key === 'Escape' && !list.hidden) {
      e.preventDefault();
      e.stopPropagation(); // the drawer also closes on Escape: close only the list
      close();
    }
  });

  return {
    el: h('div', { class: 'picker' }, h('label', { text: opts.label, attrs: { for: opts.id } }), input, list),
    input,
    value: () => picked,
    clear: () => {
      picked = null;
      input.value = '';
      input.title = '';
      close();
    },
  };
}
