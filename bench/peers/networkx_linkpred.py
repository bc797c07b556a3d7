"""NetworkX peer for the partner benchmark: Adamic-Adar and preferential attachment on the same
graph (ties before the split) and the same candidate pairs as hubgraph, judged by the same
protocol (AUC; recall@k per company, equal scores ordered by the given tie-break rank).

usage: networkx_linkpred.py EDGES PAIRS K
  EDGES: lines "a b" (node indices), the graph before the split; first line: number of nodes
  PAIRS: lines "company partner positive tiebreak"
Prints one JSON line.
"""
import json
import sys
import time

import networkx as nx


def auc(scores, labels):
    order = sorted(range(len(scores)), key=lambda i: scores[i])
    pos = 0
    rank_sum = 0.0
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and scores[order[j + 1]] == scores[order[i]]:
            j += 1
        avg = (i + j) / 2 + 1
        for t in range(i, j + 1):
            if labels[order[t]]:
                pos += 1
                rank_sum += avg
        i = j + 1
    neg = len(order) - pos
    if pos == 0 or neg == 0:
        return None
    return (rank_sum - pos * (pos + 1) / 2) / (pos * neg)


def recall_at_k(pairs, scores, k):
    by_company = {}
    for i, (c, _p, _y, _t) in enumerate(pairs):
        by_company.setdefault(c, []).append(i)
    total, m = 0.0, 0
    for rows in by_company.values():
        pos = sum(pairs[i][2] for i in rows)
        if not pos:
            continue
        rows.sort(key=lambda i: (-scores[i], pairs[i][3]))
        total += sum(pairs[i][2] for i in rows[:k]) / pos
        m += 1
    return total / m if m else None


def main():
    edges_path, pairs_path, k = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(edges_path) as f:
        n = int(f.readline())
        G = nx.Graph()
        G.add_nodes_from(range(n))
        G.add_edges_from(tuple(map(int, line.split())) for line in f if line.strip())
    pairs = []
    with open(pairs_path) as f:
        for line in f:
            c, p, y, t = line.split()
            pairs.append((int(c), int(p), int(y), float(t)))
    ebunch = [(c, p) for c, p, _y, _t in pairs]
    labels = [y for _c, _p, y, _t in pairs]
    out = {}
    t0 = time.perf_counter()
    aa = [s for _u, _v, s in nx.adamic_adar_index(G, ebunch)]
    pa = [s for _u, _v, s in nx.preferential_attachment(G, ebunch)]
    out["seconds"] = time.perf_counter() - t0
    for name, scores in (("adamicAdar", aa), ("preferentialAttachment", pa)):
        out[name] = {"auc": auc(scores, labels), "recallAtK": recall_at_k(pairs, scores, k), "sum": sum(scores)}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
