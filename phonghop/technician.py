"""`phonghop technician`: the technician's console for an enrolled technician device."""

from __future__ import annotations

from pathlib import Path

from app.keys import DeviceKeys
from app.model import TECHNICIAN
from app.storage.replica import Replica
from phonghop.device_role import open_checked, require_role
from phonghop.seat import enrolled_identity, needs_passphrase, open_or_enroll
from sync.client.connection import Connection
from sync.client.enroll import Identity
from sync.client.finder import find_room
from ui.tech_model import TechViewModel
from ui.tech_run import run_technician_with


def check_role(identity: Identity) -> None:
    """Only a technician's device prepares meetings."""
    require_role(identity, (TECHNICIAN,), "«Kỹ thuật viên»", "máy kỹ thuật viên")


def open_technician(data_dir: Path, passphrase: str | None) -> TechViewModel:
    identity, keys, replica = open_checked(data_dir, passphrase, check_role)
    # finder: a room server whose address changed is found again (docs/discovery.md).
    return TechViewModel(identity, keys, Connection(identity, keys, replica, finder=find_room), data_dir,
                         connect=_meeting)


def _meeting(identity: Identity, keys: DeviceKeys, replica: Replica, meeting_id: str) -> Connection:
    return Connection(identity, keys, replica, log_id=meeting_id, finder=find_room)


def run_enrolled_technician(data_dir: Path, passphrase: str | None) -> int:
    """The console for data_dir's device, enrolling it first from the technician's link when the
    folder has none (the seat's dialogs, reused)."""
    identity = enrolled_identity(data_dir)
    if identity is not None and (passphrase is not None or not needs_passphrase(data_dir)):
        check_role(identity)  # a wrong folder fails before any window
        model = open_technician(data_dir, passphrase)

        async def opened() -> TechViewModel:
            return model

        return run_technician_with(opened)

    async def first_start() -> TechViewModel | None:
        return await open_or_enroll(data_dir, passphrase, open_technician)

    return run_technician_with(first_start)
