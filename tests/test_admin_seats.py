"""`phonghop admin seats` as subprocesses against a real room server: the hall is drawn over the
demo's seats only when forced, groups are seated by block in name order, refusals send nothing,
and the printed map holds the seats and the names."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pymupdf
import pytest

from app.demo import DEMO_MEETING_ID
from app.keys import DeviceKeys
from app.model import MeetingState
from app.seat_plan import block_of, name_order_key
from app.storage.replica import Replica
from sync.client.connection import Connection
from sync.client.device import open_device
from sync.client.enroll import Identity
from sync.client.status import Backoff
from tests.support import ServerProcess, patience, wait_until

pytestmark = pytest.mark.slow

PASSPHRASE = "mật khẩu kỹ thuật viên"
MEETING = "nb-so-do"


def phonghop(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PHONGHOP_PASSPHRASE": PASSPHRASE}
    return subprocess.run([sys.executable, "-m", "phonghop", *args], capture_output=True, text=True, env=env,
                          timeout=patience(90), stdin=subprocess.DEVNULL)


@dataclass
class Room:
    server: ServerProcess
    device: Path
    identity: Identity
    keys: DeviceKeys
    scratch: Path

    async def seats(self, action: str, *args: str, meeting: str = MEETING) -> subprocess.CompletedProcess[str]:
        return await asyncio.to_thread(phonghop, "admin", "seats", action, "--device", str(self.device),
                                       "--meeting", meeting, *args)

    async def meeting(self, meeting_id: str = MEETING) -> MeetingState:
        """The meeting's log as the server holds it now, read by the same technician device."""
        replica = Replica(self.scratch / f"{uuid.uuid4().hex}.db")
        connection = Connection(self.identity, self.keys, replica, backoff=Backoff(base_s=0.05, cap_s=0.5),
                                log_id=meeting_id)
        connection.start()
        try:
            await wait_until(lambda: connection.status.kind == "online" and connection.head_seq is not None
                             and connection.state.seq >= connection.head_seq, what="meeting synced")
            state = connection.state
            assert isinstance(state, MeetingState)
            return state
        finally:
            await connection.stop()
            replica.close()


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Room]:
    tmp = tmp_path_factory.mktemp("seats")
    server = ServerProcess(tmp / "room")
    server.start()
    try:
        device = tmp / "technician"
        enrolled = phonghop("enroll", server.card("technician")["link"], "--data", str(device), "--name", "Máy kỹ thuật")
        assert enrolled.returncode == 0, enrolled.stdout + enrolled.stderr
        copied = phonghop("admin", "meeting", "duplicate", "--device", str(device), "--from", DEMO_MEETING_ID,
                          "--title", "Kỳ họp thứ hai", "--date", "2027-07-10", "--meeting-id", MEETING)
        assert copied.returncode == 0, copied.stdout + copied.stderr
        identity, keys, replica = open_device(device, PASSPHRASE)
        replica.close()
        (tmp / "logs").mkdir()
        yield Room(server, device, identity, keys, tmp / "logs")
    finally:
        server.kill9()


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


async def test_plan_refuses_to_drop_seated_delegates_unless_forced(room: Room) -> None:
    before = await room.meeting()
    assert len(before.seats) == 85 and before.seats["CT-1"].delegate_id == "db-001"
    hall = ("--blocks", "A:4x8, B:4x8, C:4x8", "--presidium", "7")
    preview, refused = await asyncio.gather(room.seats("plan", *hall), room.seats("plan", *hall, "--apply"))
    for result in (preview, refused):
        assert result.returncode == 1, result.stdout + result.stderr
        assert "Sơ đồ mới: Đoàn Chủ tọa 7 ghế; khối A 4 hàng × 8 ghế" in result.stdout
        assert "thêm 100 ghế, sửa 3 ghế, xóa 82 ghế, giữ nguyên 0 ghế" in result.stdout
        assert "Sơ đồ mới bỏ 82 ghế đang có đại biểu" in result.stdout
        assert "thêm --force để vẫn vẽ lại. [seat_taken]" in result.stdout
    assert (await room.meeting()).seq == before.seq

    forced = ok(await room.seats("plan", *hall, "--apply", "--force"))
    assert "Đã gửi 185 thay đổi, máy chủ nhận 185." in forced
    after = await room.meeting()
    assert len(after.seats) == 103
    assert {s.seat_id for s in after.seats.values() if s.zone == "presidium"} == {f"CT-{n}" for n in range(1, 8)}
    assert [s.label for s in sorted(after.seats.values(), key=lambda s: (s.row, s.col)) if block_of(s) == "A"][:9] == [
        "A-01", "A-02", "A-03", "A-04", "A-05", "A-06", "A-07", "A-08", "A-09"]
    # The presidium seats the plan kept keep their delegates: the chair is still in CT-1.
    assert after.seats["CT-1"].delegate_id == "db-001"
    assert sum(1 for s in after.seats.values() if s.delegate_id) == 3

    again = ok(await room.seats("plan", *hall, "--apply"))
    assert "Hội trường đã đúng như vậy: không có gì cần thay đổi." in again
    assert (await room.meeting()).seq == after.seq


