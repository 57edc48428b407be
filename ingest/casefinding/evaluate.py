"""Precision and recall of the suspicion decision on a labelled sentence set.

The labelled set is a TSV with columns ``id, split, label, text, note``; ``label`` is the
expected decision (``malignant``, ``suspected``, ``negative``). A sentence is *positive*
when its label is malignant or suspected, i.e. when it should raise a suspicion trigger.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from ingest.casefinding.screen import decision, screen_text, suspicion_trigger


@dataclass(frozen=True, slots=True)
class LabelledSentence:
    id: str
    split: str
    label: str
    text: str
    note: str


@dataclass(frozen=True, slots=True)
class Scores:
    true_positive: int
    false_positive: int
    false_negative: int
    true_negative: int
    label_agreement: float  # share with the exact label (malignant/suspected/negative)

    @property
    def precision(self) -> float:
        flagged = self.true_positive + self.false_positive
        return self.true_positive / flagged if flagged else 1.0

    @property
    def recall(self) -> float:
        positives = self.true_positive + self.false_negative
        return self.true_positive / positives if positives else 1.0

    def summary(self) -> str:
        total = self.true_positive + self.false_positive + self.false_negative + self.true_negative
        return (
            f"n={total} precision={self.precision:.3f} recall={self.recall:.3f} "
            f"(TP={self.true_positive} FP={self.false_positive} FN={self.false_negative} "
            f"TN={self.true_negative}) exact-label agreement={self.label_agreement:.3f}"
        )


def load_labelled(path: Path, split: str | None = None) -> list[LabelledSentence]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        sentences = [LabelledSentence(**row) for row in rows]
    return [s for s in sentences if split is None or s.split == split]


def score(sentences: list[LabelledSentence]) -> tuple[Scores, list[tuple[LabelledSentence, str]]]:
    """Scores of the suspicion decision, and the sentences whose exact label was missed."""
    counts = {"tp": 0, "fp": 0, "fn": 0, "tn": 0}
    misses: list[tuple[LabelledSentence, str]] = []
    for sentence in sentences:
        findings = screen_text(sentence.text)
        predicted = suspicion_trigger(findings)
        expected = sentence.label != "negative"
        key = ("t" if predicted == expected else "f") + ("p" if predicted else "n")
        counts[key] += 1
        label = decision(findings)
        if label != sentence.label:
            misses.append((sentence, label))
    agreement = 1 - len(misses) / len(sentences) if sentences else 1.0
    scores = Scores(counts["tp"], counts["fp"], counts["fn"], counts["tn"], agreement)
    return scores, misses
