/**
 * Graph formats other tools write (GML, Pajek, DOT, GDF, UCINET DL), recognised by how the file
 * begins. The loader reads those it has a reader for (SNIFFED in load.ts) whatever the file's name;
 * the others, read as an edge list, would yield hundreds of "wrong number of fields" problems, so
 * they are refused by name and the user learns what to save instead.
 */
const FOREIGN: { name: string; start: RegExp }[] = [
  // NetworkX, igraph and Cytoscape write `graph [`; a Creator line or comments may come first.
  { name: 'GML', start: /^(?:\s*(?:#[^\n]*|Creator\s+"[^"]*"|Version\s+\S+))*\s*(?:di)?graph\s*\[/i },
  { name: 'Pajek', start: /^\s*\*(?:vertices|network|arcs|edges)\b/i },
  { name: 'Graphviz DOT', start: /^(?:\s*(?:\/\/[^\n]*|#[^\n]*|\/\*[\s\S]*?\*\/))*\s*(?:strict\s+)?(?:di)?graph\b[^\n[]*\{/i },
  { name: 'GDF (GUESS)', start: /^\s*nodedef\s*>/i },
  // `DL N=5`, `dl n = 5, format = edgelist1`, or `DL` alone on its line with N= on the next.
  { name: 'UCINET DL', start: /^\s*dl(?:[\s,]+(?:n|nr|nc|nm|format|title)\s*=|[ \t]*\r?\n)/i },
];

/** The name of the foreign format `text` is written in, or null. Only the first 4 KB are looked at. */
export function foreignFormat(text: string): string | null {
  const head = text.slice(0, 4096).replace(/^\uFEFF/, '');
  return FOREIGN.find((f) => f.start.test(head))?.name ?? null;
}

/** What to say instead of reading it: the formats hubgraph reads and how to save one. */
export function foreignFormatExpected(name: string): string {
  return `nodes.csv + edges.csv, one .csv/.tsv edge list, .json, .gexf, .graphml, .gml, Pajek .net, .gdf or UCINET .dl (this is a ${name} file, which hubgraph does not read: save the graph as GraphML or GEXF — NetworkX nx.write_graphml(G, "graph.graphml"), igraph g.write_graphml("graph.graphml"), Gephi File › Export › Graph file)`;
}
