"""Peer for bench/scale.ts: igraph (C) on the same edges.csv, the whole pipeline in one process.

usage: /usr/bin/python3 igraph_scale.py EDGES.csv [--exact-betweenness]
Prints one JSON object: per task wall seconds and CPU seconds, a checksum, and the peak RSS of the
process. Load = reading the CSV and building the graph (parallel edges merged by summing weights,
as hubgraph's snapshot does). python-igraph 0.10 has no pivot-sampled betweenness (no `sources=`),
so betweenness is exact and only requested where that is feasible (10k nodes).
"""
import json
import resource
import sys
import time

from igraph_load import SKIP, igraph, load_edge_list

if igraph is None:
    print(json.dumps(SKIP))
    sys.exit(0)

out = {"version": igraph.__version__}


def timed(name, fn, check):
    t0, c0 = time.perf_counter(), time.process_time()
    value = fn()
    out[name] = {"seconds": time.perf_counter() - t0, "cpu": time.process_time() - c0, "check": check(value)}
    return value


def load(path):
    return load_edge_list(path)


g = timed("load", lambda: load(sys.argv[1]), lambda g: [g.vcount(), g.ecount()])
timed("pagerank", lambda: g.pagerank(damping=0.85, weights="weight", directed=False), lambda v: max(v))
timed("louvain", lambda: g.community_multilevel(weights="weight"), lambda p: [p.modularity, len(p)])
timed("kcore", lambda: g.coreness(), lambda c: max(c))
timed("components", lambda: g.connected_components(), lambda c: len(c))
if "--exact-betweenness" in sys.argv:
    timed("betweennessExact", lambda: g.betweenness(directed=False), lambda v: sum(v))
out["peakRssMB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
