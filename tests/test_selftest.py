"""`phonghop selftest` from source: the same steps the installer's build runs on its bundle."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from phonghop.relaunch import phonghop_command
from phonghop.selftest import Report, StepFailed, _start_server
from tests.support import patience

pytestmark = pytest.mark.slow

STEPS = (
    "Đủ thư viện của chương trình",
    "Máy chủ phòng họp khởi động",
    "Giao diện Qt khởi động",
    "Đăng ký thiết bị kỹ thuật viên và ghế đại biểu",
    "Tạo tài liệu mẫu, mã hóa và đăng lên máy chủ",
    "Ghế đại biểu tải về và giải mã tài liệu",
    "Hiển thị trang 1 của tài liệu",
    "Nạp bản dịch tiếng Anh của giao diện",
    "Máy chủ phòng họp dừng",
)


def test_selftest_passes_every_step_without_a_screen() -> None:
    # No display and no platform chosen: the self-test must pick offscreen itself.
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    done = subprocess.run(phonghop_command("selftest"), capture_output=True, text=True, encoding="utf-8",
                          env=env, timeout=patience(60), stdin=subprocess.DEVNULL)
    lines = done.stdout.splitlines()
    assert done.returncode == 0, done.stdout + done.stderr
    passed = [line for line in lines if line.startswith("✓ ")]
    assert [line[2:].startswith(step) for line, step in zip(passed, STEPS, strict=True)] == [True] * len(STEPS)
    assert "nền tảng offscreen" in done.stdout
    assert "bản giải mã trùng khớp bản gốc" in done.stdout
    assert "“Đang mở tài liệu…” → “Opening document…”" in done.stdout
    assert lines[-1].startswith("Tự kiểm tra đạt")
    assert not any(line.startswith("✗") for line in lines)


def test_a_room_server_that_cannot_start_fails_its_step(tmp_path: Path) -> None:
    # The data folder is a file: the real server process exits at once, and the step says so.
    data = tmp_path / "server"
    data.write_text("not a folder")
    out = io.StringIO()
    report = Report(out)
    with pytest.raises(StepFailed), report.step("Máy chủ phòng họp khởi động"):
        _start_server(data, tmp_path / "server.log")
    assert out.getvalue().startswith("✗ Máy chủ phòng họp khởi động: RuntimeError: máy chủ dừng ngay khi khởi động (mã thoát 1)")
    assert "FileExistsError" in (tmp_path / "server.log").read_text("utf-8")


def test_from_source_the_program_runs_itself_through_python() -> None:
    assert phonghop_command("server", "--port", "0") == [sys.executable, "-m", "phonghop", "server", "--port", "0"]
