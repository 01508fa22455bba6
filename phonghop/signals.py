"""A stop event set by SIGTERM or Ctrl+C, so programs end by their own clean path."""

from __future__ import annotations

import asyncio
import signal


def stop_event() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    return stop
