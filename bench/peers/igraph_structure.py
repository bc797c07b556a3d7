"""Peer timings for bench/structure.ts: igraph (C) on the same edge-list CSV.

usage: /usr/bin/python3 igraph_structure.py EDGES.csv [--no-louvain]
Prints one JSON object with, per task (components, cores, bridges, louvain), the seconds of the
algorithm only (load excluded) and a checksum bench/structure.ts compares with ours.
Parallel edges are merged by summing weights, as hubgraph's snapshot does.
"""
import json
import sys
import time

from igraph_load import SKIP, igraph, load_edge_list

if igraph is None:
    print(json.dumps(SKIP))
    sys.exit(0)

path = sys.argv[1]
g = load_edge_list(path)


def timed(fn):
    t0 = time.perf_counter()
    value = fn()
    return time.perf_counter() - t0, value


out = {"version": igraph.__version__}
sec, comps = timed(lambda: g.connected_components())
out["components"] = {"seconds": sec, "check": len(comps)}
sec, core = timed(lambda: g.coreness())
out["cores"] = {"seconds": sec, "check": max(core)}
sec, pair = timed(lambda: (g.bridges(), g.articulation_points()))
out["bridges"] = {"seconds": sec, "check": [len(pair[0]), len(pair[1])]}
if "--no-louvain" not in sys.argv:
    sec, part = timed(lambda: g.community_multilevel(weights="weight"))
    out["louvain"] = {"seconds": sec, "check": part.modularity}
print(json.dumps(out))
