"""Peer for bench/scale.ts: NetworkX on the same edges.csv (10k nodes only: pure Python takes
minutes beyond that), the whole pipeline in one process.

usage: /usr/bin/python3 networkx_scale.py EDGES.csv SAMPLES
Exact betweenness is left out (about 5 minutes at 10k/50k in pure Python); sampled betweenness
uses SAMPLES pivots (k=SAMPLES, seed=1), comparable to ours in time, not node by node.
"""
import json
import sys

from networkx_load import SKIP, load_edge_list, nx
from peer_timing import Timings

if nx is None:
    print(json.dumps(SKIP))
    sys.exit(0)

t = Timings(nx.__version__)
G = t.timed("load", lambda: load_edge_list(sys.argv[1]), lambda G: [G.number_of_nodes(), G.number_of_edges()])
t.timed("pagerank", lambda: nx.pagerank(G, alpha=0.85, weight="weight"), lambda v: max(v.values()))


def louvain():
    parts = nx.community.louvain_communities(G, weight="weight", seed=1)
    return [nx.community.modularity(G, parts, weight="weight"), len(parts)]


t.timed("louvain", louvain, lambda x: x)
t.timed("kcore", lambda: nx.core_number(G), lambda c: max(c.values()))
t.timed("components", lambda: list(nx.connected_components(G)), lambda c: len(c))
k = int(sys.argv[2])
t.timed("betweennessSampled", lambda: nx.betweenness_centrality(G, k=k, seed=1, normalized=False), lambda v: sum(v.values()))
t.print()
