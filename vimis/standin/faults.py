"""Which failures the stand-in injects, drawn from a seeded generator (reproducible runs)."""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass
from typing import Any


@dataclass
class FaultPlan:
    """Shares of requests (0–1) that misbehave, and how."""

    timeout_rate: float = 0.0  # take the message, then answer after the client gave up
    server_error_rate: float = 0.0  # answer 503 without taking the message
    lost_answer_rate: float = 0.0  # take the message, then answer 500 (the client must resend)
    reject_rate: float = 0.0  # reject a valid document
    duplicate_callback_rate: float = 0.0  # send the final result twice
    out_of_order: bool = False  # shuffle callbacks, send an interim status after the final
    timeout_sleep_s: float = 2.0
    callback_delay_s: float = 0.05
    seed: int = 7

    def update(self, values: dict[str, Any]) -> None:
        for name, value in values.items():
            if name not in asdict(self):
                raise ValueError(f"unknown fault setting '{name}'")
            setattr(self, name, type(getattr(self, name))(value))


class FaultDice:
    """Rolls against a plan with its own seeded generator."""

    def __init__(self, plan: FaultPlan) -> None:
        self.plan = plan
        self.random = random.Random(plan.seed)

    def reseed(self) -> None:
        self.random = random.Random(self.plan.seed)

    def roll(self, rate: float) -> bool:
        return rate > 0 and self.random.random() < rate
