"""Commands above the device's role: a seat that acts as the chair, the secretary or the
technician, a hall display that acts at all, a seat that asks for the server's own log. Each is
`forbidden` with a Vietnamese message, logged, and the logs do not move."""

from __future__ import annotations

from typing import Any

import pytest

from app.demo import DEMO_MEETING_ID
from app.vote_rules import RESOLUTION_OPTIONS
from tests.attacks.drill import SecurityLog, enrolled, hello, refused_handshake, session, snapshot
from tests.support import ServerProcess, wait_until

pytestmark = pytest.mark.slow

VOTE = {"item_id": "item-07", "title": "Biểu quyết giả", "kind": "open", "options": list(RESOLUTION_OPTIONS),
        "rule": "majority_of_all", "duration_s": 0}
# Well-formed arguments, so that the role is what refuses them, not their shape.
ABOVE_A_SEAT: list[tuple[str, dict[str, Any]]] = [
    ("vote.create", VOTE),
    ("vote.close", {"vote_id": "vote-1"}),
    ("agenda.activate", {"item_id": "item-07"}),
    ("speak.grant", {"request_id": "req-1"}),
    ("delegate.remove", {"delegate_id": "db-003"}),
    ("attendance.absence", {"delegate_id": "db-003", "reason": "Vắng"}),
    ("meeting.purge", {"meeting_id": DEMO_MEETING_ID}),
]
ABOVE_A_DISPLAY: list[tuple[str, dict[str, Any]]] = [
    ("attendance.check_in", {}),
    ("vote.create", VOTE),
    ("speak.request", {}),
]


@pytest.mark.parametrize(("role", "delegate_id", "commands"), [
    ("delegate", "db-010", ABOVE_A_SEAT),
    ("display", None, ABOVE_A_DISPLAY),
])
async def test_commands_above_the_role_are_forbidden_logged_and_change_nothing(
    server: ServerProcess, role: str, delegate_id: str | None, commands: list[tuple[str, dict[str, Any]]]
) -> None:
    identity, keys = await enrolled(server, role, delegate_id)
    async with session(server, identity, keys) as raw:
        for number, (name, args) in enumerate(commands):
            before, seen = snapshot(server), SecurityLog(server)
            answer = await raw.command(f"above-{number}", name, args)
            assert (answer["type"], answer["code"]) == ("error", "forbidden"), (name, answer)
            assert "không" in answer["message"] or "Chỉ" in answer["message"], (name, answer)
            assert snapshot(server) == before, name
            await seen.shows(event="command", code="forbidden", device_id=identity.device_id, command=name)


async def test_a_seat_cannot_follow_the_server_log_nor_locate_devices(server: ServerProcess) -> None:
    identity, keys = await enrolled(server, "delegate", "db-011")
    before, seen = snapshot(server), SecurityLog(server)
    error, close_code = await refused_handshake(server, [hello(identity, meeting_id=None)], keys)
    assert (error["code"], close_code) == ("forbidden", 1008) and "cuộc họp khác" in error["message"], error
    await wait_until(lambda: seen.has(event="handshake", code="forbidden", claimed=identity.device_id),
                     what="the security log line for the server log")
    async with session(server, identity, keys) as raw:
        await raw.send({"type": "locate", "device_id": identity.device_id})
        answer = await raw.next()
        assert (answer["type"], answer["code"]) == ("error", "forbidden") and answer["message"], answer
        await wait_until(lambda: seen.has(event="locate", code="forbidden", device_id=identity.device_id),
                         what="the security log line for the locate")
    assert snapshot(server) == before
