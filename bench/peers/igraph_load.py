"""Shared by the igraph peer scripts: the benchmark edge list (source,target,weight[,…] with a
header) as an undirected igraph Graph, parallel edges merged by summing weights — as hubgraph's
snapshot does — so both sides measure the same graph. Returns None when python3-igraph is missing.
"""
try:
    import igraph
except ImportError:
    igraph = None

SKIP = {"skip": "python3-igraph is not installed (apt-get install python3-igraph)"}


def load_edge_list(path):
    names, index, edges, weights = [], {}, [], []
    with open(path, encoding="utf-8") as f:
        next(f)
        for line in f:
            s, t, w = line.rstrip("\n").split(",")[:3]
            for x in (s, t):
                if x not in index:
                    index[x] = len(names)
                    names.append(x)
            edges.append((index[s], index[t]))
            weights.append(float(w))
    g = igraph.Graph(n=len(names), edges=edges, directed=False)
    g.es["weight"] = weights
    g.simplify(multiple=True, loops=True, combine_edges={"weight": "sum"})
    g.vs["name"] = names
    return g
