"""Shared by the NetworkX peer scripts: the benchmark edge list (source,target,weight[,…] with a
header) as an undirected nx.Graph, self-loops dropped and parallel edges merged by summing
weights — as hubgraph's snapshot does. `nx` is None when python3-networkx is missing."""
try:
    import networkx as nx
except ImportError:
    nx = None

SKIP = {"skip": "python3-networkx is not installed (apt-get install python3-networkx)"}


def load_edge_list(path):
    G = nx.Graph()
    with open(path, encoding="utf-8") as f:
        next(f)
        for line in f:
            s, t, w = line.rstrip("\n").split(",")[:3]
            if s == t:
                continue
            prev = G.get_edge_data(s, t)
            G.add_edge(s, t, weight=float(w) + (prev["weight"] if prev else 0.0))
    return G
