"""Davis's Southern Women as NetworkX 2.8.8 (Debian) holds them (nx.davis_southern_women_graph(), from
UCINET's data), as JSON: the women in order, named by their first name upper-cased as UCINET labels
them, the events, each attendance [woman, event], and the women's co-attendance network
(bipartite.weighted_projected_graph: weight = events shared) [woman, woman, weight]. Used by test/io/dl.test.ts."""
import json
import networkx as nx
from networkx.algorithms import bipartite

G = nx.davis_southern_women_graph()
name = {w: w.split()[0].upper() for w in G.graph['top']}
print(json.dumps({
    'women': [name[w] for w in G.graph['top']],
    'events': G.graph['bottom'],
    'ties': sorted([name[w], e] for w in G.graph['top'] for e in G[w]),
    'projection': sorted(sorted([name[u], name[v]]) + [d['weight']] for u, v, d in bipartite.weighted_projected_graph(G, G.graph['top']).edges(data=True)),
}))
