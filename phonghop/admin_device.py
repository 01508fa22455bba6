"""The technician's device as `phonghop admin` scripts use it: online for one run, then closed.

Shared by `admin meeting`, `admin agenda` and `admin documents`: open the enrolled device, follow
the server's own log and a meeting's log, send commands and wait for the answers, and the
Vietnamese checks of what a person types on the command line.
"""

from __future__ import annotations

import argparse
import asyncio
import errno
import re
import sys
import tempfile
from collections.abc import AsyncIterator, Coroutine, Iterable, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.errors import DomainError
from app.keys import DeviceKeys
from app.model import TECHNICIAN, MeetingState, ServerState
from phonghop.admin_cards import _connection, _meeting_id, _send_commands, _synced
from sync.client.connection import Connection
from sync.client.device import REPLICA_FILE, open_device
from sync.client.enroll import Identity

ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def add_device_options(cmd: Any, meeting: bool = True) -> None:
    """The options every step has: the device, the meeting (when it works on one), patience."""
    cmd.add_argument("--device", required=True, metavar="DIR",
                     help="thư mục thiết bị kỹ thuật viên đã đăng ký (phonghop enroll)")
    if meeting:
        cmd.add_argument("--meeting", metavar="ID", help="mã kỳ họp (mặc định: kỳ họp duy nhất trên máy chủ)")
    cmd.add_argument("--timeout", type=float, default=30.0, help="số giây chờ máy chủ")
    cmd.add_argument("--json-logging", action="store_true")


