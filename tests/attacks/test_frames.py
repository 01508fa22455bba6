"""Oversized and deeply nested frames, before and after the handshake: refused with the exact
code and reason, logged, nothing changed; an open session goes on working after them."""

from __future__ import annotations

import aiohttp
import pytest

from sync.protocol.messages import MAX_DEPTH, MAX_FRAME
from tests.attacks.drill import SecurityLog, connect, enrolled, refused_handshake, session, snapshot
from tests.support import ServerProcess, patience, wait_until

pytestmark = pytest.mark.slow


def nested(depth: int) -> str:
    """A well-formed command whose args nest `depth` objects deep."""
    return ('{"type":"command","id":"deep","name":"attendance.check_in","args":'
            + '{"a":' * depth + "1" + "}" * depth + "}")


OVERSIZED = '{"type":"hello","pad":"' + "x" * MAX_FRAME + '"}'
# (frame, code, reason, words of the Vietnamese message)
BAD = [
    (OVERSIZED, "too_large", "too_large", "1 MiB"),
    (nested(MAX_DEPTH + 5), "bad_request", "too_deep", "lồng nhau"),
    ('{"a":' * 100_000 + "1" + "}" * 100_000, "bad_request", "too_deep", "lồng nhau"),
]


@pytest.mark.parametrize(("frame", "code", "reason", "words"), BAD, ids=["oversized", "nested", "very-deep"])
async def test_a_bad_first_frame_ends_the_handshake_logged(
    server: ServerProcess, frame: str, code: str, reason: str, words: str
) -> None:
    before, seen = snapshot(server), SecurityLog(server)
    error, close_code = await refused_handshake(server, [frame])
    assert (error["code"], close_code) == (code, 1008) and words in error["message"], error
    assert snapshot(server) == before
    await wait_until(lambda: seen.has(event="handshake", code=code), what="the refused handshake logged")


async def test_bad_frames_in_a_session_are_refused_logged_and_the_session_goes_on(server: ServerProcess) -> None:
    identity, keys = await enrolled(server, "delegate", "db-030")
    async with session(server, identity, keys) as raw:
        for frame, code, reason, words in BAD:
            before, seen = snapshot(server), SecurityLog(server)
            await raw.send(frame)
            answer = await raw.next()
            assert (answer["type"], answer["id"], answer["code"]) == ("error", None, code), answer
            assert answer["detail"]["reason"] == reason and words in answer["message"], answer
            assert snapshot(server) == before
            await seen.shows(event="frame", code=code, reason=reason, device_id=identity.device_id)
        assert (await raw.command("still-1", "attendance.check_in", {}))["type"] == "ack"


async def test_a_frame_past_the_transport_limit_closes_the_socket_logged(server: ServerProcess) -> None:
    identity, keys = await enrolled(server, "delegate", "db-031")
    async with session(server, identity, keys) as raw:
        before, seen = snapshot(server), SecurityLog(server)
        await raw.ws.send_str("x" * (4 * MAX_FRAME + 1))
        msg = await raw.ws.receive(timeout=patience(10))
        assert msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING), msg
        assert raw.ws.close_code in (1006, 1009)  # the close frame may lose the race with the socket's end
        assert snapshot(server) == before
        await wait_until(lambda: seen.has(event="frame", code="too_large", device_id=identity.device_id),
                         what="the oversized message logged")
    # The device may come back at once: closing its socket was all.
    async with connect(server) as ws:
        assert not ws.closed
