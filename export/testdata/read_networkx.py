"""Reads an export with networkx and prints what it found as JSON.

usage: read_networkx.py graphml|gexf FILE
"""
import json
import sys

import networkx as nx
from networkx.readwrite import gexf as nxgexf

if "1.3" not in nxgexf.GEXF.versions:
    # networkx < 3 (Debian 12's 2.8) knows GEXF up to 1.2draft, whose elements 1.3 keeps
    # under its own namespace: teach the reader the namespace, nothing else.
    v = dict(nxgexf.GEXF.versions["1.2draft"])
    v.update(
        NS_GEXF="http://gexf.net/1.3",
        NS_VIZ="http://gexf.net/1.3/viz",
        SCHEMALOCATION="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd",
        VERSION="1.3",
    )
    nxgexf.GEXF.versions["1.3"] = v

fmt, path = sys.argv[1], sys.argv[2]
if fmt == "graphml":
    g = nx.read_graphml(path)
else:
    g = nx.read_gexf(path, version="1.3")
out = {
    "networkx": nx.__version__,
    "directed": g.is_directed(),
    "nodes": g.number_of_nodes(),
    "edges": g.number_of_edges(),
    "graph": {k: v for k, v in g.graph.items() if isinstance(v, (str, int, float))},
    "node": {n: {k: (list(v) if isinstance(v, (list, tuple)) else v) for k, v in d.items()} for n, d in g.nodes(data=True)},
    "edge": [[u, v, d] for u, v, d in g.edges(data=True)],
}
if not g.is_directed():
    # Cross-check the exported metrics with networkx's own.
    out["betweenness"] = nx.betweenness_centrality(g, normalized=False)
    try:
        out["pagerank"] = nx.pagerank(g, alpha=0.85, weight="weight", tol=1e-12)
    except ImportError:
        # nx.pagerank needs numpy and scipy; networkx keeps its pure-Python version.
        from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

        out["pagerank"] = _pagerank_python(g, alpha=0.85, weight="weight", tol=1e-12)
    out["components"] = nx.number_connected_components(g)
print(json.dumps(out, default=str))