def run(main: Coroutine[Any, Any, int]) -> int:
    """Runs one step; a refusal before anything was sent (the device, the server, what was
    typed) is `Lỗi: … [code]` on stderr and exit 2."""
    try:
        return asyncio.run(main)
    except DomainError as exc:
        print(f"Lỗi: {exc.message} [{exc.code}]", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


@dataclass
class Technician:
    """The enrolled technician device, online for one run.

    Attributes: identity, keys, server (its connection to the server's own log, caught up with
    the head it was welcomed with), timeout (seconds to wait for the server), scratch (the folder of
    the throwaway replicas), closing (what closes with it: every connection opened).
    Replicas are throwaway, as for `admin cards`: a command the server did not answer in this run
    is reported as such and never replayed later by a run that no longer expects it.
    """

    identity: Identity
    keys: DeviceKeys
    server: Connection
    timeout: float
    scratch: Path
    closing: AsyncExitStack = field(default_factory=AsyncExitStack)

    @property
    def server_state(self) -> ServerState:
        state = self.server.state
        assert isinstance(state, ServerState)
        return state

    def meeting_id(self, chosen: str | None) -> str:
        """`--meeting`, or the only meeting on the server; refused if the server has no such one."""
        if chosen is not None and not ID.match(chosen):
            raise DomainError("bad_request", f"Mã kỳ họp «{chosen}» không hợp lệ.")
        return _meeting_id(self.server_state, chosen)

    async def meeting(self, meeting_id: str) -> Connection:
        """The meeting's log, caught up; closed with the technician."""
        connection = _connection(self.identity, self.keys, self.scratch / f"meeting-{meeting_id}.db", meeting_id)
        self.closing.push_async_callback(_close, connection)
        await _synced(connection, self.timeout)
        return connection

    async def send(self, connection: Connection, commands: Sequence[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
        """Every command into the outbox in order, then every answer (one not answered in time is a
        `timeout` refusal); returns once the log holds the events of every acknowledged one."""
        answers = await _send_commands(connection, commands, self.timeout)
        seqs = [int(a["seq"]) for a in answers if a.get("type") == "ack" and isinstance(a.get("seq"), int)]
        if seqs:
            await settled(connection, max(seqs), self.timeout)
        return answers

    async def request(self, connection: Connection, name: str, args: dict[str, Any]) -> dict[str, Any]:
        [answer] = await self.send(connection, [(name, args)])
        return answer


async def _close(connection: Connection) -> None:
    await connection.stop()
    connection.replica.close()


@asynccontextmanager
async def technician(args: argparse.Namespace) -> AsyncIterator[Technician]:
    """Opens `--device` (PHONGHOP_PASSPHRASE unlocks a passphrase key store) and follows the
    server's own log; only a technician's device prepares meetings."""
    from phonghop.cli import _passphrase

    device = Path(args.device)
    if not (device / REPLICA_FILE).is_file():  # before open_device, which would make an empty replica there
        raise DomainError("not_found", f"Thư mục {device} không có thiết bị nào đã đăng ký: đăng ký máy kỹ thuật viên "
                                       f"trước (phonghop enroll LINK --data {device}).")
    identity, keys, replica = open_device(device, _passphrase())
    replica.close()  # the device's own replica keeps its identity; this run uses throwaway ones
    if identity.role != TECHNICIAN:
        raise DomainError("forbidden", "Thiết bị này không phải máy kỹ thuật viên; chỉ kỹ thuật viên được chuẩn bị "
                                       "kỳ họp.")
    with tempfile.TemporaryDirectory(prefix="phonghop-admin-") as scratch:
        server = _connection(identity, keys, Path(scratch) / "server.db", None)
        tech = Technician(identity, keys, server, args.timeout, Path(scratch))
        async with tech.closing:
            tech.closing.push_async_callback(_close, server)
            await _synced(server, args.timeout)
            yield tech


async def settled(connection: Connection, seq: int, timeout: float) -> None:
    """Until the connection's state holds the event `seq` (an ack may arrive before its event)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while connection.state.seq < seq:
        if loop.time() > deadline:
            raise DomainError("unavailable", f"Máy chủ đã nhận lệnh nhưng chưa gửi lại kết quả sau {timeout:g} giây.")
        await asyncio.sleep(0.02)


def meeting_state(connection: Connection) -> MeetingState:
    state = connection.state
    assert isinstance(state, MeetingState) and state.meeting is not None
    return state


def refusal(answer: dict[str, Any]) -> str:
    """The server's refusal for a person: its message and code."""
    return f"{answer.get('message', 'máy chủ không trả lời')} [{answer.get('code', 'timeout')}]"


def acked(answers: Iterable[dict[str, Any]]) -> bool:
    return all(a.get("type") == "ack" for a in answers)


# -- what a person types ------------------------------------------------------------------------


def whole(text: str | None, what: str, low: int, high: int) -> int:
    """A whole number typed by a person, within [low, high]."""
    value = (text or "").strip()
    if not re.fullmatch(r"[+-]?\d{1,9}", value) or not low <= int(value) <= high:
        raise DomainError("bad_request", f"{what} phải là số nguyên từ {low} đến {high}, không phải «{text}».")
    return int(value)


def seconds(text: str, what: str, low: int = 10, high: int = 3600) -> int:
    """Seconds as `420` or minutes and seconds as `7:00`."""
    match = re.fullmatch(r"\s*(\d{1,3}):([0-5]\d)\s*", text)
    value = str(int(match[1]) * 60 + int(match[2])) if match else text
    try:
        return whole(value, what, low, high)
    except DomainError:
        raise DomainError("bad_request", f"{what} phải từ {low} đến {high} giây (viết 420 hoặc 7:00), không phải "
                                         f"«{text}».") from None


def text(value: str, what: str, required: bool = True, limit: int = 200) -> str:
    """One line of text, spaces tidied; at most `limit` characters."""
    tidy = " ".join(value.split())
    if required and not tidy:
        raise DomainError("bad_request", f"{what} không được để trống.")
    if len(tidy) > limit:
        raise DomainError("bad_request", f"{what} dài {len(tidy)} ký tự, quá giới hạn {limit} ký tự.")
    return tidy


def identifier(value: str, what: str) -> str:
    if not ID.match(value):
        raise DomainError("bad_request", f"{what} «{value}» không hợp lệ: chỉ dùng chữ không dấu, số, dấu chấm, gạch "
                                         "ngang, gạch dưới (tối đa 64 ký tự).")
    return value


def unreadable(path: Path, exc: OSError) -> DomainError:
    """A file that cannot be read, said in Vietnamese (the system's strerror is English)."""
    reason = {errno.ENOENT: "không có tệp này", errno.EACCES: "không có quyền đọc tệp",
              errno.EISDIR: "đây là một thư mục"}.get(exc.errno or 0, exc.strerror or str(exc))
    return DomainError("no_file", f"Không đọc được tệp {path}: {reason}.")


