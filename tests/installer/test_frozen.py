"""The installer's bundle, built and self-tested: minutes of work, so only on demand.

    .venv/bin/python -m pytest -m installer tests/installer

Needs PyInstaller (`pip install -e .[installer]`); builds into a temporary folder, never dist/.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.installer, pytest.mark.timeout(1800)]

ROOT = Path(__file__).resolve().parents[2]


def test_the_bundle_passes_its_selftest(tmp_path: Path) -> None:
    pytest.importorskip("PyInstaller", reason="pip install -e .[installer]")
    dist, work = tmp_path / "dist", tmp_path / "build"
    built = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--distpath", str(dist), "--workpath", str(work),
         str(ROOT / "build_installer.spec")],
        cwd=ROOT, capture_output=True, text=True, timeout=1500,
    )
    assert built.returncode == 0, built.stderr[-4000:]
    program = dist / "phonghop" / ("phonghop.exe" if sys.platform == "win32" else "phonghop")
    assert program.is_file()
    # Run from elsewhere, with no way back to the source tree: everything must come from the bundle.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    done = subprocess.run([str(program), "selftest"], cwd=tmp_path, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=120, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "bản cài đặt" in done.stdout.splitlines()[0]
    assert done.stdout.splitlines()[-1].startswith("Tự kiểm tra đạt")
