"""`phonghop admin delegates`: import a delegate list (CSV or .xlsx) into a meeting.

    phonghop admin delegates --device DIR --file PATH [--meeting ID] [--apply]

DIR is the technician's device folder (`phonghop enroll LINK --data DIR`). Without --apply it
prints what each row would do and the errors, and sends nothing: exit 0, or 1 if the file has
errors. With --apply it sends the `delegate.add` / `delegate.update` commands (and, for a file
with a «Tình trạng» column, the `meeting.update` that makes N follow the mandates) through the device and reports what the server accepted: exit 0, or 1
if anything was refused. Exit 2: the device, the file or the server could not be used.
PHONGHOP_PASSPHRASE unlocks a passphrase key store.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.delegate_import import DelegateTable, ImportPreview
    from sync.client.connection import Connection

KIND_LABELS = {"add": "thêm", "update": "sửa", "unchanged": "giữ nguyên", "skip": "bỏ qua"}
_MEETING_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def add_commands(steps: Any) -> None:
    cmd = steps.add_parser("delegates", help="nhập danh sách đại biểu từ tệp CSV hoặc Excel (.xlsx)")
    cmd.add_argument("--device", required=True, help="thư mục thiết bị kỹ thuật viên đã đăng ký (phonghop enroll)")
    cmd.add_argument("--file", required=True, help="tệp danh sách đại biểu: .csv (UTF-8 hoặc Windows-1258) hoặc .xlsx")
    cmd.add_argument("--meeting", help="mã kỳ họp (mặc định: kỳ họp duy nhất trên máy chủ)")
    cmd.add_argument("--apply", action="store_true", help="gửi các thay đổi lên máy chủ (mặc định: chỉ xem trước)")
    cmd.add_argument("--timeout", type=float, default=30.0, help="số giây chờ máy chủ")
    cmd.add_argument("--json-logging", action="store_true")
    cmd.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    from app.delegate_import import read_table
    from app.errors import DomainError

    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        print(f"Lỗi: không đọc được tệp {path}: {exc.strerror or exc}. [no_file]", file=sys.stderr)
        return 2
    table = read_table(path.name, data)
    if table.errors:  # nothing in the file can be trusted: no need to ask the server
        for error in table.errors:
            print(f"{error.message} [{error.code}]")
        return 1
    try:
        return asyncio.run(_import(args, table))
    except DomainError as exc:
        print(f"Lỗi: {exc.message} [{exc.code}]", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


async def _import(args: argparse.Namespace, table: DelegateTable) -> int:
    from app.delegate_import import commands, preview
    from app.errors import DomainError
    from app.model import TECHNICIAN, meeting_or_empty
    from app.storage.replica import Replica
    from phonghop.cli import _passphrase
    from sync.client.connection import Connection
    from sync.client.device import open_device

    device = Path(args.device)
    identity, keys, server_replica = open_device(device, _passphrase())
    opened: list[Connection] = []
    replicas = [server_replica]
    try:
        if identity.role != TECHNICIAN:
            raise DomainError("forbidden", "Thiết bị này không phải máy kỹ thuật viên; chỉ kỹ thuật viên được "
                                           "nhập danh sách đại biểu.")
        meeting_id = args.meeting or identity.meeting_id
        if meeting_id is None:
            # The technician's replica.db follows the server's own log (as `phonghop follow`).
            server = Connection(identity, keys, server_replica, log_id=None)
            opened.append(server)
            await _caught_up(server, args.timeout)
            meetings = sorted(getattr(server.state, "meetings", {}))
            if len(meetings) != 1:
                raise DomainError("bad_request", f"Máy chủ có {len(meetings)} kỳ họp ({', '.join(meetings) or 'không có'});"
                                                 " chọn kỳ họp bằng --meeting.")
            meeting_id = meetings[0]
        if not _MEETING_ID.match(meeting_id):
            raise DomainError("bad_request", f"Mã kỳ họp «{meeting_id}» không hợp lệ.")
        replicas.append(Replica(device / f"meeting-{meeting_id}.db"))
        meeting = Connection(identity, keys, replicas[-1], log_id=meeting_id)
        opened.append(meeting)
        await _caught_up(meeting, args.timeout)
        state = meeting_or_empty(meeting.state)
        result = preview(table, state)
        print(f"Kỳ họp {meeting_id}: {len(state.delegates)} đại biểu.")
        for line in describe(result):
            print(line)
        if not result.ok:
            return 1
        if not args.apply:
            print("Chưa gửi gì. Chạy lại với --apply để áp dụng." if commands(result) else "Không có gì cần thay đổi.")
            return 0
        return await _apply(meeting, result, args.timeout)
    finally:
        for connection in opened:
            await connection.stop()
        for replica in replicas:
            replica.close()


async def _caught_up(conn: Connection, timeout: float) -> None:
    """Online, holding the log up to the head it was welcomed with, and no command of an
    earlier run left unanswered (its effect must be in the state the preview reads)."""
    from app.errors import DomainError

    conn.start()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not (conn.status.kind == "online" and conn.head_seq is not None and conn.state.seq >= conn.head_seq
               and not conn.replica.pending()):
        if conn.status.kind == "refused" and conn.status.error is not None:
            raise conn.status.error
        if loop.time() > deadline:
            raise DomainError("unavailable", f"Không kết nối được máy chủ phòng họp {conn.identity.url} "
                                             f"sau {timeout:g} giây.")
        await asyncio.sleep(0.05)


async def _apply(meeting: Connection, result: ImportPreview, timeout: float) -> int:
    """Every command goes into the outbox first (in row order), then the answers are awaited."""
    from app.delegate_import import commands

    to_send = commands(result)
    rows: list[int | None] = [a.row for a in result.actions if a.kind in ("add", "update")] + [None] * (
        len(to_send) - sum(a.kind in ("add", "update") for a in result.actions))
    ids = [await meeting.submit(name, args) for name, args in to_send]
    done = {"delegate.add": 0, "delegate.update": 0, "meeting.update": 0}
    refused = 0
    for (name, _), row, command_id in zip(to_send, rows, ids, strict=True):
        answer = await meeting.answer(command_id, timeout)
        if answer.get("type") == "ack":
            done[name] += 1
        else:
            refused += 1
            where = f"Dòng {row}" if row is not None else "Tổng số đại biểu HĐND (N)"
            print(f"{where}: máy chủ từ chối: {answer.get('message')} [{answer.get('code')}]")
    from app.model import meeting_or_empty

    summary = f"Đã thêm {done['delegate.add']} và sửa {done['delegate.update']} đại biểu"
    after = meeting_or_empty(meeting.state).meeting
    if after is not None and result.n_total is not None and after.n_total != result.n_total[0]:
        summary += f"; Tổng số đại biểu HĐND (N) đã đổi từ {result.n_total[0]} thành {after.n_total}"
    if done["meeting.update"] and after is not None and after.n_from_mandates:
        summary += "; từ nay N tính theo danh sách đại biểu"
    print(summary + (f"; {refused} thay đổi bị từ chối." if refused else "."))
    return 1 if refused else 0


def describe(result: ImportPreview) -> list[str]:
    """The preview for a terminal: rows that change something, then errors, notes, the
    delegates the file does not name, N, and a one-line summary."""
    lines = [f"Tệp {result.table.filename}: {result.table.describe()}; {len(result.table.rows)} dòng đại biểu."]
    shown = [a for a in result.actions if a.kind != "unchanged"]
    if shown:
        lines += ["", f"{'Dòng':>5}  {'Thao tác':<10}  {'Đại biểu':<28}  {'Tổ đại biểu':<30}  Thay đổi"]
        for a in shown:
            detail = "; ".join(f"{c.label}: {c.old or '(trống)'} → {c.new or '(trống)'}" for c in a.changes) or a.note
            who = a.name + (f" ({a.delegate_id})" if a.delegate_id else "")
            lines.append(f"{a.row:>5}  {KIND_LABELS[a.kind]:<10}  {who:<28}  {a.group_name:<30}  {detail}".rstrip())
    if result.errors:
        lines += ["", f"Lỗi ({len(result.errors)}):"] + [f"  {e.message} [{e.code}]" for e in result.errors]
    if result.warnings:
        lines += ["", "Lưu ý:"] + [f"  {w.message}" for w in result.warnings]
    if result.missing:
        lines += ["", f"Không có trong tệp ({len(result.missing)}, giữ nguyên, không xóa):"]
        lines += [f"  {d.delegate_id}  {d.name} ({d.group_name})" for d in result.missing]
    if result.n_total is not None:
        lines += ["", f"Tổng số đại biểu HĐND (N): {result.n_total[0]} → {result.n_total[1]}."]
    if result.follow_mandates:
        lines += ["", "Từ nay Tổng số đại biểu HĐND (N) tính theo danh sách: số đại biểu chưa thôi nhiệm vụ "
                      "(cả người đang bị tạm đình chỉ)."]
    counts = ", ".join(f"{label} {result.count(kind)}" for kind, label in KIND_LABELS.items())
    lines += ["", f"Tóm tắt: {counts}; {len(result.errors)} lỗi."]
    if result.errors:
        lines.append("Tệp còn lỗi: sửa tệp rồi chạy lại; chưa có thay đổi nào được gửi.")
    return lines
