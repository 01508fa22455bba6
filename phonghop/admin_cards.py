"""`phonghop admin cards`: one-time enrollment codes for seats and role devices, as seat cards (PDF)."""

from __future__ import annotations

import argparse
import asyncio
import math
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from app.clock import SystemClock, parse_iso
from app.errors import DomainError
from app.keys import DeviceKeys, write_private_file
from app.model import ROLE_LABELS, TECHNICIAN, Enrollment, MeetingState, ServerState
from app.seat_cards import CARD_ROLES, CARDS_PER_PAGE, IssuedCode, earlier_codes, issue_codes, seat_cards_pdf
from app.storage.replica import Replica
from sync.client.connection import Connection
from sync.client.device import open_device
from sync.client.enroll import UNREACHABLE, Identity
from sync.client.status import Backoff
from sync.links import enrollment_link


def add_commands(steps: Any) -> None:
    cards = steps.add_parser(
        "cards",
        help="tạo mã đăng ký dùng một lần và in thẻ ghế (PDF)",
        description="Tạo mã đăng ký thiết bị dùng một lần cho từng ghế (và thiết bị theo vai trò), gửi lên "
        "máy chủ rồi in thẻ ghế có mã QR. Cấp lại thẻ bị mất: chỉ định --seat.",
    )
    cards.add_argument("--device", required=True, help="thư mục của thiết bị kỹ thuật viên đã đăng ký")
    cards.add_argument("--out", required=True, metavar="FILE.pdf", help="tệp PDF thẻ ghế")
    cards.add_argument("--seat", action="extend", nargs="+", metavar="LABEL", help="chỉ các ghế này (mặc định: mọi ghế)")
    cards.add_argument("--roles", default="", help=f"thêm thẻ thiết bị theo vai trò: {','.join(CARD_ROLES)}")
    cards.add_argument("--no-seats", action="store_true", help="chỉ in thẻ thiết bị theo vai trò")
    cards.add_argument("--meeting", help="mã cuộc họp (mặc định: cuộc họp duy nhất trên máy chủ)")
    cards.add_argument("--host", help="địa chỉ máy chủ in trên thẻ (mặc định: địa chỉ thiết bị này dùng)")
    cards.add_argument("--valid-hours", type=float, default=24, help="thời hạn của mã, tính bằng giờ (tối đa 168)")
    cards.add_argument("--timeout", type=float, default=30, help="số giây chờ máy chủ")
    cards.add_argument("--json-logging", action="store_true")
    cards.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    from phonghop.cli import _passphrase

    try:
        return asyncio.run(make_cards(args, _passphrase()))
    except DomainError as exc:
        print(f"Lỗi: {exc.message} [{exc.code}]")
        return 2


async def make_cards(args: argparse.Namespace, passphrase: str | None) -> int:
    roles = [r.strip() for r in args.roles.split(",") if r.strip()]
    if args.no_seats and args.seat:
        raise DomainError("bad_request", "Không dùng --seat cùng với --no-seats.")
    if args.no_seats and not roles:
        raise DomainError("bad_request", "Với --no-seats, hãy chọn vai trò bằng --roles.")
    if not 0 < args.valid_hours <= 168:
        raise DomainError("bad_request", "Thời hạn của mã phải từ trên 0 đến 168 giờ.")
    identity, keys, replica = open_device(Path(args.device), passphrase)
    replica.close()
    if identity.role != TECHNICIAN:
        raise DomainError("forbidden", "Chỉ thiết bị kỹ thuật viên mới tạo được mã đăng ký và in thẻ ghế.")
    address = urlsplit(identity.url)
    host, port = args.host or address.hostname or "", address.port or 8443
    clock = SystemClock()
    # Both logs go to throwaway replicas: a command the server did not answer in this run must
    # never be replayed later, since its code was never printed.
    with tempfile.TemporaryDirectory(prefix="phonghop-cards-") as scratch:
        server = _connection(identity, keys, Path(scratch) / "server.db", None)
        try:
            await _synced(server, args.timeout)
            assert isinstance(server.state, ServerState)
            meeting_id = _meeting_id(server.state, args.meeting)
            meeting = await _meeting(identity, keys, Path(scratch) / "meeting.db", meeting_id, args.timeout)
            issued = issue_codes(
                meeting, link=lambda code: enrollment_link(host, port, code, identity.fingerprint), now=clock.now(),
                seats=[] if args.no_seats else args.seat, roles=roles, ttl_s=round(args.valid_hours * 3600),
            )
            if not issued:
                raise DomainError("not_found", "Không có ghế nào có đại biểu để in thẻ.")
            answers = await _send(server, issued, args.timeout)
            assert isinstance(server.state, ServerState)
            acknowledged = [i for i, a in zip(issued, answers, strict=True) if a.get("type") == "ack"]
            # A re-issued card replaces the lost one: the old code dies once the new one exists.
            earlier = earlier_codes(server.state, acknowledged, clock.now())
            cancelled = await _send_commands(
                server, [("device.cancel_enrollment", {"code_hash": e.code_hash}) for e in earlier], args.timeout)
            assert isinstance(server.state, ServerState)
            state = server.state
        finally:
            await server.stop()
    accepted = [_with_server_expiry(i, state) for i, a in zip(issued, answers, strict=True) if a.get("type") == "ack"]
    for item, answer in zip(issued, answers, strict=True):
        if answer.get("type") != "ack":
            print(f"Máy chủ không nhận mã của thẻ {_who(item.args, meeting)}: {answer.get('message', '')} "
                  f"[{answer.get('code', 'timeout')}] — thẻ này không được in.")
    if not accepted:
        print("Không có thẻ nào được in.")
        return 1
    title = meeting.meeting.title if meeting.meeting else ""
    pdf = await asyncio.to_thread(seat_cards_pdf, [i.card for i in accepted], title, created=clock.now())
    out = Path(args.out)
    write_private_file(out, pdf)  # the codes in it open the meeting to whoever holds them
    pages = math.ceil(len(accepted) / CARDS_PER_PAGE)
    first = min(i.card.expires_at for i in accepted)
    print(f"Đã in {len(accepted)} thẻ ({pages} trang) vào {out}. Mã dùng được một lần, "
          f"đến {first:%H:%M} ngày {first:%d/%m/%Y}.")
    _report_earlier(earlier, cancelled, meeting)
    return 0 if len(accepted) == len(issued) and all(a.get("type") == "ack" for a in cancelled) else 1


