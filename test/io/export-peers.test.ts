import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeDataset, type ExportFormat } from '../../src/io/export.ts';
import { twoModeSplit } from '../../src/io/two-mode.ts';
import { loadDataset, parseDatasetFiles } from '../../src/io/load.ts';
import { canonicalJson } from '../../src/store/cache.ts';
import { isDirected, type Dataset, type HubEdge, type HubNode } from '../../src/model/index.ts';

/*
 * Every graph export read back by NetworkX 2.8.8 and igraph 0.10.2 (Debian's, through
 * test/io/export-read.py) means what it meant in hubgraph: the same nodes and ties, the same tie
 * weights and direction, the same attribute names and values with their types (numbers stay
 * numbers, booleans booleans, dates ISO text, lists one `;`-joined text in every format). The
 * expected values are built from the model here, not by the writers' own column code. Formats'
 * limits, as docs/data-formats.md says: GML's `label` (NetworkX's node key) is the node's label when
 * all are present and unique, its id in `name`, else the id, the label in `name`; GML has no booleans (1 / 0, as NetworkX writes them); Pajek holds ids, ties,
 * weights and direction only.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CORDIS = `${ROOT}../shared/datasets/cordis-h2020-swafs/dataset`;

interface NxView {
  directed: boolean;
  /** `name:int`, `name:float`, `name:text`, `name:bool` for every node / tie attribute value seen. */
  kinds: string[];
  edgeKinds: string[];
  graph: Record<string, unknown>;
  nodes: Record<string, Record<string, unknown>>;
  edges: [string, string, Record<string, unknown>][];
}
interface IgView {
  directed: boolean;
  ids: string[];
  nodeAttributes: string[];
  edges: [string, string, number][];
}
type Seen = Record<string, { networkx: NxView; igraph: IgView | null }>;

/** A two-mode dataset's Pajek (*Vertices n n1): NetworkX refuses it, igraph reads its vertex `type`; true when checked so (the rest of a NetworkX check is skipped). */
function twoModePajek(d: Dataset, format: ExportFormat, seen: { networkx: NxView | { error: string }; igraph: IgView | null }, what: string): boolean {
  if (format !== 'pajek' || !twoModeSplit(d)) return false;
  expect(seen.networkx, what).toEqual({ error: expect.stringMatching(/^ValueError/) });
  expect(seen.igraph?.nodeAttributes, what).toContain('type');
  return true;
}

function python(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('/usr/bin/python3', ['test/io/export-read.py', ...args], { maxBuffer: 256 * 2 ** 20 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout),
    );
  });
}

const FORMATS: { format: ExportFormat; ext: string }[] = [
  { format: 'graphml', ext: 'graphml' },
  { format: 'gexf', ext: 'gexf' },
  { format: 'gml', ext: 'gml' },
  { format: 'pajek', ext: 'net' },
];

const advice = parseDatasetFiles([
  { name: 'nodes.csv', content: 'id,type,label,active:boolean\nanna,teacher,Anna,true\nben,teacher,Ben,false\ncara,teacher,,true\n' },
  {
    name: 'edges.csv',
    content: 'source,target,type,weight,start\nanna,ben,mentoring,2,2024-09-01\nben,anna,mentoring,1,2024-09-01\ncara,anna,mentoring,0.5,\n',
  },
]).dataset;

const LISTS = ['levels', 'subjects', 'themes', 'languages'] as const;
const SCALARS = ['label', 'region', 'country', 'hub', 'lat', 'lon', 'maturity', 'capacity', 'size'] as const;

/** A boolean as the format can hold it (GML: 1 / 0). */
const bool = (format: ExportFormat, v: unknown) => (format === 'gml' && typeof v === 'boolean' ? (v ? 1 : 0) : v);

/**
 * GML keys NetworkX's nodes by label: our GML writes the node's label there when every node has one
 * and all differ (its id then in `name`), else the id (its label in `name`).
 */
