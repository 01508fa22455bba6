"""Ballot attacks against a live vote: a replayed ballot, a forged one, one signed for another
vote, one for a vote this meeting does not hold, a hello for another meeting, one after the close.
Each is refused with its code and a Vietnamese message, logged for the technician, and leaves the
logs and the private ballot store exactly as they were."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from app.vote_rules import RESOLUTION_OPTIONS
from sync.client.ballot import cast_args
from tests.attacks.drill import Raw, SecurityLog, enrolled, hello, refused_handshake, session, snapshot
from tests.support import ServerProcess, enrolled_client, patience, wait_until

pytestmark = pytest.mark.slow


async def refused_unchanged(server: ServerProcess, attempt: Callable[[], Awaitable[dict[str, Any]]],
                            code: str, words: str, device_id: str) -> None:
    before, seen = snapshot(server), SecurityLog(server)
    answer = await attempt()
    assert answer["type"] == "error" and answer["code"] == code, answer
    assert words in answer["message"], answer
    assert snapshot(server) == before
    await wait_until(lambda: seen.has(event="command", code=code, device_id=device_id, command="vote.cast"),
                     what=f"the security log line for {code}")


async def test_ballot_attacks_are_refused_logged_and_change_nothing(server: ServerProcess, tmp_path: Path) -> None:
    chair = await enrolled_client(tmp_path / "chair", server.card("chair")["link"], "Chủ tọa")
    voter, voter_keys = await enrolled(server, "delegate", "db-001")
    forger, forger_keys = await enrolled(server, "delegate", "db-002")
    try:
        await wait_until(lambda: chair.status.kind == "online", what="chair online")
        body = {"item_id": "item-07", "title": "Thông qua Nghị quyết", "kind": "open",
                "options": list(RESOLUTION_OPTIONS), "rule": "majority_of_all", "duration_s": 0}
        created = await chair.request("vote.create", body, timeout=patience(5))
        vote_id = f"vote-{created['seq']}"
        assert (await chair.request("vote.open", {"vote_id": vote_id}, timeout=patience(5)))["type"] == "ack"
        async with session(server, voter, voter_keys) as seat, session(server, forger, forger_keys) as other:
            for raw, name in ((seat, "in-1"), (other, "in-2")):
                assert (await raw.command(name, "attendance.check_in", {}))["type"] == "ack"
            ballot = cast_args(voter_keys, vote_id, "tan_thanh")
            assert (await seat.command("cast-1", "vote.cast", ballot))["type"] == "ack"

            async def send(raw: Raw, command_id: str, args: dict[str, Any]) -> dict[str, Any]:
                return await raw.command(command_id, "vote.cast", args)

            # The same signed ballot again, under a new command id: a replay.
            await refused_unchanged(server, lambda: send(seat, "cast-2", ballot), "conflict",
                                    "đã được gửi trước đó", voter.device_id)
            # The voter's ballot presented by another seat: the signature is not that seat's.
            await refused_unchanged(server, lambda: send(other, "cast-3", cast_args(voter_keys, vote_id, "tan_thanh")),
                                    "unauthorized", "Chữ ký", forger.device_id)
            # A ballot signed for another vote, its vote id rewritten.
            stolen = {**cast_args(forger_keys, "vote-1", "khong_tan_thanh"), "vote_id": vote_id}
            await refused_unchanged(server, lambda: send(other, "cast-4", stolen), "unauthorized", "Chữ ký",
                                    forger.device_id)
            # A vote this meeting does not hold (another meeting's): nothing to count it in.
            await refused_unchanged(server, lambda: send(other, "cast-5", cast_args(forger_keys, "vote-99999", "tan_thanh")),
                                    "not_found", "Không", forger.device_id)
            # After the close.
            assert (await chair.request("vote.close", {"vote_id": vote_id}, timeout=patience(5)))["type"] == "ack"
            await refused_unchanged(server, lambda: send(other, "cast-6", cast_args(forger_keys, vote_id, "tan_thanh")),
                                    "vote_closed", "kết thúc", forger.device_id)
        # A seat's hello for another meeting never opens a session there.
        before, seen = snapshot(server), SecurityLog(server)
        error, close_code = await refused_handshake(server, [hello(forger, meeting_id="hanoi-2026-k2")], forger_keys)
        assert (error["code"], close_code) == ("forbidden", 1008) and "cuộc họp khác" in error["message"], error
        assert snapshot(server) == before
        await wait_until(lambda: seen.has(event="handshake", code="forbidden", claimed=forger.device_id),
                         what="the security log line for the other meeting")
    finally:
        await chair.stop()
