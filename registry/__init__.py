"""The cancer registry: one record per tumour (form 090/у content), the contingent over
time, IARC/IACR quality checks, the registrar's review list, and legacy CSV import/export.

Entry points: :func:`registry.rebuild.rebuild_registry`,
:func:`registry.quality.run_quality_checks`, :func:`registry.legacy.importer.import_registry`.
"""

from __future__ import annotations

from registry.rebuild import rebuild_registry

__all__ = ["rebuild_registry"]
