"""The `phonghop` command as a person runs it: demo, enroll, follow."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support import ServerProcess, patience

pytestmark = pytest.mark.slow


def run(*args: str, env: dict[str, str] | None = None, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "phonghop", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=patience(timeout), stdin=subprocess.DEVNULL)


def read_until(proc: subprocess.Popen[str], needle: str, timeout: float = 30) -> list[str]:
    assert proc.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + patience(timeout)
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        if needle in line:
            return lines
    raise AssertionError(f"{needle!r} not seen in {lines}")


def without_screen() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}


def test_demo_without_a_screen_narrates_the_meeting_and_stops_with_its_server(tmp_path: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "phonghop", "demo", "--data", str(tmp_path)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=without_screen())
    try:
        lines = read_until(proc, "(3/85)", timeout=60)
        text = "".join(lines)
        assert "Kỳ họp thứ nhất Hội đồng nhân dân tỉnh Ninh Bình" in text
        assert "Đã đăng tài liệu (mã hóa): Báo cáo tổng hợp ý kiến, kiến nghị của cử tri" in text
        assert "Chủ tọa chuyển sang nội dung: Khai mạc kỳ họp" in text
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=patience(15)) == 0
    finally:
        proc.kill()
    leftover = subprocess.run(["pgrep", "-f", str(tmp_path / "server")], capture_output=True, text=True)
    assert leftover.stdout.strip() == ""


def test_enroll_keeps_the_keys_under_a_passphrase_and_follow_connects(server: ServerProcess, tmp_path: Path) -> None:
    device = tmp_path / "seat"
    link = server.card("delegate", "db-015")["link"]
    env = {"PHONGHOP_PASSPHRASE": "mật khẩu ghế A05"}
    first = run("enroll", link, "--data", str(device), "--name", "Ghế A05", env=env)
    assert first.returncode == 0, first.stderr
    assert "Đã đăng ký thiết bị dev-" in first.stdout and "(delegate, ghế" in first.stdout
    [key_file] = list((device / "keys").glob("device-*.key"))
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert b"PRIVATE" not in key_file.read_bytes()

    again = run("enroll", link, "--data", str(device), env=env)
    assert again.returncode == 2 and "[conflict]" in again.stdout

    wrong = run("follow", "--data", str(device), env={"PHONGHOP_PASSPHRASE": "sai"})
    assert wrong.returncode == 2 and "Mật khẩu thiết bị không đúng" in wrong.stdout

    proc = subprocess.Popen([sys.executable, "-m", "phonghop", "follow", "--data", str(device)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, **env})
    try:
        read_until(proc, "[Đã kết nối]")
    finally:
        proc.terminate()
        proc.wait(timeout=patience(10))
    logs = (server.stderr_path.read_text())
    assert "mật khẩu" not in logs and "PRIVATE" not in logs


def test_json_logging_writes_one_object_per_line_and_no_secrets(tmp_path: Path) -> None:
    import json

    proc = ServerProcess(tmp_path / "room")
    proc.start()
    try:
        card = proc.card("delegate", "db-016")
        code = card["link"].split("code=")[1].split("&")[0]
        assert run("enroll", card["link"], "--data", str(tmp_path / "seat"), env={"PHONGHOP_PASSPHRASE": "x"}).returncode == 0
    finally:
        proc.terminate()
    # The plain-text run above; now the same server in JSON.
    json_proc = subprocess.Popen([sys.executable, "-m", "phonghop", "server", "--data", str(tmp_path / "room"),
                                  "--port", "0", "--json-logging"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert json_proc.stdout is not None
        listening = json.loads(json_proc.stdout.readline())
        assert listening["event"] == "listening"
    finally:
        json_proc.send_signal(signal.SIGTERM)
        _, err = json_proc.communicate(timeout=patience(10))
    records = [json.loads(line) for line in err.splitlines() if line.strip()]
    assert records and all({"at", "level", "logger", "message"} <= set(r) for r in records)
    assert any(r["message"] == "stopped cleanly" for r in records)
    everything = proc.stderr_path.read_text() + err
    assert code not in everything and code.replace("-", "") not in everything


def test_demo_opens_the_seat_window_with_the_encrypted_documents(tmp_path: Path) -> None:
    shot = tmp_path / "seat.png"
    env = {**without_screen(), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-m", "phonghop", "demo", "--data", str(tmp_path / "demo"),
                           "--snapshot", str(shot)], capture_output=True, text=True, env=env,
                          timeout=patience(150))
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Đã dừng chạy thử." in done.stdout
    from PySide6.QtGui import QImage

    image = QImage(str(shot))
    assert image.width() >= 1000 and image.height() >= 600
    # The seat decrypted and rendered a page: the reader area is not blank.
    colours = {image.pixel(x, y) for x in range(700, 1300, 7) for y in range(350, 800, 7)}
    assert len(colours) > 20
    leftover = subprocess.run(["pgrep", "-f", str(tmp_path / "demo" / "server")], capture_output=True, text=True)
    assert leftover.stdout.strip() == ""
    # The delegate's seat keeps the documents encrypted at rest.
    blobs = [p for p in (tmp_path / "demo" / "devices").rglob("blobs/*/*") if p.is_file()]
    assert len(blobs) >= 5 and not any(p.read_bytes().startswith(b"%PDF") for p in blobs)
