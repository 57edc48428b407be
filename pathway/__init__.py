"""Routes, deadlines, continuity gaps, worklist, notifications and routing (issue 5).

The derived pathway layer of docs/graph-model.md §3 and §4 (pathway section).
"""

from pathway.refresh import RefreshSummary, refresh_all, refresh_patients

__all__ = ["RefreshSummary", "refresh_all", "refresh_patients"]
