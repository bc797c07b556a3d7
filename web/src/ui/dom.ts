/**
 * Element construction. Every user string goes in as a text node (textContent), never as HTML: a
 * node labelled `<img src=x onerror=alert(1)>` must show as that text.
 */
type Child = Node | string | number | null | undefined | false;
type Props = {
  class?: string;
  text?: string | number;
  title?: string;
  attrs?: Record<string, string | number | boolean | undefined>;
  on?: Partial<{ [K in keyof HTMLElementEventMap]: (ev: HTMLElementEventMap[K]) => void }>;
  style?: Partial<Record<string, string>>;
};

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props | null = null, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props) applyProps(el, props);
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
export function svg(tag: string, attrs: Record<string, string | number> = {}, ...children: (Child | Child[])[]): SVGElement {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  append(el, children);
  return el;
}

function applyProps(el: HTMLElement, p: Props): void {
  if (p.class) el.className = p.class;
  if (p.text !== undefined) el.textContent = String(p.text);
  if (p.title) el.title = p.title;
  if (p.attrs) {
    for (const [k, v] of Object.entries(p.attrs)) {
      if (v === undefined || v === false) continue;
      el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  if (p.style) for (const [k, v] of Object.entries(p.style)) if (v !== undefined) el.style.setProperty(k, v);
  if (p.on) for (const [k, fn] of Object.entries(p.on)) el.addEventListener(k, fn as EventListener);
}

function append(el: Element, children: (Child | Child[])[]): void {
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

export function replace(el: Element, ...children: (Child | Child[])[]): void {
  clear(el);
  append(el, children);
}

/** Loading / empty / error states, announced to assistive tech. */
export function loading(what: string): HTMLElement {
  return h(
    'div',
    { class: 'state loading', attrs: { role: 'status', 'aria-live': 'polite' } },
    h('span', { class: 'spinner', attrs: { 'aria-hidden': 'true' } }),
    `Loading ${what}…`,
  );
}
export function empty(message: string): HTMLElement {
  return h('div', { class: 'state empty', attrs: { role: 'status' } }, message);
}
export function errorBox(err: unknown, retry?: () => void): HTMLElement {
  const msg = err instanceof Error ? err.message : String(err);
  const details = (err as { details?: string[] })?.details ?? [];
  return h(
    'div',
    { class: 'state error', attrs: { role: 'alert' } },
    h('strong', { text: 'Something went wrong: ' }),
    msg,
    details.length
      ? h(
          'ul',
          null,
          details.slice(0, 50).map((d) => h('li', { text: d })),
        )
      : null,
    retry ? h('button', { text: 'Retry', on: { click: retry } }) : null,
  );
}

/**
 * A figure as shown on screen: integers in full, other numbers with `digits` significant digits
 * but never fewer than the integer part has (150.4 → "150.4", 1234.56 → "1,234.6"), rounded
 * half away from zero like the API's own figures printed with the same precision.
 */
export function fmt(v: unknown, digits = 3): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return '—';
    if (Number.isInteger(v)) return v.toLocaleString('en');
    const a = Math.abs(v);
    if (a >= 1) {
      const intDigits = Math.floor(Math.log10(a)) + 1;
      return v.toLocaleString('en', { maximumFractionDigits: Math.max(1, digits - intDigits) });
    }
    return v.toLocaleString('en', { maximumSignificantDigits: digits });
  }
  if (Array.isArray(v)) return v.join('; ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function download(name: string, content: string | Blob, mime = 'text/csv'): void {
  const blob = typeof content === 'string' ? new Blob([content], { type: mime }) : content;
  const url = URL.createObjectURL(blob);
  const a = h('a', { attrs: { href: url, download: name } });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