const gmlByName = (d: Dataset) =>
  d.nodes.length > 0 && d.nodes.every((n) => n.label !== undefined) && new Set(d.nodes.map((n) => n.label)).size === d.nodes.length;

/** The key NetworkX gives node `id` when it reads our file in `format`. */
function nxKey(d: Dataset, format: ExportFormat): (id: string) => string {
  if (format !== 'gml' || !gmlByName(d)) return (id) => id;
  const label = new Map(d.nodes.map((n) => [n.id, n.label!]));
  return (id) => label.get(id)!;
}

function expectedNode(n: HubNode, format: ExportFormat, byName = false): Record<string, unknown> {
  const o: Record<string, unknown> = { type: n.ownType ?? n.type };
  if (n.ownType !== undefined) o.hubgraph_type = n.type;
  if (byName) o.name = n.id;
  for (const k of SCALARS) if (n[k] !== undefined && !(byName && k === 'label')) o[k === 'label' && format === 'gml' ? 'name' : k] = n[k];
  for (const k of LISTS) if (n[k]?.length) o[k] = n[k]!.join(';');
  for (const [k, v] of Object.entries(n.attrs)) if (v !== null) o[k] = bool(format, v);
  return o;
}

function expectedEdge(e: HubEdge, format: ExportFormat, mixed: boolean): Record<string, unknown> {
  const o: Record<string, unknown> = { type: e.ownType ?? e.type, weight: e.weight };
  if (e.ownType !== undefined) o.hubgraph_type = e.type;
  if (e.start !== undefined) o.start = e.start;
  if (e.end !== undefined) o.end = e.end;
  if (mixed) o.directed = bool(format, isDirected(e));
  for (const [k, v] of Object.entries(e.attrs)) if (v !== null) o[k] = bool(format, v);
  return o;
}

