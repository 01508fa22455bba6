"""What the room knows about each device's health, for the technician (docs/devices.md).

A device reports what only it can know (its app version, which documents it holds whole, how far
its clock is from the room's); the server adds what only it can see (connected or not, since
when, last seen) and tells the technicians' consoles. None of this is the meeting's record, so it
never enters the log.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


def document_tag(document_id: str, version: int) -> str:
    """How a report names one version of a document: "doc-3@2"."""
    return f"{document_id}@{version}"


@dataclass(frozen=True, slots=True)
class DeviceReport:
    """A device's own report (C→S `status`).

    version: the app version; documents: tags (document_tag) of the versions it holds whole and
    verified; clock_offset_ms: its clock minus the room's, as measured at the last welcome
    (None when it has never been welcomed).
    """

    version: str
    documents: tuple[str, ...] = ()
    clock_offset_ms: int | None = None


@dataclass(frozen=True, slots=True)
class DeviceStatus:
    """One device as the server sees it (an entry of S→C `devices`).

    online: at least one authenticated session now; since: when it last came online or went
    offline (None: not seen since the server started); last_seen: the last frame it sent;
    report: its last DeviceReport (None: it never sent one since the server started).
    """

    device_id: str
    online: bool
    since: str | None = None
    last_seen: str | None = None
    report: DeviceReport | None = None

    def to_wire(self) -> dict[str, Any]:
        r = self.report
        return {
            "device_id": self.device_id,
            "online": self.online,
            "since": self.since,
            "last_seen": self.last_seen,
            "version": None if r is None else r.version,
            "documents": None if r is None else list(r.documents),
            "clock_offset_ms": None if r is None else r.clock_offset_ms,
        }

    @classmethod
    def from_wire(cls, d: dict[str, Any]) -> DeviceStatus:
        report = None
        if d.get("version") is not None:
            report = DeviceReport(d["version"], tuple(d.get("documents") or ()), d.get("clock_offset_ms"))
        return cls(d["device_id"], bool(d["online"]), d.get("since"), d.get("last_seen"), report)


def merged(known: dict[str, DeviceStatus], update: Iterable[DeviceStatus], full: bool) -> dict[str, DeviceStatus]:
    """The statuses after a `devices` message: a full one replaces, a partial one overrides."""
    out = {} if full else dict(known)
    out.update((s.device_id, s) for s in update)
    return out
