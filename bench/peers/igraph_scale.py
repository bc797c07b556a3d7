"""Peer for bench/scale.ts: igraph (C) on the same edges.csv, the whole pipeline in one process.

usage: /usr/bin/python3 igraph_scale.py EDGES.csv [--exact-betweenness]
Prints one JSON object: per task wall seconds and CPU seconds, a checksum, and the peak RSS of the
process. Load = reading the CSV and building the graph (parallel edges merged by summing weights,
as hubgraph's snapshot does). python-igraph 0.10 has no pivot-sampled betweenness (no `sources=`),
so betweenness is exact and only requested where that is feasible (10k nodes).
"""
import json
import sys

from igraph_load import SKIP, igraph, load_edge_list
from peer_timing import Timings

if igraph is None:
    print(json.dumps(SKIP))
    sys.exit(0)

t = Timings(igraph.__version__)
g = t.timed("load", lambda: load_edge_list(sys.argv[1]), lambda g: [g.vcount(), g.ecount()])
t.timed("pagerank", lambda: g.pagerank(damping=0.85, weights="weight", directed=False), lambda v: max(v))
t.timed("louvain", lambda: g.community_multilevel(weights="weight"), lambda p: [p.modularity, len(p)])
t.timed("kcore", lambda: g.coreness(), lambda c: max(c))
t.timed("components", lambda: g.connected_components(), lambda c: len(c))
if "--exact-betweenness" in sys.argv:
    t.timed("betweennessExact", lambda: g.betweenness(directed=False), lambda v: sum(v))
t.print()
