"""What python-igraph 0.10.2 (Debian) reads from a UCINET DL file, as JSON: the vertex names (1…n when the
file has no labels) and every edge with its ends and weight (1 when it has none). Used by
test/io/dl.test.ts: /usr/bin/python3 test/io/dl-read.py FILE (one file a run: igraph 0.10.2 crashes on some)."""
import json, math, sys
import igraph as ig

g = ig.Graph.Read_DL(sys.argv[1], directed=True)
names = [str(x) for x in g.vs['name']] if 'name' in g.vs.attributes() else [str(i + 1) for i in range(g.vcount())]
weights = g.es['weight'] if 'weight' in g.es.attributes() else [1.0] * g.ecount()
print(json.dumps({
    'names': names,
    'edges': [[names[e.source], names[e.target], 1.0 if w is None or math.isnan(w) else float(w)] for e, w in zip(g.es, weights)],
}))