def _connection(identity: Identity, keys: DeviceKeys, path: Path, log_id: str | None) -> Connection:
    connection = Connection(identity, keys, Replica(path), backoff=Backoff(base_s=0.2, cap_s=2.0), log_id=log_id)
    connection.start()
    return connection


async def _synced(connection: Connection, timeout: float) -> None:
    """Until the connection holds the whole log as the server had it at welcome."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not (
        connection.status.kind == "online"
        and connection.head_seq is not None
        and connection.state.seq >= connection.head_seq
    ):
        if connection.status.kind == "refused" and connection.status.error is not None:
            raise connection.status.error
        if asyncio.get_running_loop().time() > deadline:
            raise DomainError("not_found", UNREACHABLE)
        await asyncio.sleep(0.02)


def _meeting_id(server: ServerState, chosen: str | None) -> str:
    if chosen is not None:
        if chosen not in server.meetings:
            raise DomainError("not_found", f"Không có cuộc họp {chosen} trên máy chủ.")
        return chosen
    if len(server.meetings) != 1:
        known = ", ".join(sorted(server.meetings)) or "chưa có"
        raise DomainError("bad_request", f"Hãy chọn cuộc họp bằng --meeting (trên máy chủ: {known}).")
    return next(iter(server.meetings))


async def _meeting(identity: Identity, keys: DeviceKeys, path: Path, meeting_id: str, timeout: float) -> MeetingState:
    connection = _connection(identity, keys, path, meeting_id)
    try:
        await _synced(connection, timeout)
        assert isinstance(connection.state, MeetingState)
        return connection.state
    finally:
        await connection.stop()


async def _send(server: Connection, issued: Sequence[IssuedCode], timeout: float) -> list[dict[str, Any]]:
    """Every `device.enroll`, then every answer; one not answered in time counts as refused."""
    return await _send_commands(server, [("device.enroll", dict(item.args)) for item in issued], timeout)


async def _send_commands(server: Connection, commands: Sequence[tuple[str, dict[str, Any]]],
                         timeout: float) -> list[dict[str, Any]]:
    ids = [await server.submit(name, args) for name, args in commands]

    async def answer(command_id: str) -> dict[str, Any]:
        try:
            return await server.answer(command_id, timeout)
        except TimeoutError:
            return {"type": "error", "code": "timeout", "message": "máy chủ không trả lời kịp"}

    return list(await asyncio.gather(*(answer(command_id) for command_id in ids)))


def _with_server_expiry(item: IssuedCode, server: ServerState) -> IssuedCode:
    """The card shows the expiry the server recorded (its clock decides), in local time."""
    enrollment = server.enrollments.get(item.code_hash)
    if enrollment is None:
        return item
    expires = parse_iso(enrollment.expires_at).astimezone()
    return replace(item, card=replace(item.card, expires_at=expires))


def _who(args: Any, meeting: MeetingState) -> str:
    seat = meeting.seats.get(args.get("seat") or "")
    role = ROLE_LABELS.get(args.get("role", ""), args.get("role", ""))
    if args.get("role") == "delegate" and seat is not None:
        return f"ghế {seat.label}"
    return f"{role} (ghế {seat.label})" if seat is not None else role


def _report_earlier(earlier: Sequence[Enrollment], answers: Sequence[dict[str, Any]], meeting: MeetingState) -> None:
    if not earlier:
        return
    done = [e for e, a in zip(earlier, answers, strict=True) if a.get("type") == "ack"]
    kept = [e for e, a in zip(earlier, answers, strict=True) if a.get("type") != "ack"]
    if done:
        print(f"Đã hủy {len(done)} mã của thẻ in trước đó ({_names(done, meeting)}): thẻ cũ không còn dùng được.")
    if kept:
        last = max(parse_iso(e.expires_at) for e in kept).astimezone()
        print(f"Lưu ý: máy chủ chưa hủy {len(kept)} mã của thẻ in trước đó ({_names(kept, meeting)}); chúng còn "
              f"hiệu lực đến muộn nhất {last:%H:%M} ngày {last:%d/%m/%Y}. Hãy chạy lại lệnh.")


def _names(enrollments: Sequence[Enrollment], meeting: MeetingState) -> str:
    names = sorted({_who({"role": e.role, "seat": e.seat}, meeting) for e in enrollments})
    return ", ".join(names[:10]) + (f" và {len(names) - 10} thẻ khác" if len(names) > 10 else "")
