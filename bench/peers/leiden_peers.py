"""Peer runs for bench/communities.ts: Leiden (modularity, weighted) on the benchmark edge list.

usage: /usr/bin/python3 leiden_peers.py EDGES.csv MODE SEED [OUT.csv]
  igraph N      Graph.community_leiden(objective_function="modularity", n_iterations=N), N ≥ 1 or -1
                (igraph's own "until stable", which in python-igraph 0.10 stops after one iteration).
  igraph-rule   hubgraph's stopping rule applied to igraph: one community_leiden iteration at a time
                from the last membership (the same trajectory as n_iterations=N: each iteration starts
                from the previous result), stopping when one leaves the membership unchanged, raises
                modularity by less than 1e-3 × modularity, or after 10. Prints the iteration count, so
                the caller can time `igraph N` without the per-step overhead.
  leidenalg     find_partition(ModularityVertexPartition, n_iterations=-1) (until an iteration
                improves nothing).
MODE is given as "igraph:N", "igraph-rule" or "leidenalg". Writes id,community per node to OUT when
given. Prints one JSON line: algorithm seconds (load excluded), load seconds, the process's CPU
seconds, modularity (igraph's Graph.modularity, weighted), community count, iterations.
"""
import json
import random
import resource
import sys
import time

from igraph_load import SKIP, igraph, load_edge_list

if igraph is None:
    print(json.dumps(SKIP))
    sys.exit(0)
path, mode, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
out = sys.argv[4] if len(sys.argv) > 4 else None
t0 = time.perf_counter()
g = load_edge_list(path)
t1 = time.perf_counter()
iterations = None
if mode.startswith("igraph:"):
    iterations = int(mode.split(":")[1])
    random.seed(seed)
    membership = g.community_leiden(objective_function="modularity", weights="weight", n_iterations=iterations).membership
elif mode == "igraph-rule":
    random.seed(seed)
    membership, q, iterations = None, None, 0
    while iterations < 10:
        step = g.community_leiden(objective_function="modularity", weights="weight", n_iterations=1,
                                  initial_membership=membership).membership
        iterations += 1
        q_step = g.modularity(step, weights="weight")
        unchanged = membership is not None and step == membership
        small = q is not None and q_step - q < 1e-3 * abs(q_step)
        membership, q = step, q_step
        if unchanged or small:
            break
else:
    import leidenalg
    membership = leidenalg.find_partition(g, leidenalg.ModularityVertexPartition, weights="weight", n_iterations=-1, seed=seed).membership
t2 = time.perf_counter()
if out:
    with open(out, "w", encoding="utf-8") as f:
        f.write("id,community\n")
        f.writelines(f"{name},{c}\n" for name, c in zip(g.vs["name"], membership))
ru = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"seconds": t2 - t1, "loadSeconds": t1 - t0, "processCpu": ru.ru_utime + ru.ru_stime,
                  "modularity": g.modularity(membership, weights="weight"), "count": max(membership) + 1,
                  "iterations": iterations}))
