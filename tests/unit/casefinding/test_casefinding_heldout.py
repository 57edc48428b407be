"""Precision and recall of the suspicion decision on the held-out labelled sentences.

The held-out split was written before any rule and the rules were tuned on the dev split
only. Positive = label malignant or suspected (the sentence should raise a suspicion
trigger). Run with ``-s`` to see the figures.
"""

from __future__ import annotations

from pathlib import Path

from ingest.casefinding.evaluate import load_labelled, score

LABELLED = Path(__file__).resolve().parents[2] / "data" / "casefinding" / "labelled.tsv"


def test_labelled_set_is_large_enough_and_well_formed() -> None:
    sentences = load_labelled(LABELLED)
    assert len(sentences) >= 300
    assert len({s.id for s in sentences}) == len(sentences)
    assert {s.split for s in sentences} == {"dev", "heldout"}
    assert {s.label for s in sentences} == {"malignant", "suspected", "negative"}
    assert sum(s.split == "heldout" for s in sentences) >= 100


def test_heldout_precision_and_recall() -> None:
    scores, _ = score(load_labelled(LABELLED, "heldout"))
    print(f"\nheld-out suspicion decision: {scores.summary()}")
    assert scores.precision >= 0.95
    assert scores.recall >= 0.90


def test_dev_precision_and_recall() -> None:
    scores, _ = score(load_labelled(LABELLED, "dev"))
    print(f"\ndev suspicion decision (rules were tuned here): {scores.summary()}")
    assert scores.precision >= 0.95
    assert scores.recall >= 0.95
