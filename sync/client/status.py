"""The connection's observable state and the backoff between attempts."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from app.errors import DomainError

Kind = Literal["online", "connecting", "offline", "refused", "stopped"]


@dataclass(frozen=True, slots=True)
class ConnectionStatus:
    """kind, since when the seat has been without the server, and why it was refused."""

    kind: Kind
    offline_since: datetime | None = None
    error: DomainError | None = None

    def label(self) -> str:
        """What the banner says, in the words of DOMAIN.md."""
        if self.kind == "online":
            return "Đã kết nối"
        if self.offline_since is None:
            return "Đang kết nối"
        local = self.offline_since.astimezone()
        return f"Mất kết nối từ {local:%H:%M}"


@dataclass(frozen=True, slots=True)
class Backoff:
    """Exponential backoff with equal jitter: 500 seats coming back never arrive together,
    and none waits longer than `cap_s`."""

    base_s: float = 0.2
    cap_s: float = 15.0

    def delay(self, attempt: int, rng: random.Random | None = None) -> float:
        ceiling = min(self.cap_s, self.base_s * (2 ** min(attempt, 20)))
        draw = (rng or random).uniform(0.0, ceiling / 2)
        return float(ceiling / 2 + draw)
