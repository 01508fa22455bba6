"""Injected clocks: the domain takes time as an argument, never from the system."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class RoomClock:
    """The room server's time on this device: the local clock moved by the difference the
    server's welcome showed. Countdowns compare now with the time the server granted the floor;
    on a seat or display whose clock is a minute off they would show a minute too much or too
    little (nobody sets the clocks of 85 laptops by hand)."""

    def __init__(self, local: Clock | None = None):
        self.local: Clock = local or SystemClock()
        self.offset = timedelta(0)

    def now(self) -> datetime:
        return self.local.now() + self.offset

    def set_server_time(self, server_now: datetime) -> None:
        self.offset = server_now - self.local.now()


class FixedClock:
    """A clock for tests that only moves when told to."""

    def __init__(self, start: datetime | None = None):
        self._now = start or datetime(2026, 12, 1, 8, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, seconds: float) -> None:
        self._now += timedelta(seconds=seconds)


def iso(moment: datetime) -> str:
    """ISO-8601 in UTC with milliseconds: the form every event's `at` takes."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def vn_date(iso_date: str) -> str:
    """A calendar day (YYYY-MM-DD, no zone: a meeting's date) as people write it: dd/mm/yyyy;
    anything else as it is."""
    try:
        return datetime.strptime(iso_date, "%Y-%m-%d").strftime("%d/%m/%Y")
    except ValueError:
        return iso_date


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))
