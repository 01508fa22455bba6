"""The offline lease: how long a device may keep the meeting's documents without the room server
(docs/lifecycle.md). Pure: the caller brings the time of the last contact and the clock's now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from app.model import MeetingState, Settings

DEFAULT_LEASE_H: Final = Settings().offline_lease_h
LOCKED_MESSAGE: Final = (
    "Tài liệu đã bị khóa vì máy mất kết nối quá {hours} giờ. Hãy kết nối lại với phòng họp để tải lại."
)


@dataclass(frozen=True, slots=True)
class Lease:
    """The lease of one device: `last_contact` is when the room server last welcomed it (or
    heard from it during a session); `hours` the meeting's setting."""

    last_contact: datetime
    hours: int = DEFAULT_LEASE_H

    @property
    def ends_at(self) -> datetime:
        return self.last_contact + timedelta(hours=self.hours)

    def expired(self, now: datetime) -> bool:
        """Strictly longer than the lease. A clock set back before the last contact keeps the lease:
        the lease is a guard for a laptop opened later, not against someone who owns its clock."""
        return now > self.ends_at

    def message(self) -> str:
        return LOCKED_MESSAGE.format(hours=self.hours)


def lease_hours(state: object) -> int:
    """The meeting's setting; the default for a device that follows no meeting yet."""
    if isinstance(state, MeetingState) and state.meeting is not None:
        return state.meeting.settings.offline_lease_h
    return DEFAULT_LEASE_H
