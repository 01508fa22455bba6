"""`phonghop demo` holds sealed votes too: its arriving seats run the counting committee's agent
as every seat program does, so a newcomer's chair can name a Ban kiểm phiếu among them and see the
key made, the vote opened, closed and counted without anyone else pressing anything."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.model import MeetingState
from app.vote_rules import RESOLUTION_OPTIONS
from phonghop.demo import ARRIVING, DemoRoom
from tests.support import ServerProcess, patience, wait_until

pytestmark = pytest.mark.slow


async def test_the_demos_arriving_seats_make_the_key_and_count_a_sealed_vote(tmp_path: Path) -> None:
    server = ServerProcess(tmp_path / "server")
    server.start()
    room = DemoRoom(tmp_path, server.listening["fingerprint"])
    try:
        room.chair = chair = await room.device(room.card("chair"), "Bàn Chủ tọa")
        room.run_in_background()

        def state() -> MeetingState:
            assert isinstance(chair.state, MeetingState)
            return chair.state

        await wait_until(lambda: set(ARRIVING) <= state().present, timeout=60, what="the arriving seats check in")
        members = ARRIVING[:7]
        created = await chair.request("vote.create", {
            "item_id": "item-01", "title": "Bỏ phiếu kín chạy thử", "kind": "secret",
            "options": list(RESOLUTION_OPTIONS), "rule": "majority_of_all", "duration_s": 0, "sealed": True,
            "committee": {"head": members[0], "secretary": members[1], "members": members}}, timeout=patience(10))
        assert created["type"] == "ack", created
        vote_id = f"vote-{created['seq']}"
        await wait_until(lambda: state().votes[vote_id].ceremony.ready is not None, timeout=30, what="key ready")
        assert (await chair.request("vote.open", {"vote_id": vote_id}, timeout=patience(10)))["type"] == "ack"
        assert (await chair.request("vote.close", {"vote_id": vote_id}, timeout=patience(10)))["type"] == "ack"
        await wait_until(lambda: state().votes[vote_id].status == "closed", timeout=30, what="counted")
        result = state().votes[vote_id].result
        assert result is not None and result["participated"] == 0 and len(result["sealed"]["decrypted_by"]) == 4
    finally:
        await room.close()
        server.terminate()
