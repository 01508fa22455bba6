"""The technician's console model over a real room server: one enrolled technician device
following the server's own log and a chosen meeting, as `phonghop technician` composes it."""

from __future__ import annotations

from pathlib import Path

from app.keys import DeviceKeys
from app.storage.replica import Replica
from sync.client.connection import Connection
from sync.client.enroll import Identity
from sync.client.status import Backoff
from tests.support import ServerProcess, enrolled_client, wait_until
from ui.tech_model import TechViewModel


def _fast(identity: Identity, keys: DeviceKeys, replica: Replica, meeting_id: str) -> Connection:
    return Connection(identity, keys, replica, backoff=Backoff(base_s=0.05, cap_s=0.5), log_id=meeting_id)


def synced(connection: Connection | None) -> bool:
    return (connection is not None and connection.status.kind == "online" and connection.head_seq is not None
            and connection.state.seq >= connection.head_seq)


async def tech_model(server: ServerProcess, folder: Path, meeting_id: str | None) -> TechViewModel:
    """The technician's view-model, online on the server's log and on `meeting_id` (caught up)."""
    server_log = await enrolled_client(folder, server.card("technician")["link"], "Máy kỹ thuật viên", log_id=None)
    model = TechViewModel(server_log.identity, server_log.keys, server_log, folder, connect=_fast)
    await wait_until(lambda: synced(model.server), what="the server's log")
    if meeting_id is not None:
        await model.choose(meeting_id)
        await wait_until(lambda: synced(model.meeting), what=f"the meeting {meeting_id}")
    return model


async def close(model: TechViewModel) -> None:
    await model.stop()
    model.server.replica.close()
