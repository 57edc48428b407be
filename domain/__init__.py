"""Onkopassport domain knowledge: codes, identifiers, calendar, deadline rules, guidelines.

Pure Python, no database. Reference data lives in ``domain/data/`` (YAML/CSV), is loaded
once per process and validated on load; a broken file fails loudly with
:class:`domain.errors.DomainDataError`.
"""
