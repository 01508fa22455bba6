"""The live side of a connection's outbox: commands kept in the replica before anything is sent,
the futures waiting for their answers, and the one sender per session. Apart from
sync/client/connection.py, which only says when a session may send."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, Any

from app.storage.replica import Replica
from sync.protocol.handshake import ClientSession

# aiohttp is imported where it is used (see sync/client/connection.py).
if TYPE_CHECKING:
    import aiohttp


class Outbox:
    """Commands of one connection on their way to the room server.

    `in_db` runs replica work on the connection's own replica thread."""

    def __init__(self, replica: Replica, in_db: Callable[..., Awaitable[Any]]):
        self.replica = replica
        self._in_db = in_db
        self._waiters: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self._changed = asyncio.Event()

    async def submit(self, name: str, args: dict[str, Any], command_id: str | None, created_at: str) -> str:
        """Stores the command (durable before anything is sent), wakes the sender, returns its id."""
        command_id = command_id or str(uuid.uuid4())
        await self._in_db(self.replica.enqueue, command_id, name, args, created_at)
        self._waiters.setdefault(command_id, asyncio.get_running_loop().create_future())
        self._changed.set()
        return command_id

    async def answer(self, command_id: str, timeout: float | None = None) -> dict[str, Any]:
        known: dict[str, Any] | None = await self._in_db(self.replica.answer, command_id)
        if known is not None:
            return known
        future = self._waiters.setdefault(command_id, asyncio.get_running_loop().create_future())
        answer: dict[str, Any] = await asyncio.wait_for(asyncio.shield(future), timeout)
        return answer

    def settle(self, answers: Iterable[tuple[str, dict[str, Any]]]) -> None:
        """Hands answers (already stored in the replica) to whoever waits for them."""
        for command_id, answer in answers:
            waiter = self._waiters.pop(command_id, None)
            if waiter is not None and not waiter.done():
                waiter.set_result(answer)

    async def send(
        self, ws: aiohttp.ClientWebSocketResponse, protocol: ClientSession, settled: asyncio.Event
    ) -> None:
        """The only sender of commands: the outbox in the order it was filled, each command
        once per connection, so a command made during a replay never overtakes older ones."""
        sent: set[str] = set()
        self._changed.set()
        await settled.wait()  # after a rollback: once settled, so nothing gone is sent
        while True:
            await self._changed.wait()
            self._changed.clear()
            for entry in await self._in_db(self.replica.pending):
                if entry.command_id not in sent:
                    sent.add(entry.command_id)
                    # a send that fails is no loss: the next connection replays the outbox
                    with contextlib.suppress(ConnectionError, RuntimeError):
                        await ws.send_str(protocol.command(entry.command_id, entry.name, entry.args))
