"""Peer timings for bench/centrality.ts: igraph (C) on the same edge-list CSV.

usage: /usr/bin/python3 igraph_centrality.py TASK EDGES.csv
  TASK: betweenness | betweenness-weighted (length = 1/weight) | pagerank
Prints one JSON object: seconds (the algorithm only, load excluded), peakRssMB, and checksums
(sum, max, argmax id) that bench/centrality.ts compares with ours. Parallel edges are merged by
summing weights, as hubgraph's snapshot does.
"""
import json
import resource
import sys
import time

from igraph_load import SKIP, igraph, load_edge_list

if igraph is None:
    print(json.dumps(SKIP))
    sys.exit(0)

task, path = sys.argv[1], sys.argv[2]
g = load_edge_list(path)
names = g.vs["name"]

t0 = time.perf_counter()
c0 = time.process_time()
if task == "betweenness":
    values = g.betweenness(directed=False)
elif task == "betweenness-weighted":
    g.es["length"] = [1.0 / w for w in g.es["weight"]]
    values = g.betweenness(directed=False, weights="length")
elif task == "pagerank":
    values = g.pagerank(damping=0.85, weights="weight", directed=False)
else:
    raise SystemExit(f"unknown task {task}")
seconds = time.perf_counter() - t0
cpu_seconds = time.process_time() - c0
best = max(range(len(values)), key=lambda i: values[i])
print(json.dumps({
    "seconds": seconds,
    "cpuSeconds": cpu_seconds,
    "peakRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "sum": float(sum(values)),
    "max": float(values[best]),
    "argmax": names[best],
    "version": igraph.__version__,
}))
