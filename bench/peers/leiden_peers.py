"""Peer runs for bench/communities.ts: Leiden (modularity, weighted) on the benchmark edge list.

usage: /usr/bin/python3 leiden_peers.py EDGES.csv igraph|leidenalg SEED
igraph: Graph.community_leiden(objective_function="modularity", n_iterations=-1) (until stable).
leidenalg: find_partition(ModularityVertexPartition, n_iterations=-1).
Prints one JSON line: algorithm seconds (load excluded), modularity (igraph's Graph.modularity,
weighted), community count. The caller times the whole process.
"""
import json
import random
import sys
import time

from igraph_load import SKIP, igraph, load_edge_list

if igraph is None:
    print(json.dumps(SKIP))
    sys.exit(0)
path, which, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
g = load_edge_list(path)
t0 = time.perf_counter()
if which == "igraph":
    random.seed(seed)
    membership = g.community_leiden(objective_function="modularity", weights="weight", n_iterations=-1).membership
else:
    import leidenalg
    membership = leidenalg.find_partition(g, leidenalg.ModularityVertexPartition, weights="weight", n_iterations=-1, seed=seed).membership
sec = time.perf_counter() - t0
print(json.dumps({"seconds": sec, "modularity": g.modularity(membership, weights="weight"), "count": max(membership) + 1}))