/** A tie as a comparable line: ends (in order when directed), attributes sorted by name. */
function tieLine(s: string, t: string, attrs: Record<string, unknown>, directed: boolean): string {
  const [a, b] = directed || s <= t ? [s, t] : [t, s];
  return `${a}\t${b}\t${JSON.stringify(Object.fromEntries(Object.entries(attrs).sort(([x], [y]) => (x < y ? -1 : 1))))}`;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hubgraph-export-peers-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const CASES: { name: string; load: () => Promise<Dataset> }[] = [
  { name: 'sample', load: async () => (await loadDataset('data/sample')).dataset },
  { name: 'cordis', load: async () => (await loadDataset(CORDIS)).dataset },
  { name: 'mentoring', load: async () => advice },
];

describe.each(CASES)('$name: every export read by NetworkX and igraph', ({ name, load }) => {
  it('same nodes, ties, weights, direction and typed attributes', async () => {
    const d = await load();
    const directedTies = d.edges.filter((e) => isDirected(e)).length;
    const mixed = directedTies > 0 && directedTies < d.edges.length;
    const paths = FORMATS.map((f) => join(dir, `${name}.${f.ext}`));
    for (const [i, f] of FORMATS.entries()) await writeDataset(d, f.format, paths[i]);
    const seen = JSON.parse(await python(paths)) as Seen;
    for (const [i, { format }] of FORMATS.entries()) {
      const { networkx: nx, igraph: ig } = seen[paths[i]];
      const what = `NetworkX reading our ${format} of ${name}`;
      // CORDIS (organisations × projects) is two-mode: its Pajek is, and igraph's reading is checked below.
      const refused = twoModePajek(d, format, seen[paths[i]], what);
      const directed = directedTies === d.edges.length && d.edges.length > 0;
      if (!refused) {
        expect(nx.directed, what).toBe(directed);
        const key = nxKey(d, format);
        const byName = format === 'gml' && gmlByName(d);
        expect(Object.keys(nx.nodes).sort(), what).toEqual(d.nodes.map((n) => key(n.id)).sort());
        expect(nx.edges.length, what).toBe(d.edges.length);
        if (format === 'pajek') {
          const got = nx.edges.map(([s, t, a]) => tieLine(s, t, { weight: a.weight }, nx.directed)).sort();
          expect(got, what).toEqual(d.edges.map((e) => tieLine(e.source, e.target, { weight: e.weight }, nx.directed)).sort());
        } else {
          // NetworkX's GEXF reader gives a node without a label `label: None`.
          const attrs = (a: Record<string, unknown>) => (format === 'gexf' && a.label === null ? (({ label: _l, ...rest }) => rest)(a) : a);
          for (const n of d.nodes) expect(attrs(nx.nodes[key(n.id)]), `${what}: node ${n.id}`).toEqual(expectedNode(n, format, byName));
          // NetworkX's GEXF reader adds the edge's XML id and its spells (as tuples) to the data.
          const got = nx.edges.map(([s, t, a]) => {
            const { id: _id, spells: _spells, ...rest } = a;
            return tieLine(s, t, format === 'gexf' ? rest : a, nx.directed);
          });
          const want = d.edges.map((e) => tieLine(key(e.source), key(e.target), expectedEdge(e, format, mixed), nx.directed));
          expect(got.sort(), what).toEqual(want.sort());
        }
        if (d.meta.name !== undefined && format !== 'pajek' && format !== 'gexf') expect(nx.graph.name, what).toBe(d.meta.name);
      }
      if (!ig) continue;
      const by = `igraph reading our ${format} of ${name}`;
      expect(ig.directed, by).toBe(directed);
      expect([...ig.ids].sort(), by).toEqual(d.nodes.map((n) => n.id).sort());
      const igTies = ig.edges.map(([s, t, w]) => tieLine(s, t, { w }, ig.directed)).sort();
      expect(igTies, by).toEqual(d.edges.map((e) => tieLine(e.source, e.target, { w: e.weight }, ig.directed)).sort());
    }
  }, 120_000);
});

/** The kinds NetworkX should read: an extra number attribute int when all its values are whole, else float; model fields by their declared type. */
function expectedKinds(records: { attrs: Record<string, unknown> }[], fields: Record<string, 'int' | 'float'>, present: (k: string) => boolean): string[] {
  const out = new Set<string>();
  for (const [k, kind] of Object.entries(fields)) if (present(k)) out.add(`${k}:${kind}`);
  const numbers = new Map<string, number[]>();
  for (const r of records)
    for (const [k, v] of Object.entries(r.attrs))
      if (typeof v === 'number') {
        if (!numbers.has(k)) numbers.set(k, []);
        numbers.get(k)!.push(v);
      }
  for (const [k, vs] of numbers) out.add(`${k}:${vs.every((v) => Number.isSafeInteger(v)) ? 'int' : 'float'}`);
  return [...out].sort();
}

describe('whole numbers read back as ints', () => {
  it.each(CASES)(
    '$name: NetworkX reads int where every value is a whole number, float elsewhere (GraphML, GEXF, GML)',
    async ({ name, load }) => {
      const d = await load();
      const formats = FORMATS.filter((f) => f.format !== 'pajek');
      const paths = formats.map((f) => join(dir, `ints-${name}.${f.ext}`));
      for (const [i, f] of formats.entries()) await writeDataset(d, f.format, paths[i]);
      const seen = JSON.parse(await python(paths)) as Seen;
      const nodeFields = { lat: 'float', lon: 'float', maturity: 'float', size: 'float', capacity: 'int' } as const;
      const nodeWant = expectedKinds(d.nodes, nodeFields, (k) => d.nodes.some((n) => n[k as keyof HubNode] !== undefined));
      const edgeWant = expectedKinds(d.edges, { weight: 'float' }, () => d.edges.length > 0);
      for (const [i, { format }] of formats.entries()) {
        const nx = seen[paths[i]].networkx;
        // GML writes booleans (and a mixed graph's `directed`) as 1 / 0, which NetworkX reads as ints.
        const booleans = new Set(['directed', ...[...d.nodes, ...d.edges].flatMap((r) => Object.keys(r.attrs).filter((k) => typeof r.attrs[k] === 'boolean'))]);
        const numeric = (ks: string[]) => ks.filter((k) => /:(int|float)$/.test(k) && !booleans.has(k.replace(/:\w+$/, ''))).sort();
        expect(numeric(nx.kinds), `${format} of ${name}: node attributes`).toEqual(nodeWant);
        expect(numeric(nx.edgeKinds), `${format} of ${name}: tie attributes`).toEqual(edgeWant);
      }
    },
    120_000,
  );

  it('a column of whole numbers beyond 32 bits is declared long (GraphML, GEXF), and a mixed one double', async () => {
    const d = parseDatasetFiles([
      { name: 'nodes.csv', content: 'id,type,budget:number,share:number\na,other,3000000000,1\nb,other,12,0.5\n' },
      { name: 'edges.csv', content: 'source,target\na,b\n' },
    ]).dataset;
    const paths = ['graphml', 'gexf'].map((f) => join(dir, `long.${f}`));
    await writeDataset(d, 'graphml', paths[0]);
    await writeDataset(d, 'gexf', paths[1]);
    const { readFile } = await import('node:fs/promises');
    expect(await readFile(paths[0], 'utf8')).toContain('attr.name="budget" attr.type="long"');
    expect(await readFile(paths[0], 'utf8')).toContain('attr.name="share" attr.type="double"');
    expect(await readFile(paths[1], 'utf8')).toContain('title="budget" type="long"');
    const seen = JSON.parse(await python(paths)) as Seen;
    for (const p of paths) {
      expect(seen[p].networkx.nodes.a, p).toMatchObject({ budget: 3000000000, share: 1 });
      expect(seen[p].networkx.kinds, p).toEqual(expect.arrayContaining(['budget:int', 'share:float']));
    }
  });
});

/**
 * A dataset as comparable JSON: nodes by id, ties sorted. `unordered`: ends of every tie in id order
 * (NetworkX's undirected graph, which a mixed graph is read as, keeps no orientation); else only
 * of undirected ties.
 */
function canon(d: Dataset, unordered = false) {
  const j = JSON.parse(JSON.stringify({ meta: d.meta, nodes: d.nodes, edges: d.edges })) as { meta: unknown; nodes: HubNode[]; edges: HubEdge[] };
  j.nodes.sort((a, b) => (a.id < b.id ? -1 : 1));
  const edges = j.edges.map((e) => {
    if ((unordered || !isDirected(e)) && e.source > e.target) [e.source, e.target] = [e.target, e.source];
    return JSON.stringify(e, Object.keys(e).sort());
  });
  return { meta: j.meta, nodes: j.nodes, edges: edges.sort() };
}

const isMixed = (d: Dataset) => d.edges.some((e) => isDirected(e)) && d.edges.some((e) => !isDirected(e));

/**
 * What Pajek holds: ids, ties with weights and direction. With no tie types, our reader merges
 * parallel ties (weights summed), as it does in any format; a mixed graph is undirected unless
 * written per edge.
 */
function structure(d: Dataset, merge = false, undirected = false) {
  const ties = new Map<string, number>();
  for (const e of d.edges) {
    const directed = !undirected && isDirected(e);
    const [s, t] = directed || e.source < e.target ? [e.source, e.target] : [e.target, e.source];
    const k = merge ? `${s}\t${t}\t${directed}` : `${s}\t${t}\t${directed}\t${ties.size}`;
    ties.set(k, (ties.get(k) ?? 0) + e.weight);
  }
  const edges = [...ties].map(([k, w]) => `${k.split('\t').slice(0, 3).join('\t')}\t${w}`).sort();
  return { nodes: d.nodes.map((n) => n.id).sort(), edges };
}

describe('round trips', () => {
  it.each(CASES)(
    '$name through our own import: GraphML, GEXF and GML give the same dataset, Pajek the same network',
    async ({ name, load }) => {
      const d = await load();
      for (const { format, ext } of FORMATS) {
        const path = join(dir, `own-${name}.${ext}`);
        await writeDataset(d, format, path);
        const back = (await loadDataset(path)).dataset;
        if (format === 'pajek') expect(structure(back), format).toEqual(structure(d, true, isMixed(d)));
        else expect(JSON.parse(JSON.stringify(back)), `${format} of ${name}`).toEqual(JSON.parse(JSON.stringify(d)));
      }
    },
    120_000,
  );

  it('a mixed graph in Pajek with mixed: per-edge keeps each tie’s direction (*Arcs beside *Edges)', async () => {
    const d = (await loadDataset('data/sample')).dataset;
    const path = join(dir, 'mixed.net');
    await writeDataset(d, 'pajek', path, { mixed: 'per-edge' });
    const back = (await loadDataset(path)).dataset;
    expect(back.edges.filter((e) => isDirected(e)).length).toBe(d.edges.filter((e) => isDirected(e)).length);
    expect(structure(back)).toEqual(structure(d, true));
  });

  it.each(CASES)(
    '$name read and written again by NetworkX (GML, Pajek) imports as the same dataset',
    async ({ name, load }) => {
      const d = await load();
      const pairs: [ExportFormat, string, string][] = (['gml', 'pajek'] as ExportFormat[]).map((f) => {
        const ext = f === 'pajek' ? 'net' : f;
        return [f, join(dir, `nx-in-${name}.${ext}`), join(dir, `nx-out-${name}.${ext}`)];
      });
      // A NetworkX user writes a two-mode dataset's Pajek one-mode (--pajek-one-mode): read_pajek refuses *Vertices n n1.
      for (const [f, input] of pairs) await writeDataset(d, f, input, { pajekTwoMode: 'off' });
      await python(['--rewrite', ...pairs.flatMap(([, i, o]) => [i, o])]);
      for (const [f, , output] of pairs) {
        const back = (await loadDataset(output)).dataset;
        if (f === 'pajek') expect(structure(back, true), f).toEqual(structure(d, true, isMixed(d)));
        else expect(canon(back, isMixed(d)), `${f} of ${name} through NetworkX`).toEqual(canon(d, isMixed(d)));
      }
    },
    120_000,
  );
});

/** Peers' files that are refused on purpose (each named with its line by test/io/peers.test.ts). */
const REFUSED = new Set([
  'gephi/edges-table-decimal-comma.csv', // 0,5 without --decimal-comma
  'gephi/edges-table-dynamic-weights.csv', // dynamic weights in a spreadsheet column
  'gephi/import-meta.gexf', // a GEXF with no <graph>
  'igraph/links.net', // signed (negative) weights
  'igraph/dl-edgelist4.dl', // signed (negative) weights
]);

/** Gephi's large samples, exported and read back in test/io/peers.test.ts ("Gephi’s own sample files"), left out here to keep this test's time. */
const LARGE = new Set(['gephi/power-grid.gml', 'gephi-lite/java.gexf']);

/** JSON with object keys sorted, so that two datasets compare by content whatever order their fields came in. */
const sorted = (v: unknown): unknown => JSON.parse(canonicalJson(v));

describe('every peer fixture, exported in each graph format', () => {
  it('reads in NetworkX and igraph with its node and tie counts, and through our import as the same dataset (Pajek: the same nodes)', async () => {
    const root = 'test/fixtures/peers';
    const files = readdirSync(root, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) => readdirSync(join(root, d.name)).map((f) => `${d.name}/${f}`))
      .filter((f) => /\.(gexf|graphml|gml|net|gdf|dl|json|csv)$/.test(f) && !f.startsWith('expected') && !LARGE.has(f));
    expect(files.length).toBeGreaterThan(80);
    const written: { path: string; file: string; format: ExportFormat; d: Dataset }[] = [];
    for (const file of files) {
      if (REFUSED.has(file)) {
        await expect(loadDataset(join(root, file)), file).rejects.toThrow();
        continue;
      }
      const d = (await loadDataset(join(root, file))).dataset;
      for (const { format, ext } of FORMATS) {
        const path = join(dir, `fixture-${file.replace(/[/.]/g, '-')}.${ext}`);
        await writeDataset(d, format, path);
        written.push({ path, file, format, d });
      }
    }
    const seen = JSON.parse(await python(written.map((w) => w.path))) as Seen;
    for (const { path, file, format, d } of written) {
      const what = `${file} as ${format}`;
      const { networkx: nx, igraph: ig } = seen[path];
      if (!twoModePajek(d, format, seen[path], `NetworkX reading ${what}`))
        expect([Object.keys(nx.nodes).length, nx.edges.length], `NetworkX reading ${what}`).toEqual([d.nodes.length, d.edges.length]);
      if (ig) expect([ig.ids.length, ig.edges.length], `igraph reading ${what}`).toEqual([d.nodes.length, d.edges.length]);
      const back = (await loadDataset(path)).dataset;
      if (format === 'pajek') expect(back.nodes.map((n) => n.id).sort(), what).toEqual(d.nodes.map((n) => n.id).sort());
      else expect(sorted(JSON.parse(JSON.stringify(back))), what).toEqual(sorted(JSON.parse(JSON.stringify(d))));
    }
  }, 300_000);

  it('GML keeps attribute names that are not GML keys: NetworkX reads them as keys, our import as they were', async () => {
    const d = parseDatasetFiles([
      { name: 'nodes.csv', content: 'id,type,Modularity Class:number,name,1st wave:boolean\na,other,1,Anna,true\nb,other,2,Ben,false\n' },
      { name: 'edges.csv', content: 'source,target,In-Degree:number\na,b,3\n' },
    ]).dataset;
    const path = join(dir, 'names.gml');
    await writeDataset(d, 'gml', path);
    const nx = (JSON.parse(await python([path])) as Seen)[path].networkx;
    expect(nx.nodes.a).toEqual({ type: 'other', Modularity_Class: 1, name_2: 'Anna', attr_1st_wave: 1 });
    expect(nx.edges[0][2]).toMatchObject({ In_Degree: 3 });
    expect(JSON.parse(JSON.stringify((await loadDataset(path)).dataset))).toEqual(JSON.parse(JSON.stringify(d)));
  });
});

