"""The chair's console composition: the presidium device's connection, enrolled from its link on the first start."""

from __future__ import annotations

from pathlib import Path

from app.keys import DeviceKeys
from app.model import CHAIR, ROLE_LABELS, SECRETARY
from app.storage.replica import Replica
from phonghop.device_role import open_checked, require_role
from phonghop.seat import enrolled_identity, needs_passphrase, open_or_enroll
from sync.client.connection import Connection
from sync.client.device import open_device
from sync.client.enroll import Identity
from sync.client.finder import find_room
from ui.chair_run import ChairParts, run_chair_with

TITLE = "PhòngHọp – Bàn chủ tọa"


def check_role(identity: Identity) -> None:
    """Only the presidium's devices open the console."""
    require_role(identity, (CHAIR, SECRETARY), "«Chủ tọa» hay «Thư ký kỳ họp»", "bàn chủ tọa")


def chair_parts(identity: Identity, keys: DeviceKeys, replica: Replica) -> ChairParts:
    check_role(identity)
    title = f"{TITLE} – {ROLE_LABELS.get(identity.role, identity.role)}"
    # finder: a room server whose address changed is found again (docs/discovery.md).
    return ChairParts(Connection(identity, keys, replica, finder=find_room), title=title)


def open_chair_parts(data_dir: Path, passphrase: str | None) -> ChairParts:
    identity, keys, replica = open_checked(data_dir, passphrase, check_role)
    return chair_parts(identity, keys, replica)


def run_enrolled_chair(data_dir: Path, passphrase: str | None) -> int:
    """`phonghop chair`: the console for data_dir's device, enrolling it first from the chair's
    (or the secretary's) link when the folder has none (the seat's dialogs, reused)."""
    identity = enrolled_identity(data_dir)
    if identity is not None and (passphrase is not None or not needs_passphrase(data_dir)):
        # Scripts and keyring machines: a wrong folder or passphrase fails before any window.
        check_role(identity)
        identity, keys, replica = open_device(data_dir, passphrase)

        async def parts() -> ChairParts:
            return chair_parts(identity, keys, replica)

        return run_chair_with(parts, TITLE)

    async def first_start() -> ChairParts | None:
        return await open_or_enroll(data_dir, passphrase, open_chair_parts)

    return run_chair_with(first_start, TITLE)
