"""The command line that runs this program again, from source or from the installer's bundle."""

from __future__ import annotations

import sys


def frozen() -> bool:
    """True inside the installer's bundle (PyInstaller), where there is no `python -m`."""
    return bool(getattr(sys, "frozen", False))


def phonghop_command(*args: str) -> list[str]:
    """`phonghop <args>` as a child process: the bundle's own `phonghop` program when frozen
    (sys.executable is that program there), else this Python running the package."""
    if frozen():
        return [sys.executable, *args]
    return [sys.executable, "-m", "phonghop", *args]
