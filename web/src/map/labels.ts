/**
 * Map labels: a long name (CORDIS organisations run to 150 characters) drawn in full runs past the
 * map's edge and over its neighbours, so the map draws at most MAP_LABEL_MAX characters and an
 * ellipsis. The full label is in the hover box, the map's tooltip and the node panel.
 */
export const MAP_LABEL_MAX = 32;

/** `label` shortened to `max` characters (counting code points, so no emoji is cut in half), the last an ellipsis. */
export function mapLabel(label: string, max = MAP_LABEL_MAX): string {
  const chars = Array.from(label);
  if (chars.length <= max) return label;
  return `${chars
    .slice(0, max - 1)
    .join('')
    .trimEnd()}…`;
}

/**
 * A label as lines of at most `width` characters, broken at spaces (a longer word is cut), at most
 * `maxLines` of them (the last ends with an ellipsis when the label goes on): the hover box of a
 * long name, which must stay on the map.
 */
export function wrapLabel(label: string, width = 40, maxLines = 4): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of label.split(/\s+/).filter(Boolean)) {
    for (let w = word; w; ) {
      const room = line ? width - Array.from(line).length - 1 : width;
      const chars = Array.from(w);
      if (chars.length <= room) {
        line = line ? `${line} ${w}` : w;
        w = '';
      } else if (line) {
        lines.push(line);
        line = '';
      } else {
        lines.push(chars.slice(0, width).join(''));
        w = chars.slice(width).join('');
      }
    }
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = `${Array.from(kept[maxLines - 1])
    .slice(0, width - 1)
    .join('')
    .trimEnd()}…`;
  return kept;
}

interface HoverNode {
  x: number;
  y: number;
  size: number;
  label: string | null;
  fullLabel?: string;
}

/**
 * Sigma's hover box (white, shadowed, beside the node) with the node's whole label, wrapped
 * (wrapLabel) and kept inside the canvas: on the node's left when it would run past the right edge.
 */
export function drawLongLabelHover(ctx: CanvasRenderingContext2D, d: HoverNode, s: { labelSize: number; labelFont: string; labelWeight: string }): void {
  const text = d.fullLabel ?? d.label ?? '';
  ctx.font = `${s.labelWeight} ${s.labelSize}px ${s.labelFont}`;
  const lines = text ? wrapLabel(text) : [];
  const pad = 3,
    lineH = s.labelSize + 3;
  const w = Math.ceil(Math.max(0, ...lines.map((l) => ctx.measureText(l).width))) + 2 * pad;
  const h = lines.length * lineH + 2 * pad;
  const width = ctx.canvas.clientWidth || ctx.canvas.width;
  const gap = d.size + 4;
  let x = d.x + gap;
  if (x + w > width - 4) x = d.x - gap - w >= 4 ? d.x - gap - w : Math.max(4, width - 4 - w);
  const y = d.y - Math.min(lineH / 2 + pad, h / 2);
  ctx.fillStyle = '#FFF';
  ctx.shadowOffsetX = 0;
  ctx.shadowOffsetY = 0;
  ctx.shadowBlur = 8;
  ctx.shadowColor = '#000';
  ctx.beginPath();
  ctx.arc(d.x, d.y, d.size + 2, 0, Math.PI * 2);
  ctx.fill();
  if (lines.length) ctx.fillRect(x, y, w, h);
  ctx.shadowBlur = 0;
  ctx.fillStyle = '#1f2328';
  ctx.textBaseline = 'middle';
  lines.forEach((l, i) => ctx.fillText(l, x + pad, y + pad + (i + 0.5) * lineH));
}
