/**
 * The map as a figure for a paper or a report: vector SVG with `<text>` labels, a title and a
 * legend, and a PNG rasterised from that SVG at print resolution (so labels stay sharp rather
 * than being an upscaled screen capture).
 */
export interface MapScene {
  width: number;
  height: number;
  nodes: { id: string; x: number; y: number; r: number; fill: string; ring: string; label: string; fullLabel?: string; labelled: boolean }[];
  edges: { x1: number; y1: number; x2: number; y2: number; w: number }[];
  edgeColor: string;
}

export interface LegendBlock {
  title: string;
  entries: { label: string; color: string; count?: number; ring?: boolean }[];
}

export interface FigureOptions {
  title?: string;
  subtitle?: string;
  legend?: LegendBlock[];
}

const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif';
const RING = 0.18; // share of the radius drawn as the type ring, as the WebGL program does
const LEGEND_W = 230;
const TITLE_H = 54;

export const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const f1 = (x: number) => (Math.round(x * 10) / 10).toString();

/** Size of the figure the options give (map plus title band and legend column). */
export function figureSize(scene: Pick<MapScene, 'width' | 'height'>, opts: FigureOptions): { width: number; height: number } {
  const top = opts.title ? TITLE_H : 0;
  const legendH = (opts.legend ?? []).reduce((s, b) => s + 28 + 18 * b.entries.length, 16);
  return {
    width: Math.round(scene.width + (opts.legend?.length ? LEGEND_W : 0)),
    height: Math.round(Math.max(scene.height + top, opts.legend?.length ? legendH + top : 0)),
  };
}

export function sceneSvg(scene: MapScene, opts: FigureOptions = {}): string {
  const { width, height } = figureSize(scene, opts);
  const top = opts.title ? TITLE_H : 0;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}">`);
  out.push(`<rect width="100%" height="100%" fill="#fff"/>`);
  if (opts.title) {
    out.push(`<text x="16" y="26" font-size="18" font-weight="700" fill="#1f2328">${esc(opts.title)}</text>`);
    if (opts.subtitle) out.push(`<text x="16" y="45" font-size="12" fill="#57606a">${esc(opts.subtitle)}</text>`);
  }
  out.push(`<defs><clipPath id="map-clip"><rect width="${f1(scene.width)}" height="${f1(scene.height)}"/></clipPath></defs>`);
  out.push(`<g transform="translate(0 ${top})" clip-path="url(#map-clip)">`);
  out.push(`<g stroke="${scene.edgeColor}">`);
  for (const e of scene.edges) out.push(`<line x1="${f1(e.x1)}" y1="${f1(e.y1)}" x2="${f1(e.x2)}" y2="${f1(e.y2)}" stroke-width="${f1(e.w)}"/>`);
  out.push('</g>');
  for (const n of scene.nodes) {
    const r = Math.max(1, n.r);
    out.push(
      `<circle data-id="${esc(n.id)}" cx="${f1(n.x)}" cy="${f1(n.y)}" r="${f1(r * (1 - RING / 2))}" fill="${n.fill}" stroke="${n.ring}" stroke-width="${f1(Math.max(0.5, r * RING))}"><title>${esc(n.fullLabel ?? n.label)}</title></circle>`,
    );
  }
  out.push(...labels(scene));
  out.push('</g>');
  if (opts.legend?.length) out.push(legendSvg(opts.legend, scene.width + 16, top + 8));
  out.push('</svg>');
  return out.join('');
}

/** Labels sigma would draw (above the size threshold), biggest first, skipping overlaps. */
function labels(scene: MapScene): string[] {
  const taken: { x: number; y: number; w: number; h: number }[] = [];
  const out: string[] = [];
  const cand = scene.nodes.filter((n) => n.labelled && n.label).sort((a, b) => b.r - a.r);
  for (const n of cand) {
    const box = { x: n.x + n.r + 3, y: n.y - 7, w: 6.4 * n.label.length, h: 14 };
    if (box.x > scene.width || box.y > scene.height || box.y + box.h < 0) continue;
    if (taken.some((t) => box.x < t.x + t.w && t.x < box.x + box.w && box.y < t.y + t.h && t.y < box.y + box.h)) continue;
    taken.push(box);
    out.push(
      `<text x="${f1(box.x)}" y="${f1(n.y + 4)}" font-size="11" font-weight="500" fill="#1f2328" stroke="#fff" stroke-width="3" paint-order="stroke">${esc(n.label)}</text>`,
    );
  }
  return out;
}

function legendSvg(blocks: LegendBlock[], x: number, y: number): string {
  const out: string[] = [`<g class="legend" transform="translate(${f1(x)} ${f1(y)})">`];
  let dy = 0;
  for (const b of blocks) {
    out.push(`<text x="0" y="${dy + 14}" font-size="12" font-weight="700" fill="#1f2328">${esc(b.title)}</text>`);
    dy += 24;
    for (const e of b.entries) {
      out.push(
        e.ring
          ? `<rect x="1" y="${dy + 1}" width="10" height="10" rx="5" fill="#fff" stroke="${e.color}" stroke-width="2.5"/>`
          : `<rect x="0" y="${dy}" width="12" height="12" rx="2" fill="${e.color}"/>`,
      );
      out.push(`<text x="18" y="${dy + 10}" font-size="11" fill="#1f2328">${esc(e.label)}${e.count ? ` (${e.count.toLocaleString('en')})` : ''}</text>`);
      dy += 18;
    }
    dy += 4;
  }
  out.push('</g>');
  return out.join('');
}

/** Rasterises an SVG figure at `scale` × its size (3 × a 1,000 px map ≈ 300 dpi on a 10-inch page). */
export async function svgToPng(svg: string, scale = 3): Promise<Blob> {
  const m = /width="(\d+)" height="(\d+)"/.exec(svg);
  const w = Number(m?.[1] ?? 800);
  const hgt = Number(m?.[2] ?? 600);
  const img = new Image();
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  await img.decode();
  const c = document.createElement('canvas');
  c.width = Math.round(w * scale);
  c.height = Math.round(hgt * scale);
  const ctx = c.getContext('2d')!;
  ctx.drawImage(img, 0, 0, c.width, c.height);
  return new Promise((resolve, reject) => c.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG export failed'))), 'image/png'));
}
