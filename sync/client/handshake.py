"""The device's half of the handshake on an open socket, after its hello: the signed answer to the
challenge, then the welcome or a coded refusal. Apart from sync/client/connection.py, which
decides what a refusal means for the next attempt."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from app.clock import parse_iso
from app.errors import DomainError
from sync.protocol.handshake import ChallengeReceived, ClientSession, ErrorReceived, Violation, Welcomed
from sync.protocol.messages import Welcome

# aiohttp is imported where it is used (see sync/client/connection.py).
if TYPE_CHECKING:
    import aiohttp

log = logging.getLogger(__name__)

HANDSHAKE_TIMEOUT_S = 15.0


class Refused(Exception):
    """The server ended the handshake with a coded error."""

    def __init__(self, error: DomainError):
        self.error = error
        super().__init__(error.code)


async def handshake(
    ws: aiohttp.ClientWebSocketResponse, protocol: ClientSession, sign: Callable[[bytes], bytes]
) -> Welcome:
    """Reads frames until the welcome (returned), within HANDSHAKE_TIMEOUT_S. Raises Refused on
    the server's coded error, aiohttp.ClientConnectionError on a closed socket or a bad frame."""
    import aiohttp  # here, not at the top: see above TYPE_CHECKING

    async with asyncio.timeout(HANDSHAKE_TIMEOUT_S):
        while True:
            msg = await ws.receive()
            if msg.type != aiohttp.WSMsgType.TEXT:
                raise aiohttp.ClientConnectionError("closed during handshake")
            for item in protocol.receive(msg.data):
                if isinstance(item, ChallengeReceived):
                    await ws.send_str(protocol.auth(sign))
                elif isinstance(item, Welcomed):
                    return item.welcome
                elif isinstance(item, ErrorReceived):
                    err = item.error
                    raise Refused(DomainError(err.code, err.message, err.detail))
                elif isinstance(item, Violation):
                    raise aiohttp.ClientConnectionError(item.error.code)


def server_moment(server_time: str) -> datetime | None:
    """The welcome's server_time, when it is a time that says the server's zone."""
    try:
        moment = parse_iso(server_time)
    except ValueError:
        log.warning("the welcome's server_time is not a time; countdowns keep the local clock")
        return None
    if moment.tzinfo is None:
        return None  # a naive time says nothing about the server's zone
    return moment
