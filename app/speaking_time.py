"""Speaking time: a speaker's countdown, its warning level, and each delegate's share of the floor."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Final, Literal

from app.clock import parse_iso
from app.model import MeetingState, SpeechRequest

WARN_AT_S: Final = 30
"""The countdown turns to a warning with this many seconds left (issue 4)."""

WarningLevel = Literal["normal", "warn", "over"]


def elapsed_s(start: str, end: str) -> int:
    """Whole seconds between two event times, rounded to the nearest; never negative.

    Both ends are the ISO strings of events (millisecond precision), so the server, every seat
    and a later replay compute the same figure; hashed data holds no floats, hence an int."""
    ms = (parse_iso(end) - parse_iso(start)) // timedelta(milliseconds=1)
    return max(0, (ms + 500) // 1000)


def remaining_s(subject: MeetingState | SpeechRequest, now: datetime) -> float | None:
    """Seconds left of a speech at `now` (negative once over); None when nobody has the floor.

    Given the meeting state it times the current speaker; given a request, that request (an
    ended speech stays frozen at its end). `now` comes from the caller's clock, never read here."""
    speech = subject.speaking.current() if isinstance(subject, MeetingState) else subject
    if speech is None or speech.granted_at is None or speech.limit_s is None:
        return None
    end = parse_iso(speech.ended_at) if speech.ended_at is not None else now
    # A device's estimate of the room's time can trail the grant by the welcome's transit and
    # millisecond rounding: a speech just granted must read 07:00, never 07:01.
    elapsed = max(0.0, (end - parse_iso(speech.granted_at)).total_seconds())
    return speech.limit_s - elapsed


def warning_level(remaining: float) -> WarningLevel:
    """`warn` from 30 s left down to zero included; `over` only once the limit has passed."""
    if remaining < 0:
        return "over"
    if remaining <= WARN_AT_S:
        return "warn"
    return "normal"


@dataclass(frozen=True, slots=True)
class SpeakerStats:
    """One delegate's contributions: how many speeches, their total seconds, how many per kind."""

    delegate_id: str
    speeches: int = 0
    total_s: int = 0
    by_kind: Mapping[str, int] = field(default_factory=dict)


def speaker_stats(
    state: MeetingState, item_id: str | None = None, now: datetime | None = None
) -> dict[str, SpeakerStats]:
    """Per delegate who spoke: on one agenda item, or over the whole sitting when item_id is None.

    Finished speeches count with their recorded duration. The speech in progress counts only
    when `now` is given (with its time so far), so the figure is pure over the state otherwise.
    Withdrawn and lapsed requests never had the floor and do not count."""
    counted: dict[str, tuple[int, int, dict[str, int]]] = {}
    for request in state.speaking.requests.values():
        if item_id is not None and request.item_id != item_id:
            continue
        if request.status == "done" and request.duration_s is not None:
            seconds = request.duration_s
        elif request.status == "speaking" and now is not None and request.granted_at is not None:
            seconds = max(0, int((now - parse_iso(request.granted_at)).total_seconds()))
        else:
            continue
        speeches, total, kinds = counted.get(request.delegate_id, (0, 0, {}))
        kinds[request.kind] = kinds.get(request.kind, 0) + 1
        counted[request.delegate_id] = (speeches + 1, total + seconds, kinds)
    return {
        delegate_id: SpeakerStats(delegate_id, speeches, total, kinds)
        for delegate_id, (speeches, total, kinds) in sorted(counted.items())
    }
