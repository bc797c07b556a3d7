"""Peer timings for bench/centrality.ts: NetworkX on the same edge-list CSV.

usage: /usr/bin/python3 networkx_centrality.py TASK EDGES.csv [K]   (TASK: betweenness-sampled)
Prints one JSON object like igraph_centrality.py. Sampled betweenness draws its own K pivots, so
only the time (and the scale of the values) is comparable, not the values node by node.
"""
import json
import resource
import sys
import time

from networkx_load import SKIP, load_edge_list, nx

if nx is None:
    print(json.dumps(SKIP))
    sys.exit(0)

task, path = sys.argv[1], sys.argv[2]
G = load_edge_list(path)

t0 = time.perf_counter()
c0 = time.process_time()
if task == "betweenness-sampled":
    k = int(sys.argv[3])
    values = nx.betweenness_centrality(G, k=k, seed=1, normalized=False)
else:
    raise SystemExit(f"unknown task {task}")
seconds = time.perf_counter() - t0
cpu_seconds = time.process_time() - c0
best = max(values, key=values.get)
print(json.dumps({
    "seconds": seconds,
    "cpuSeconds": cpu_seconds,
    "peakRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "sum": float(sum(values.values())),
    "max": float(values[best]),
    "argmax": best,
    "version": nx.__version__,
}))
