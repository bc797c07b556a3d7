import { fmt, h, replace } from './dom.ts';

export interface Column<R> {
  key: string;
  label?: string;
  value: (row: R) => unknown;
  numeric?: boolean;
  /** Custom cell content (e.g. buttons); falls back to the formatted value as text. */
  render?: (row: R) => Node | string;
}

export interface TableOptions<R> {
  /** Rows drawn at once around the viewport; the rest are spacer rows (virtualisation). */
  rowHeight?: number;
  height?: number;
  onRowClick?: (row: R) => void;
  rowClass?: (row: R) => string;
  testid?: string;
  initialSort?: { key: string; desc: boolean };
}

/**
 * A sortable table that only creates DOM rows for what is on screen, so tens of thousands of rows
 * scroll smoothly. Sorting: click or Enter on a header; numbers sort numerically, blanks last.
 */
export function virtualTable<R>(columns: Column<R>[], rows: R[], opts: TableOptions<R> = {}): { el: HTMLElement; setRows(rows: R[]): void; sorted(): R[] } {
  const rowH = opts.rowHeight ?? 24;
  const height = opts.height ?? 420;
  let data = rows.slice();
  let sort = opts.initialSort ?? null;
  const wrap = h('div', { class: 'vtable', style: { height: `${height}px` }, attrs: { tabindex: 0, 'data-testid': opts.testid } });
  const table = h('table', { class: 'grid' });
  const thead = h('thead');
  const tbody = h('tbody');
  table.append(thead, tbody);
  wrap.append(table);

  const applySort = () => {
    if (!sort) return;
    const col = columns.find((c) => c.key === sort!.key);
    if (!col) return;
    const dir = sort.desc ? -1 : 1;
    const keyed = data.map((r) => ({ r, v: col.value(r) }));
    keyed.sort((a, b) => {
      const av = a.v;
      const bv = b.v;
      const ablank = av === null || av === undefined || av === '' || (typeof av === 'number' && Number.isNaN(av));
      const bblank = bv === null || bv === undefined || bv === '' || (typeof bv === 'number' && Number.isNaN(bv));
      if (ablank || bblank) return ablank === bblank ? 0 : ablank ? 1 : -1;
      if (typeof av === 'number' && typeof bv === 'number') return (av - bv) * dir;
      return String(av).localeCompare(String(bv), undefined, { numeric: true }) * dir;
    });
    data = keyed.map((k) => k.r);
  };

  const header = () => {
    replace(
      thead,
      h(
        'tr',
        null,
        columns.map((c) => {
          const active = sort?.key === c.key;
          const btn = h('button', { text: `${c.label ?? c.key}${active ? (sort!.desc ? ' ▼' : ' ▲') : ''}`, attrs: { type: 'button' } });
          btn.addEventListener('click', () => {
            sort = { key: c.key, desc: active ? !sort!.desc : !!c.numeric };
            applySort();
            header();
            draw();
          });
          return h('th', { attrs: { 'aria-sort': active ? (sort!.desc ? 'descending' : 'ascending') : 'none', scope: 'col' } }, btn);
        }),
      ),
    );
  };

  const draw = () => {
    const top = wrap.scrollTop;
    const first = Math.max(0, Math.floor(top / rowH) - 10);
    const count = Math.ceil(height / rowH) + 20;
    const last = Math.min(data.length, first + count);
    const frag: Node[] = [];
    if (first > 0) frag.push(h('tr', { style: { height: `${first * rowH}px` }, attrs: { 'aria-hidden': 'true' } }));
    for (let i = first; i < last; i++) {
      const r = data[i];
      const tr = h(
        'tr',
        { class: opts.rowClass?.(r) ?? '', style: { height: `${rowH}px` } },
        columns.map((c) => h('td', { class: c.numeric ? 'num' : '' }, c.render ? c.render(r) : fmt(c.value(r)))),
      );
      if (opts.onRowClick) {
        tr.style.cursor = 'pointer';
        tr.addEventListener('click', () => opts.onRowClick!(r));
        // Openable by keyboard too: focusable, Enter / Space act like a click (not when a button inside has focus).
        tr.tabIndex = 0;
        tr.addEventListener('keydown', (e) => {
          if ((e.key === 'Enter' || e.key === ' ') && e.target === tr) {
            e.preventDefault();
            opts.onRowClick!(r);
          }
        });
      }
      frag.push(tr);
    }
    if (last < data.length) frag.push(h('tr', { style: { height: `${(data.length - last) * rowH}px` }, attrs: { 'aria-hidden': 'true' } }));
    if (!data.length) frag.push(h('tr', null, h('td', { text: 'No rows', attrs: { colspan: columns.length } })));
    replace(tbody, frag);
  };
  let raf = 0;
  wrap.addEventListener('scroll', () => {
    cancelAnimationFrame(raf);
    raf = requestAnimationFrame(draw);
  });
  applySort();
  header();
  draw();
  return {
    el: wrap,
    setRows(next: R[]) {
      data = next.slice();
      applySort();
      draw();
    },
    sorted: () => data,
  };
}
