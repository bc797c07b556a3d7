import { isDirected, type Dataset } from '../model/index.ts';
import { getAttr } from './build.ts';
import { directionOf } from './attributes.ts';

/*
 * Pajek .net as Pajek, NetworkX (`read_pajek`) and igraph (`Read_Pajek`) read it with the same
 * meaning (test/io/export-peers.test.ts): each vertex's quoted label is the node's hubgraph id (NetworkX
 * names nodes by it, and our reader takes labels as ids when they all differ), ties with their
 * weights, `*Arcs` when every tie is directed, else `*Edges` (as hubgraph computes), or — with
 * `mixed: 'per-edge'` — the directed ties as `*Arcs` and the others as `*Edges`, which Pajek and
 * our reader keep apart and NetworkX reads as a directed graph. The drawn position (`viz_x`,
 * `viz_y`) is written when every node has one. Pajek has no place NetworkX and igraph both read
 * for other attributes (igraph refuses NetworkX's `key value` pairs), so types, labels, dates and
 * attributes are not written: use GraphML, GEXF or GML for those.
 */

export interface PajekWriteOptions {
  mixed?: 'attribute' | 'per-edge';
}

/** Pajek quotes a label with `"` and has no escape for it; `'` stands in. */
function quoted(s: string): string {
  return `"${s.replace(/"/g, "'").replace(/[\r\n]+/g, ' ')}"`;
}

export function writePajek(dataset: Dataset, options: PajekWriteOptions = {}): string {
  const direction = directionOf(dataset.edges);
  const out: string[] = [];
  if (dataset.meta.name !== undefined) out.push(`*Network ${dataset.meta.name.replace(/[\r\n]+/g, ' ')}`);
  out.push(`*Vertices ${dataset.nodes.length}`);
  const xy = dataset.nodes.every((n) => typeof getAttr(n.attrs, 'viz_x') === 'number' && typeof getAttr(n.attrs, 'viz_y') === 'number');
  const number = new Map<string, number>();
  dataset.nodes.forEach((n, i) => {
    number.set(n.id, i + 1);
    // Pajek draws y downwards; our reader flips it back.
    const at = xy ? ` ${getAttr(n.attrs, 'viz_x')} ${-(getAttr(n.attrs, 'viz_y') as number) || 0}` : '';
    out.push(`${i + 1} ${quoted(n.id)}${at}`);
  });
  const line = (e: Dataset['edges'][number]) => `${number.get(e.source)} ${number.get(e.target)} ${e.weight}`;
  if (direction === 'mixed' && options.mixed === 'per-edge') {
    out.push('*Arcs', ...dataset.edges.filter((e) => isDirected(e)).map(line));
    out.push('*Edges', ...dataset.edges.filter((e) => !isDirected(e)).map(line));
  } else {
    out.push(direction === 'directed' ? '*Arcs' : '*Edges', ...dataset.edges.map(line));
  }
  // Pajek (a Windows program) and igraph read CRLF; NetworkX and our reader take either.
  return out.join('\r\n') + '\r\n';
}
