"""The NetworkX peer of `hubgraph info FOLDER`: read nodes.csv + edges.csv (csv module, typed nodes
with their attributes, weighted ties) into an nx.Graph and print the same summary as one JSON line
(counts by type, density, mean/max degree, components, isolated nodes, the most connected).
Usage: /usr/bin/python3 networkx_info.py FOLDER"""
import csv
import json
import os
import sys
from collections import Counter

import networkx as nx

folder = sys.argv[1]
G = nx.Graph()
with open(os.path.join(folder, "nodes.csv"), encoding="utf-8", newline="") as f:
    for row in csv.DictReader(f):
        G.add_node(row["id"], **row)
with open(os.path.join(folder, "edges.csv"), encoding="utf-8", newline="") as f:
    edges = 0
    for row in csv.DictReader(f):
        edges += 1
        s, t, w = row["source"], row["target"], float(row.get("weight") or 1)
        prev = G.get_edge_data(s, t)
        G.add_edge(s, t, weight=w + (prev["weight"] if prev else 0.0))
n = G.number_of_nodes()
degrees = dict(G.degree())
sizes = sorted((len(c) for c in nx.connected_components(G)), reverse=True)
print(json.dumps({
    "nodes": n, "edges": edges, "ties": G.number_of_edges(),
    "nodeTypes": Counter(d.get("type") for _, d in G.nodes(data=True)),
    "density": nx.density(G), "meanDegree": sum(degrees.values()) / n if n else 0, "maxDegree": max(degrees.values(), default=0),
    "components": {"count": len(sizes), "largest": sizes[0] if sizes else 0},
    "isolated": [v for v, d in degrees.items() if d == 0][:20],
    "topDegree": sorted(degrees.items(), key=lambda x: -x[1])[:10],
}))
