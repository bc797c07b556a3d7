import { svg } from './dom.ts';

/** Small hand-written SVG charts; every label is a text node. */

export function barChart(
  items: { label: string; value: number }[],
  opts: { width?: number; barHeight?: number; format?: (v: number) => string; title?: string } = {},
): SVGElement {
  const width = opts.width ?? 320;
  const bh = opts.barHeight ?? 16;
  const labelW = 110;
  const max = Math.max(1e-12, ...items.map((i) => Math.abs(i.value)));
  const fmt = opts.format ?? ((v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2)));
  const height = items.length * (bh + 4) + 4;
  const root = svg('svg', { class: 'chart', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img' });
  if (opts.title) root.setAttribute('aria-label', opts.title);
  items.forEach((it, i) => {
    const y = 2 + i * (bh + 4);
    const w = ((width - labelW - 50) * Math.abs(it.value)) / max;
    const label = svg('text', { x: labelW - 4, y: y + bh - 4, 'text-anchor': 'end' });
    label.textContent = it.label.length > 18 ? `${it.label.slice(0, 17)}…` : it.label;
    const rect = svg('rect', { x: labelW, y, width: Math.max(1, w), height: bh, fill: '#4E79A7', rx: 2 });
    const t = svg('title');
    t.textContent = `${it.label}: ${fmt(it.value)}`;
    rect.append(t);
    const val = svg('text', { x: labelW + w + 4, y: y + bh - 4 });
    val.textContent = fmt(it.value);
    root.append(label, rect, val);
  });
  return root;
}

/** Histogram of a distribution (log-scaled counts optional for heavy tails). */
export function histogram(
  values: number[],
  opts: { bins?: number; width?: number; height?: number; title?: string; logCounts?: boolean; xLabel?: string } = {},
): SVGElement {
  const width = opts.width ?? 360;
  const height = opts.height ?? 160;
  const pad = { l: 36, r: 8, t: 8, b: 30 };
  const finite = values.filter((v) => Number.isFinite(v));
  const root = svg('svg', { class: 'chart', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': opts.title ?? 'histogram' });
  if (!finite.length) {
    const t = svg('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle' });
    t.textContent = 'no values';
    root.append(t);
    return root;
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of finite) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const allInt = finite.every(Number.isInteger);
  const bins = allInt && hi - lo < 40 ? Math.max(1, hi - lo + 1) : Math.max(1, opts.bins ?? 24);
  const span = allInt && hi - lo < 40 ? bins : hi - lo || 1;
  const counts = new Array<number>(bins).fill(0);
  for (const v of finite) counts[Math.min(bins - 1, Math.floor(((v - lo) / span) * bins))]++;
  const tr = (c: number) => (opts.logCounts ? Math.log10(1 + c) : c);
  const maxC = Math.max(...counts.map(tr), 1e-9);
  const iw = width - pad.l - pad.r;
  const ih = height - pad.t - pad.b;
  const bw = iw / bins;
  counts.forEach((c, i) => {
    const bh = (tr(c) / maxC) * ih;
    const r = svg('rect', { x: pad.l + i * bw + 0.5, y: pad.t + ih - bh, width: Math.max(0.5, bw - 1), height: bh, fill: '#59A14F' });
    const t = svg('title');
    const from = lo + (i * span) / bins;
    t.textContent = `${allInt && hi - lo < 40 ? from : from.toPrecision(3)}: ${c}`;
    r.append(t);
    root.append(r);
  });
  const axis = (x: number, y: number, text: string, anchor = 'middle') => {
    const t = svg('text', { x, y, 'text-anchor': anchor });
    t.textContent = text;
    root.append(t);
  };
  root.append(svg('line', { x1: pad.l, y1: pad.t + ih, x2: pad.l + iw, y2: pad.t + ih, stroke: '#999' }));
  axis(pad.l, height - 16, fmtTick(lo), 'start');
  axis(pad.l + iw, height - 16, fmtTick(hi), 'end');
  if (opts.xLabel) axis(pad.l + iw / 2, height - 3, opts.xLabel);
  axis(pad.l - 4, pad.t + 8, String(Math.max(...counts)), 'end');
  if (opts.logCounts) axis(pad.l - 4, pad.t + 20, '(log)', 'end');
  return root;
}

/** Two values side by side (before → after, date A → date B). */
export function pairBars(
  rows: { label: string; a: number; b: number }[],
  opts: { aLabel: string; bLabel: string; width?: number; format?: (v: number) => string },
): SVGElement {
  const width = opts.width ?? 340;
  const rowH = 30;
  const labelW = 120;
  const height = rows.length * rowH + 20;
  const fmt = opts.format ?? ((v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(3)));
  const root = svg('svg', { class: 'chart', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `${opts.aLabel} and ${opts.bLabel}` });
  rows.forEach((r, i) => {
    const max = Math.max(1e-12, Math.abs(r.a), Math.abs(r.b));
    const y = 4 + i * rowH;
    const iw = width - labelW - 60;
    const l = svg('text', { x: labelW - 4, y: y + 14, 'text-anchor': 'end' });
    l.textContent = r.label.length > 20 ? `${r.label.slice(0, 19)}…` : r.label;
    root.append(
      l,
      svg('rect', { x: labelW, y, width: Math.max(1, (iw * Math.abs(r.a)) / max), height: 10, fill: '#9aa0a6' }),
      svg('rect', { x: labelW, y: y + 12, width: Math.max(1, (iw * Math.abs(r.b)) / max), height: 10, fill: '#0072B2' }),
    );
    const ta = svg('text', { x: labelW + iw + 4, y: y + 9 });
    ta.textContent = fmt(r.a);
    const tb = svg('text', { x: labelW + iw + 4, y: y + 21 });
    tb.textContent = fmt(r.b);
    root.append(ta, tb);
  });
  const key = svg('text', { x: labelW, y: height - 4 });
  key.textContent = `grey: ${opts.aLabel} · blue: ${opts.bLabel}`;
  root.append(key);
  return root;
}

function fmtTick(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toPrecision(3);
}
