"""Synthetic region generator (issue 4): organisations, pathways, noise and ground truth.

`generate_region` writes NDJSON per source MIS, the FRMO registry, the routing order and a
ground truth; see `synth/README.md` for the format and `synth/shares.py` for every share
and its source.
"""

from synth.generator import DEFAULT_AS_OF, RegionSummary, generate_region

__all__ = ["DEFAULT_AS_OF", "RegionSummary", "generate_region"]
