"""Reads files the way a researcher would with Debian's NetworkX and igraph and prints, as JSON, what
they see: counts, direction, and PageRank (alpha 0.85, weighted) and degree on the undirected view
(hubgraph's analyses treat every tie as undirected, self-loops left out). Used by
test/io/peer-roundtrip.test.ts: /usr/bin/python3 test/io/peer-read.py FILE..."""
import json, sys, warnings
import networkx as nx
import igraph as ig

warnings.simplefilter('ignore')


def undirected_view(G):
    H = nx.MultiGraph()
    H.add_nodes_from(G.nodes())
    for u, v, d in G.edges(data=True):
        if u != v:
            H.add_edge(u, v, weight=float(d.get('weight', 1.0)))
    return H


def pagerank(H):
    try:
        return nx.pagerank(H, alpha=0.85, weight='weight', tol=1e-14, max_iter=10000)
    except ImportError:  # SciPy missing: NetworkX's own pure-Python power iteration
        from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python
        return _pagerank_python(H, alpha=0.85, weight='weight', tol=1e-14, max_iter=10000)


out = {}
for path in sys.argv[1:]:
    G = nx.read_gexf(path) if path.endswith('.gexf') else nx.read_graphml(path, force_multigraph=True)
    H = undirected_view(G)
    r = {
        'networkx': {
            'nodes': G.number_of_nodes(), 'edges': G.number_of_edges(), 'directed': G.is_directed(),
            'directedAttr': sum(1 for *_, d in G.edges(data=True) if d.get('directed') is True),
            'pagerank': pagerank(H), 'degree': dict(nx.Graph(H).degree()),
        }
    }
    if path.endswith('.graphml'):
        g = ig.Graph.Read_GraphML(path)
        ids = g.vs['id']
        h = g.as_undirected(mode='each') if g.is_directed() else g.copy()
        h.simplify(multiple=False, loops=True)
        weights = h.es['weight'] if 'weight' in h.es.attributes() else None
        pr = h.pagerank(damping=0.85, weights=weights, directed=False)
        s = h.copy()
        s.simplify(multiple=True, loops=True)
        r['igraph'] = {
            'nodes': g.vcount(), 'edges': g.ecount(), 'directed': g.is_directed(),
            'pagerank': dict(zip(ids, pr)), 'degree': dict(zip(ids, s.degree())),
        }
    out[path] = r
print(json.dumps(out))
