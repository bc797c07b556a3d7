"""Reads our exports the way a researcher would, with Debian's NetworkX 2.8.8 and igraph 0.10.2, and
prints what they see as JSON: direction, every node with its attributes (values as read: numbers,
booleans, text) and every tie with its ends and attributes. Used by test/io/export-peers.test.ts:
/usr/bin/python3 test/io/export-read.py FILE... (.graphml, .gexf, .gml, .net), or
--rewrite IN OUT ... to have NetworkX read IN and write it again as OUT."""
import json, math, sys, warnings
import networkx as nx
import igraph as ig

warnings.simplefilter('ignore')


def plain(v):
    # JSON has no tuples or NaN; spells come as tuples.
    if isinstance(v, float) and not math.isfinite(v):
        return str(v)
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    return v


def kind(v):
    # int and float apart: a whole-number attribute should read back as int.
    return 'bool' if isinstance(v, bool) else 'int' if isinstance(v, int) else 'float' if isinstance(v, float) else 'text' if isinstance(v, str) else type(v).__name__


def networkx(path):
    if path.endswith('.gexf'):
        G = nx.read_gexf(path)
    elif path.endswith('.graphml'):
        G = nx.read_graphml(path, force_multigraph=True)
    elif path.endswith('.gml'):
        G = nx.read_gml(path)
    else:
        G = nx.read_pajek(path)
    return {
        'directed': G.is_directed(),
        'graph': {k: plain(v) for k, v in G.graph.items()},
        'nodes': {str(n): {k: plain(v) for k, v in d.items()} for n, d in G.nodes(data=True)},
        'kinds': sorted({f'{k}:{kind(v)}' for _, d in G.nodes(data=True) for k, v in d.items()}),
        'edgeKinds': sorted({f'{k}:{kind(v)}' for _, _, d in G.edges(data=True) for k, v in d.items()}),
        'edges': [[str(u), str(v), {k: plain(x) for k, x in d.items()}] for u, v, d in G.edges(data=True)],
    }


def igraph(path):
    if path.endswith('.graphml'):
        g = ig.Graph.Read_GraphML(path)
        ids = g.vs['id'] if g.vcount() else []
    elif path.endswith('.gml'):
        g = ig.Graph.Read_GML(path)
        # Our GML has the hubgraph id in `label`, or (graph key hubgraph_node_key "name") in `name`.
        key = 'name' if 'hubgraph_node_key' in g.attributes() and g['hubgraph_node_key'] == 'name' else 'label'
        ids = g.vs[key] if g.vcount() else []
    elif path.endswith('.net'):
        g = ig.Graph.Read_Pajek(path)
        ids = g.vs['id'] if g.vcount() else []
    else:
        return None
    weights = g.es['weight'] if 'weight' in g.es.attributes() else [1.0] * g.ecount()
    return {
        'directed': g.is_directed(),
        'ids': [str(i) for i in ids],
        'nodeAttributes': sorted(g.vs.attributes()),
        'edges': [[str(ids[e.source]), str(ids[e.target]), float(w)] for e, w in zip(g.es, weights)],
    }


def rewrite(path, out):
    """What NetworkX writes back after reading our file: a researcher's round trip."""
    if path.endswith('.gml'):
        nx.write_gml(nx.read_gml(path), out)
    elif path.endswith('.net'):
        nx.write_pajek(nx.read_pajek(path), out)
    elif path.endswith('.graphml'):
        nx.write_graphml(nx.read_graphml(path, force_multigraph=True), out)


if sys.argv[1] == '--rewrite':  # --rewrite IN OUT [IN OUT ...]
    for i in range(2, len(sys.argv), 2):
        rewrite(sys.argv[i], sys.argv[i + 1])
else:
    def nx_or_error(path):
        try:
            return networkx(path)
        except ValueError as e:
            # read_pajek refuses a two-mode network (*Vertices n n1): recorded, as a NetworkX user meets it.
            if not path.endswith('.net'):
                raise
            return {'error': f'ValueError: {e}'}

    print(json.dumps({p: {'networkx': nx_or_error(p), 'igraph': igraph(p)} for p in sys.argv[1:]}))
