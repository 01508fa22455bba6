"""`phonghop rehearse` against a real room server: the whole sitting with 20 simulated seats, and
the server stopped in the middle of it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.storage.replica import Replica
from sync.client.connection import Connection
from sync.client.device import open_device
from sync.client.status import Backoff
from tests.support import ServerProcess, patience, wait_until

pytestmark = pytest.mark.slow

PASSPHRASE = "diễn tập 2026"
ENV = {**os.environ, "PHONGHOP_PASSPHRASE": PASSPHRASE}
FIGURES = {"connect", "checkin_ack", "document_fetch", "speak_ack", "vote_open", "ballot_ack", "close_result",
           "reconnect_storm"}


def technician_device(server: ServerProcess, tmp: Path) -> Path:
    device = tmp / "technician"
    enrolled = subprocess.run([sys.executable, "-m", "phonghop", "enroll", server.card("technician")["link"],
                               "--data", str(device), "--name", "Máy kỹ thuật"], capture_output=True, text=True,
                              env=ENV, timeout=patience(60), stdin=subprocess.DEVNULL)
    assert enrolled.returncode == 0, enrolled.stdout + enrolled.stderr
    return device


def rehearse(device: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "phonghop", "rehearse", "--device", str(device), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=ENV,
                            stdin=subprocess.DEVNULL)


async def test_twenty_seats_sit_through_a_rehearsal_and_leave_no_device_behind(server: ServerProcess,
                                                                               tmp_path: Path) -> None:
    device = technician_device(server, tmp_path)
    out = tmp_path / "out.json"
    proc = rehearse(device, "--seats", "20", "--reconnect-storm", "--json", str(out))
    stdout, _ = proc.communicate(timeout=patience(90))
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["failures"] == [], stdout
    assert report["skipped"] == []
    figures = {f["figure"]: f for f in report["figures"]}
    assert set(figures) == FIGURES
    for fig in figures.values():
        assert fig["n"] == 20, fig
        assert 0 < fig["p50"] <= fig["p95"] <= fig["p99"] <= fig["max"], fig
    assert figures["ballot_ack"]["target"] == {"p50": 15, "p99": 50}
    assert len(report["per_seat"]) == 20 and all(set(s) == FIGURES | {"seat"} for s in report["per_seat"])
    # The exit code is the verdict the report states, on screen too.
    assert proc.returncode == (0 if report["ok"] else 1), stdout
    assert ("KẾT LUẬN: phòng họp đạt mọi mục tiêu." in stdout) == report["ok"]
    assert "Bỏ phiếu" in stdout and "Lỗi: không có." in stdout

    cleanup = report["cleanup"]
    assert cleanup["purged"] and cleanup["revoked"] == 21 and cleanup["problems"] == []
    # As the server holds it: every device the rehearsal enrolled is revoked, its documents purged.
    identity, keys, replica = open_device(device, PASSPHRASE)
    replica.close()
    for log_id in (None, report["meeting_id"]):
        connection = Connection(identity, keys, Replica(tmp_path / f"check-{log_id}.db"),
                                backoff=Backoff(base_s=0.05, cap_s=0.5), log_id=log_id)
        connection.start()
        try:
            await wait_until(lambda c=connection: c.status.kind == "online" and c.head_seq is not None  # type: ignore[misc]
                             and c.state.seq >= c.head_seq, what=f"log {log_id}")
            state = connection.state
            if log_id is None:
                rehearsal = [d for d in state.devices.values() if d.meeting_id == report["meeting_id"]]  # type: ignore[union-attr]
                assert len(rehearsal) == 21 and all(d.revoked for d in rehearsal)
                assert not any(d.revoked for d in state.devices.values() if d.meeting_id != report["meeting_id"])  # type: ignore[union-attr]
            else:
                assert state.purged_at is not None  # type: ignore[union-attr]
        finally:
            await connection.stop()
            connection.replica.close()


def test_a_server_stopped_mid_run_is_reported_seat_by_seat(server: ServerProcess, tmp_path: Path) -> None:
    device = technician_device(server, tmp_path)
    out = tmp_path / "out.json"
    proc = rehearse(device, "--seats", "20", "--timeout", "4", "--json", str(out))
    assert proc.stdout is not None
    lines = []
    deadline = time.monotonic() + patience(60)
    for line in proc.stdout:
        lines.append(line)
        if line.startswith("Tải tài liệu"):  # seats connected and checked in: now the room goes dark
            server.kill9()
            break
        assert time.monotonic() < deadline, "".join(lines)
    stdout = "".join(lines) + proc.communicate(timeout=patience(90))[0]
    assert proc.returncode == 1, stdout
    assert "Traceback" not in stdout
    report = json.loads(out.read_text(encoding="utf-8"))
    assert not report["ok"]
    failed = {f["seat"] for f in report["failures"] if f["phase"] == "Tải tài liệu"}
    assert failed == {f"DT{i:03d}" for i in range(1, 21)}, report["failures"]
    assert all(f["cause"] for f in report["failures"])
    assert report["skipped"], stdout  # the steps after it did not run against a dead room
    assert "CHƯA ĐẠT" in stdout and "không tải được tài liệu" in stdout
    assert report["cleanup"]["problems"], "the cleanup could not reach the server and says so"
