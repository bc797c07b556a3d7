import { NODE_TYPES, type Dataset, type TwoModeRead } from '../model/index.ts';

/*
 * Two-mode (bipartite) data across formats: the one line the import report gives a two-mode read
 * (dl-two-mode.ts, pajek.ts), and the rule by which a dataset is written two-mode (pajek-write.ts).
 */

const BUILT_IN = new Set<string>(NODE_TYPES);
const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

/** The file's own words for its size: `NR=18, NC=14` (DL) or `*Vertices 13 8` (Pajek). */
function size(t: Pick<TwoModeRead, 'format' | 'rows' | 'columns'>): string {
  return t.format === 'pajek' ? `*Vertices ${t.rows + t.columns} ${t.rows}` : `NR=${t.rows}, NC=${t.columns}`;
}

/**
 * `davis.dl: two-mode data (NR=18, NC=14): 18 rows read as "actor" nodes and 14 columns as "event"
 * nodes (their own types), 89 nonzero cells as participation ties row → column`. `rowNodes` /
 * `columnNodes`: the nodes given those kinds (fewer than declared when a DL file names fewer labels,
 * or Pajek vertices carry a type of their own); `hint`: how to name the kinds (the CLI's flag).
 */
export function twoModeLine(t: Omit<TwoModeRead, 'summary'>, rowNodes = t.rows, columnNodes = t.columns, hint?: string): string {
  const own = [t.kinds.rows, t.kinds.columns].filter((k) => !BUILT_IN.has(k));
  const note =
    own.length === 2
      ? ` (their own types${hint ? `; ${hint}` : ''})`
      : own.length === 1
        ? ` ("${own[0]}" a type of its own${hint ? `; ${hint}` : ''})`
        : hint
          ? ` (${hint})`
          : '';
  const ties = t.format === 'pajek' ? `${count(t.ties, 'tie')} read` : count(t.ties, 'nonzero cell');
  return (
    `${t.file}: two-mode data (${size(t)}): ${count(rowNodes, 'row')} read as "${t.kinds.rows}" nodes and ${count(columnNodes, 'column')} as "${t.kinds.columns}" nodes${note}, ` +
    `${ties} as ${t.tieTypes.length ? t.tieTypes.join(', ') : 'participation'} ties row → column`
  );
}

/** The line as the CLI prints it (validate, info): with the flag that names the two kinds. */
export function twoModeCliLine(t: TwoModeRead): string {
  return twoModeLine(t, t.rows, t.columns, '--two-mode-kinds ROWS,COLUMNS names them');
}

/** The two modes of a dataset written two-mode: node indices, rows first; each side's type when it has one. */
export interface TwoModeSplit {
  rows: number[];
  columns: number[];
  kinds: { rows?: string; columns?: string };
}

/**
 * Whether a dataset is two-mode, and its modes. A node's type is its own type, else its kind. The
 * dataset is two-mode when it has ties and its node types fall into two sides with every tie between
 * a node of one side and a node of the other — a tie within a type, types that no tie links to the
 * others, or an odd cycle of types make it one-mode. With the types linked (one component) the two
 * sides are fixed: DL and Pajek two-mode data (actor × event), CORDIS (company, university, research,
 * public, other × project). Rows are the side every tie starts from when all ties start on one side
 * (organisation → project), else the side of the first node.
 */
export function twoModeSplit(dataset: Dataset): TwoModeSplit | null {
  if (!dataset.edges.length) return null;
  const typeOf = new Map<string, string>();
  for (const n of dataset.nodes) typeOf.set(n.id, n.ownType ?? n.type);
  const links = new Map<string, Set<string>>();
  for (const t of typeOf.values()) if (!links.has(t)) links.set(t, new Set());
  for (const e of dataset.edges) {
    const a = typeOf.get(e.source)!,
      b = typeOf.get(e.target)!;
    if (a === b) return null;
    links.get(a)!.add(b);
    links.get(b)!.add(a);
  }
  // Two-colour the types, from the first node's.
  const side = new Map<string, 0 | 1>();
  const first = typeOf.get(dataset.nodes[0].id)!;
  side.set(first, 0);
  const queue = [first];
  while (queue.length) {
    const t = queue.pop()!;
    for (const u of links.get(t)!) {
      const s = side.get(u);
      if (s === undefined) {
        side.set(u, side.get(t) === 0 ? 1 : 0);
        queue.push(u);
      } else if (s === side.get(t)) return null;
    }
  }
  if (side.size !== links.size) return null;
  const sideOf = (id: string) => side.get(typeOf.get(id)!)!;
  const from = sideOf(dataset.edges[0].source);
  const rowSide = dataset.edges.every((e) => sideOf(e.source) === from) ? from : 0;
  const rows: number[] = [],
    columns: number[] = [];
  const types = [new Set<string>(), new Set<string>()];
  dataset.nodes.forEach((n, i) => {
    const s = sideOf(n.id);
    (s === rowSide ? rows : columns).push(i);
    types[s === rowSide ? 0 : 1].add(typeOf.get(n.id)!);
  });
  const only = (s: Set<string>) => (s.size === 1 ? [...s][0] : undefined);
  return { rows, columns, kinds: { rows: only(types[0]), columns: only(types[1]) } };
}