async def test_assign_a_group_then_all_and_print(room: Room) -> None:
    state = await room.meeting()
    if len(state.seats) != 103:  # run alone: draw the hall first
        ok(await room.seats("plan", "--blocks", "A:4x8,B:4x8,C:4x8", "--presidium", "7", "--apply", "--force"))
        state = await room.meeting()
    group_1 = sorted((d for d in state.delegates.values() if d.group_id == "to-01" and state.seat_of(d.delegate_id)
                      is None), key=lambda d: name_order_key(d.name))

    preview = ok(await room.seats("assign", "--group", "Tổ 1", "--block", "B"))
    assert f"  B-01     {group_1[0].name}\n" in preview and "Chưa gửi gì." in preview
    assert (await room.meeting()).seq == state.seq

    unknown, no_block, both, small = await asyncio.gather(
        room.seats("assign", "--group", "Tổ 99", "--block", "A"),
        room.seats("assign", "--group", "Tổ 1", "--block", "Z", "--apply"),
        room.seats("assign", "--all", "--group", "1"),
        room.seats("assign", "--group", "1", "--block", "A", "--apply", meeting=DEMO_MEETING_ID),
    )
    assert unknown.returncode == 2 and "Lỗi: Không có tổ «Tổ 99» trong kỳ họp" in unknown.stderr
    assert no_block.returncode == 2 and "Không có khối Z trong hội trường (có: A, B, C). [not_found]" in no_block.stderr
    assert both.returncode == 2 and "Dùng --all hoặc --group với --block" in both.stderr
    # The demo's hall has no blocks drawn by a plan: its seats are named A01, not A-01.
    assert small.returncode == 2 and "Không có khối A trong hội trường" in small.stderr, small.stderr
    assert (await room.meeting()).seq == state.seq

    ok(await room.seats("assign", "--group", "Tổ 1", "--block", "B", "--apply"))
    seated = await room.meeting()
    in_b = [seated.seats[f"B-{n:02d}"].delegate_id for n in range(1, len(group_1) + 1)]
    assert in_b == [d.delegate_id for d in group_1]

    everyone = ok(await room.seats("assign", "--all", "--presidium", "--apply"))
    assert "máy chủ nhận" in everyone
    full = await room.meeting()
    assert all(full.seat_of(d) is not None for d in full.delegates)
    secretary = next(d for d in full.delegates.values() if "secretary" in d.roles)
    assert full.seat_of(secretary.delegate_id).zone == "presidium"  # type: ignore[union-attr]
    assert full.seats["CT-1"].delegate_id == "db-001"
    assert "không có gì cần thay đổi" in ok(await room.seats("assign", "--all", "--presidium", "--apply"))

    out = room.scratch / "so-do.pdf"
    printed = ok(await room.seats("print", "--out", str(out)))
    assert f"Đã in sơ đồ chỗ ngồi (103 ghế, khổ A4 ngang) vào {out}." in printed
    doc = pymupdf.open(out)
    assert doc.page_count == 1 and doc[0].rect.width > doc[0].rect.height
    text = doc[0].get_text()
    assert "ĐOÀN CHỦ TỌA" in text and "KHỐI C" in text and "Kỳ họp thứ hai" in text and "10/07/2027" in text
    assert "CT-1" in text and "Khiêm" in text and "Tổng số ghế: 103 · Đã xếp đại biểu: 85" in text
