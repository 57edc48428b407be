"""Analytics of the oncology service: indicators (domain.md §7), forms No. 7 and No. 35
(§8), survival, and the users' dashboard widgets.

Cypher (``cypher/fetch_*.cypher``) brings one row per tumour or per registered patient;
pandas does the arithmetic, so every figure can be traced back to the rows behind it.
"""