describe('a fresh user with python-igraph’s documentation files', () => {
  it.each([
    ['social_network', 'Small Social Network', 5, 8],
    ['america', 'Cities of America', 3, 3],
  ])('igraph/%s.gml: its title is the dataset’s name, and our GML and GraphML carry it to NetworkX', async (file, title, nodes, edges) => {
    const { dataset: d, report } = await loadDataset(`test/fixtures/peers/igraph/${file}.gml`);
    expect(d.meta.name).toBe(title);
    expect(report.warnings.filter((w) => w.includes('graph-level keys'))).toEqual([]);
    expect([d.nodes.length, d.edges.length]).toEqual([nodes, edges]);
    const paths = (['gml', 'graphml'] as const).map((f) => join(dir, `igraph-${file}.${f}`));
    await writeDataset(d, 'gml', paths[0]);
    await writeDataset(d, 'graphml', paths[1]);
    const seen = JSON.parse(await python(paths)) as Seen;
    for (const p of paths) {
      expect(seen[p].networkx.graph.name, p).toBe(title);
      // igraph's names are the labels; its numeric ids the node ids, as Gephi reads them. Unique labels:
      // our GML writes them as GML labels (NetworkX's node keys), the ids as `name`.
      const nodes = seen[p].networkx.nodes;
      const shown = p.endsWith('.gml') ? Object.keys(nodes) : Object.values(nodes).map((n) => n.name ?? n.label);
      expect(shown).toEqual(d.nodes.map((n) => n.label));
      if (p.endsWith('.gml')) expect(Object.values(nodes).map((n) => n.name)).toEqual(d.nodes.map((n) => n.id));
    }
  });
});
