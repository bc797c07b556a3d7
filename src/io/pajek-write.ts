import { isDirected, type Dataset } from '../model/index.ts';
import { getAttr } from './build.ts';
import { directionOf } from './attributes.ts';
import { PAJEK_LINE_ATTRS, PAJEK_SHAPES, PAJEK_VERTEX_ATTRS } from './pajek.ts';
import { twoModeSplit } from './two-mode.ts';

/*
 * Pajek .net as Pajek, NetworkX (`read_pajek`) and igraph (`Read_Pajek`) read it with the same
 * meaning (test/io/export-peers.test.ts): each vertex's quoted label is the node's hubgraph id (NetworkX
 * names nodes by it, and our reader takes labels as ids when they all differ), ties with their
 * weights, `*Arcs` when every tie is directed, else `*Edges` (as hubgraph computes), or — with
 * `mixed: 'per-edge'` — the directed ties as `*Arcs` and the others as `*Edges`, which Pajek and
 * our reader keep apart and NetworkX reads as a directed graph. The drawn position (`viz_x`,
 * `viz_y`) is written when every node has one. Pajek's own drawing parameters, which igraph reads
 * by name and NetworkX as `key value` pairs, carry what our Pajek reader took from them: a node's
 * `viz_shape` (a Pajek shape), `color` (`ic`), `framecolor` (`bc`), `xfact`, `yfact`, a tie's
 * `color` (`c`), `width` (`w`) and `label` (`l "…"`). NetworkX reads a vertex's parameters only
 * after `x y shape` (and a position only with a shape), so a written position always has a shape
 * (`ellipse`, Pajek's default, which our reader does not keep, when the node has none), and when a
 * node has parameters every vertex gets a position (`0 0` for all when no node has one, which our
 * reader takes as no layout, as NetworkX writes it); with a partial layout they are left out.
 * Pajek has no place NetworkX and igraph both read for other attributes (igraph refuses NetworkX's
 * `key value` pairs), so types, labels, dates and other attributes are not written: use GraphML,
 * GEXF or GML for those.
 *
 * A two-mode dataset (two-mode.ts: its node types fall into two sides with every tie between them,
 * as a two-mode DL or Pajek file reads, or CORDIS's organisations × projects) is written as Pajek's
 * two-mode network, `*Vertices n n1` with the n1 row nodes first, which igraph's Read_Pajek reads
 * as its vertex attribute `type` (False for rows) and NetworkX's read_pajek refuses; `twoMode:
 * 'off'` writes it one-mode. A `%` comment before `*Vertices` names each side's type (when the side
 * has one) for our reader; Pajek and igraph skip comments.
 */

/** A drawing parameter's value: numbers as they are, a colour word bare, other text quoted. */
function param(key: string, v: unknown): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return `${key} ${v}`;
  if (typeof v !== 'string' || v === '') return undefined;
  return `${key} ${/^[A-Za-z0-9#]+$/.test(v) && key !== 'l' ? v : quoted(v)}`;
}

/** ` ic Green x_fact 2 …`: the Pajek parameters `attrs` holds under the reader's names (`names`: Pajek key → attribute). */
function params(attrs: Record<string, unknown>, names: Readonly<Record<string, string>>): string {
  let out = '';
  for (const [key, name] of Object.entries(names)) {
    const p = param(key, getAttr(attrs, name));
    if (p) out += ` ${p}`;
  }
  return out;
}

export interface PajekWriteOptions {
  mixed?: 'attribute' | 'per-edge';
  /** `auto` (default): a two-mode dataset as a two-mode network (`*Vertices n n1`); `off`: always one-mode, which NetworkX reads. */
  twoMode?: 'auto' | 'off';
}

/** Pajek quotes a label with `"` and has no escape for it; `'` stands in. */
function quoted(s: string): string {
  return `"${s.replace(/"/g, "'").replace(/[\r\n]+/g, ' ')}"`;
}

export function writePajek(dataset: Dataset, options: PajekWriteOptions = {}): string {
  const direction = directionOf(dataset.edges);
  const out: string[] = [];
  if (dataset.meta.name !== undefined) out.push(`*Network ${dataset.meta.name.replace(/[\r\n]+/g, ' ')}`);
  const split = options.twoMode === 'off' ? null : twoModeSplit(dataset);
  // Rows first: vertices 1…n1 are the first mode.
  const nodes = split ? [...split.rows, ...split.columns].map((i) => dataset.nodes[i]) : dataset.nodes;
  if (split) {
    const side = (word: string, kind: string | undefined) => (kind === undefined || kind.includes('"') ? '' : ` ${word} ${quoted(kind)}`);
    const named = [side('rows', split.kinds.rows), side('columns', split.kinds.columns)].filter(Boolean).join(',');
    if (named) out.push(`% two-mode (hubgraph):${named}`);
    out.push(`*Vertices ${nodes.length} ${split.rows.length}`);
  } else out.push(`*Vertices ${nodes.length}`);
  const hasXy = (n: Dataset['nodes'][number]) => typeof getAttr(n.attrs, 'viz_x') === 'number' && typeof getAttr(n.attrs, 'viz_y') === 'number';
  const xy = nodes.every(hasXy);
  const shapeOf = (n: Dataset['nodes'][number]) => {
    const s = getAttr(n.attrs, 'viz_shape');
    return typeof s === 'string' && PAJEK_SHAPES.has(s.toLowerCase()) ? s : undefined;
  };
  const drawn = nodes.map((n) => params(n.attrs, PAJEK_VERTEX_ATTRS));
  // Parameters (and shapes) need `x y shape` before them for NetworkX: a position for every vertex, or none.
  const styled = (xy || !nodes.some(hasXy)) && nodes.some((n, i) => drawn[i] !== '' || shapeOf(n) !== undefined);
  const number = new Map<string, number>();
  nodes.forEach((n, i) => {
    number.set(n.id, i + 1);
    // Pajek draws y downwards; our reader flips it back.
    const at = xy ? ` ${getAttr(n.attrs, 'viz_x')} ${-(getAttr(n.attrs, 'viz_y') as number) || 0}` : styled ? ' 0 0' : '';
    out.push(`${i + 1} ${quoted(n.id)}${at}${xy || styled ? ` ${shapeOf(n) ?? 'ellipse'}${drawn[i]}` : ''}`);
  });
  const line = (e: Dataset['edges'][number]) => `${number.get(e.source)} ${number.get(e.target)} ${e.weight}${params(e.attrs, PAJEK_LINE_ATTRS)}`;
  if (direction === 'mixed' && options.mixed === 'per-edge') {
    out.push('*Arcs', ...dataset.edges.filter((e) => isDirected(e)).map(line));
    out.push('*Edges', ...dataset.edges.filter((e) => !isDirected(e)).map(line));
  } else {
    out.push(direction === 'directed' ? '*Arcs' : '*Edges', ...dataset.edges.map(line));
  }
  // Pajek (a Windows program) and igraph read CRLF; NetworkX and our reader take either.
  return out.join('\r\n') + '\r\n';
}
