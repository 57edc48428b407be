"""Survival curves as a PNG (matplotlib, no display needed) for reports and e-mail."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")  # headless: never open a window on a server
import matplotlib.pyplot as plt

from analytics.survival import SurvivalCurve


def survival_png(curves: list[SurvivalCurve], title: str) -> bytes:
    figure, axes = plt.subplots(figsize=(8, 5), dpi=100)
    try:
        for curve in curves:
            axes.step([p.month for p in curve.points], [p.survival * 100 for p in curve.points],
                      where="post", label=f"{curve.group} (n={curve.patients})")
        axes.set_xlabel("месяцы после диагноза")
        axes.set_ylabel("выживаемость, %")
        axes.set_ylim(0, 100)
        axes.set_title(title)
        axes.grid(alpha=0.3)
        axes.legend(loc="lower left", fontsize="small")
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", bbox_inches="tight")
        return buffer.getvalue()
    finally:
        plt.close(figure)
