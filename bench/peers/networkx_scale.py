"""Peer for bench/scale.ts: NetworkX on the same edges.csv (10k nodes only: pure Python takes
minutes beyond that), the whole pipeline in one process.

usage: /usr/bin/python3 networkx_scale.py EDGES.csv SAMPLES
Exact betweenness is left out (about 5 minutes at 10k/50k in pure Python); sampled betweenness
uses SAMPLES pivots (k=SAMPLES, seed=1), comparable to ours in time, not node by node.
"""
import json
import resource
import sys
import time

try:
    import networkx as nx
except ImportError:
    print(json.dumps({"skip": "python3-networkx is not installed (apt-get install python3-networkx)"}))
    sys.exit(0)

out = {"version": nx.__version__}


def timed(name, fn, check):
    t0, c0 = time.perf_counter(), time.process_time()
    value = fn()
    out[name] = {"seconds": time.perf_counter() - t0, "cpu": time.process_time() - c0, "check": check(value)}
    return value


def load(path):
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


G = timed("load", lambda: load(sys.argv[1]), lambda G: [G.number_of_nodes(), G.number_of_edges()])
timed("pagerank", lambda: nx.pagerank(G, alpha=0.85, weight="weight"), lambda v: max(v.values()))


def louvain():
    parts = nx.community.louvain_communities(G, weight="weight", seed=1)
    return [nx.community.modularity(G, parts, weight="weight"), len(parts)]


timed("louvain", louvain, lambda x: x)
timed("kcore", lambda: nx.core_number(G), lambda c: max(c.values()))
timed("components", lambda: list(nx.connected_components(G)), lambda c: len(c))
k = int(sys.argv[2])
timed("betweennessSampled", lambda: nx.betweenness_centrality(G, k=k, seed=1, normalized=False), lambda v: sum(v.values()))
out["peakRssMB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
