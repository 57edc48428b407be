"""A transaction the driver retried is one short INFO line, not a WARNING with a lock report
in the middle of the operator's progress bar."""

from __future__ import annotations

import logging

import pytest

import graph.database  # noqa: F401  (installs the filter on the driver's session logger)


class _Deadlock(Exception):
    """What the driver passes: a Neo4jError, whose `code` names the transient error."""

    code = "Neo.TransientError.Transaction.DeadlockDetected"


def _deadlock() -> _Deadlock:
    return _Deadlock("ForsetiClient[transactionId=226] can't acquire ExclusiveLock")


def test_a_retried_transaction_is_a_short_info_line(caplog: pytest.LogCaptureFixture) -> None:
    driver_log = logging.getLogger("neo4j.session")
    with caplog.at_level(logging.INFO):
        driver_log.warning("Transaction failed and will be retried in %ss (%s)", 0.8,
                           _deadlock())
    [record] = caplog.records
    assert record.levelno == logging.INFO
    assert record.getMessage() == ("Neo4j: транзакция повторена после "
                                   "Neo.TransientError.Transaction.DeadlockDetected")


def test_without_verbose_logging_the_retry_is_not_shown(
        caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        logging.getLogger("neo4j.session").warning(
            "Transaction failed and will be retried in %ss (%s)", 0.8, _deadlock())
        logging.getLogger("neo4j.session").warning("Failed to consume outstanding result")
    assert [r.getMessage() for r in caplog.records] == ["Failed to consume outstanding result"]
