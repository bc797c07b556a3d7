"""Peer for the whole-process rows of bench/scale.ts: one python3 process that reads the edge list
(igraph_load.py: parallel edges merged, weights summed), runs one task and prints its per-node values
as JSON — what `hubgraph analyze FILE --metrics TASK --json` does for a user.

usage: /usr/bin/python3 igraph_whole.py pagerank|louvain|betweenness EDGES.csv
"""
import json
import sys

from igraph_load import SKIP, igraph, load_edge_list

if igraph is None:
    print(json.dumps(SKIP))
    sys.exit(0)

task, path = sys.argv[1], sys.argv[2]
g = load_edge_list(path)
if task == "pagerank":
    values = g.pagerank(damping=0.85, weights="weight", directed=False)
elif task == "louvain":
    p = g.community_multilevel(weights="weight")
    values = p.membership
    print(json.dumps({"modularity": p.modularity}))
elif task == "betweenness":
    values = g.betweenness(directed=False)
else:
    raise SystemExit(f"unknown task {task}")
print(json.dumps(dict(zip(g.vs["name"], values))))
