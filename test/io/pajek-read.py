"""What python-igraph 0.10.2 and NetworkX 2.8.8 (Debian) read from Pajek files, with the drawing
parameters, as JSON {path: {igraph, networkx}}: each vertex's name and attributes, each edge's ends,
weight and attributes (NaN and '' - igraph's "not given" - left out). Used by test/io/peer-formats.test.ts:
/usr/bin/python3 test/io/pajek-read.py FILE..."""
import json, math, sys, warnings
import igraph as ig
import networkx as nx


def given(d):
    return {k: v for k, v in d.items() if v is not None and v != '' and not (isinstance(v, float) and math.isnan(v))}


def igraph(path):
    g = ig.Graph.Read_Pajek(path)
    names = [str(v['name']) if 'name' in g.vs.attributes() else str(v.index + 1) for v in g.vs]
    return {
        'directed': g.is_directed(),
        'vertices': [dict(name=names[v.index], **given({k: v[k] for k in g.vs.attributes() if k not in ('name', 'id')})) for v in g.vs],
        'edges': [[names[e.source], names[e.target], given(e.attributes())] for e in g.es],
    }


def networkx(path):
    G = nx.read_pajek(path)
    return {
        'vertices': [dict(name=n, **{k: v for k, v in d.items() if k != 'id'}) for n, d in G.nodes(data=True)],
        'edges': [[u, v, d] for u, v, d in G.edges(data=True)],
    }


out = {}
for path in sys.argv[1:]:
    out[path] = {}
    for name, read in (('igraph', igraph), ('networkx', networkx)):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter('ignore')
                out[path][name] = read(path)
        except Exception as e:  # noqa: BLE001 - recorded: NetworkX refuses two-mode *Vertices n n1
            out[path][name] = {'error': f'{type(e).__name__}: {e}'}
print(json.dumps(out))
